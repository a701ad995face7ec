using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Data;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// The dataset search: full text, facet filters, sort and pages, all in the URL (the same query string as
/// <c>/api/1/datasets/</c> and <c>/datasets/search.csv</c>), usable without JavaScript.
/// </summary>
public sealed class SearchModel(SearchService search, CatalogSettings settings, CatalogDb db, PortalContext portal) : PageModel
{
    internal SearchResult? Result { get; private set; }
    internal IReadOnlyList<FieldError> Errors { get; private set; } = [];
    internal string Q => Request.Query["q"].ToString();
    internal string Sort => Result?.Sort ?? Request.Query["sort"].ToString();
    internal IReadOnlyList<FacetGroup> Facets { get; private set; } = [];
    internal IReadOnlyList<ActiveFilter> Filters { get; private set; } = [];
    internal string? PageSizeParam => Request.Query.ContainsKey("page_size") ? Request.Query["page_size"].ToString() : null;

    /// <summary>The sorts offered: those of the API readers need, plus the one in the URL if it is another valid one.</summary>
    internal IEnumerable<string> Sorts()
    {
        var offered = new List<string>();
        if (Q.Trim().Length > 0) offered.Add("relevance");
        offered.AddRange(["-updated", "-quality", "title", "-created"]);
        if (Result is not null && !offered.Contains(Result.Sort)) offered.Add(Result.Sort);
        return offered;
    }

    internal static string SortKey(string sort) => sort == "relevance" ? "portal.search.sort.relevance"
        : sort.StartsWith('-') ? $"portal.search.sort.{sort[1..]}.desc" : $"portal.search.sort.{sort}.asc";

    /// <summary>The same query for the JSON API and the CSV export.</summary>
    internal string JsonUrl => "/api/1/datasets/" + Request.QueryString;
    internal string CsvUrl => "/datasets/search.csv" + Request.QueryString;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var selected = SearchParameters.Filters(Request.Query);
        try
        {
            // Facet lists are computed whole anyway: ask for enough to show a "more" list and every ticked value's count.
            Result = await search.SearchAsync(SearchParameters.Read(Request.Query, facetSize: 50), ct);
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            Errors = e.Errors;
            Response.StatusCode = 400;
        }

        var facets = Result?.Facets ?? new Dictionary<string, IReadOnlyList<FacetValue>>();
        var known = SearchFacets.Fixed.Concat(settings.Profile.FacetFields.Select(f => f.Key)).ToHashSet();
        var text = await FacetText.LoadAsync(db, settings.Profile, portal.Lang,
            facets.SelectMany(f => f.Value.Select(v => (f.Key, v.Value))).Concat(selected.SelectMany(f => f.Value.Select(v => (f.Key, v)))), ct);

        (Facets, Filters) = FacetList.Build(Request, text, known, facets, selected);
    }

    /// <summary>This search without the parameters an error names (what the error's link offers).</summary>
    internal string WithoutErrors() => PortalContext.WithQuery(Request, Errors.Select(e => e.Field).Distinct().ToDictionary(f => f, _ => (string?)null));
}
