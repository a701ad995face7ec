using System.Globalization;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Search;
using Socle.Catalog.Services;

namespace Socle.Portal.Discovery;

/// <summary>
/// Reads a search from a query string exactly as <c>GET /api/1/datasets/</c> does (same names, same checks), so the
/// page's URL, its JSON twin and its CSV twin share one query string: q, sort, page, page_size, and every other
/// parameter a facet filter (organization, license, format, tag, territory, frequency, schema, the profile's facets),
/// with repeated parameters or commas meaning OR.
/// </summary>
internal static class SearchParameters
{
    /// <summary>The search the query string asks for; a bad parameter is a <see cref="CatalogException"/> naming it.</summary>
    public static SearchQuery Read(IQueryCollection query, int defaultPageSize = 20, int facetSize = 10)
    {
        var (page, size) = Paging(query, defaultPageSize);
        var sort = query["sort"].ToString();
        return new SearchQuery
        {
            Q = query["q"].ToString(), Filters = Filters(query), Sort = sort.Length == 0 ? null : sort,
            Page = page, PageSize = size, FacetSize = facetSize,
        };
    }

    /// <summary>Facet → accepted values: every parameter that is not reserved, its values split on commas.</summary>
    public static Dictionary<string, string[]> Filters(IQueryCollection query) => FacetFilters.Read(query, SearchQuery.Parameters);

    /// <summary>page (from 1) and page_size (1–1000), refused as the API refuses them.</summary>
    public static (int Page, int PageSize) Paging(IQueryCollection query, int defaultPageSize)
    {
        var page = Int(query, "page") ?? 1;
        var size = Int(query, "page_size") ?? defaultPageSize;
        if (page < 1) throw CatalogException.Invalid("page", "out-of-range", "≥ 1");
        if (size is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        return (page, size);
    }

    private static int? Int(IQueryCollection query, string name)
    {
        var s = query[name].ToString();
        if (s.Length == 0) return null;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw CatalogException.Invalid(name, "wrong-type", "integer");
    }
}
