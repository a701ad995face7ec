using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Algorithms;

/// <summary>
/// The public algorithm register: full text, facet filters, sort and pages, all in the URL — the same query string as
/// <c>/api/1/algorithms/</c> and its CSV twin <c>/api/1/algorithms.csv</c> — usable without JavaScript.
/// </summary>
public sealed class SearchModel(AlgorithmSearch search, CatalogSettings settings, CatalogDb db, PortalContext portal) : PageModel
{
    internal AlgorithmResult? Result { get; private set; }
    internal IReadOnlyList<FieldError> Errors { get; private set; } = [];
    internal string Q => Request.Query["q"].ToString();
    internal IReadOnlyList<FacetGroup> Facets { get; private set; } = [];
    internal IReadOnlyList<ActiveFilter> Filters { get; private set; } = [];
    internal IReadOnlyList<AlgorithmCard> Cards { get; private set; } = [];
    internal string? PageSizeParam => Request.Query.ContainsKey("page_size") ? Request.Query["page_size"].ToString() : null;

    /// <summary>The sort as the URL gives it; empty is the register's default (relevance, or the name without words).</summary>
    internal string Sort => Request.Query["sort"].ToString();

    /// <summary>
    /// The sorts offered. The first is the default, sent empty: a search typed in the box then comes back by relevance
    /// rather than in the order the list had before. The URL's sort is offered too when it is another valid one.
    /// </summary>
    internal IEnumerable<string> Sorts()
    {
        List<string> offered = [Sort == "relevance" ? "relevance" : "", "name", "-name", "-updated", "-created"];
        if (AlgorithmSearch.Sorts.Contains(Sort) && !offered.Contains(Sort)) offered.Add(Sort);
        return offered;
    }

    internal static string SortKey(string sort) => sort is "" or "relevance" ? "portal.algorithms.sort.relevance"
        : sort.StartsWith('-') ? $"portal.algorithms.sort.{sort[1..]}.desc" : $"portal.algorithms.sort.{sort}.asc";

    /// <summary>The same query for the JSON API and the CSV export.</summary>
    internal string JsonUrl => "/api/1/algorithms/" + Request.QueryString;
    internal string CsvUrl => "/api/1/algorithms.csv" + Request.QueryString;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var selected = AlgorithmText.Filters(Request.Query);
        var profile = settings.AlgorithmProfile;
        try
        {
            var (page, size) = SearchParameters.Paging(Request.Query, 20);
            Result = await search.SearchAsync(AlgorithmText.Query(Request.Query, page, size), ct);
            Cards = [.. Result.Hits.Select(h => AlgorithmCard.Of(h, profile, portal.Lang))];
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            Errors = e.Errors;
            Response.StatusCode = 400;
        }

        var facets = Result?.Facets ?? new Dictionary<string, IReadOnlyList<FacetValue>>();
        var known = search.FacetNames.ToHashSet();
        var text = await FacetText.LoadAsync(db, profile, portal.Lang,
            facets.SelectMany(f => f.Value.Select(v => (f.Key, v.Value))).Concat(selected.SelectMany(f => f.Value.Select(v => (f.Key, v)))), ct);
        var (groups, filters) = FacetList.Build(Request, text, known, facets, selected);
        // What readers of the register look for first: who, how automated, what kind, at what stage; then the rest.
        string[] first = [AlgorithmSearch.OrganizationFacet, .. AlgorithmText.KeyFields];
        Facets = [.. groups.OrderBy(g => Array.IndexOf(first, g.Key) is var i && i >= 0 ? i : first.Length)];
        Filters = filters;
    }

    /// <summary>This search without the parameters an error names (what the error's link offers).</summary>
    internal string WithoutErrors() => PortalContext.WithQuery(Request, Errors.Select(e => e.Field).Distinct().ToDictionary(f => f, _ => (string?)null));
}
