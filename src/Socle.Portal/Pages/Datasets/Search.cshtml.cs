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
    /// <summary>Values of a facet shown before "show more".</summary>
    internal const int VisibleValues = 6;

    internal sealed record FacetOption(string Value, string Label, int? Count, bool Checked);
    internal sealed record FacetGroup(string Key, string Title, IReadOnlyList<FacetOption> Visible, IReadOnlyList<FacetOption> More);
    internal sealed record ActiveFilter(string Facet, string Title, string Label, string RemoveUrl);

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

        string Title(string facet) => known.Contains(facet) ? text.Title(facet) : facet;
        Filters = selected.SelectMany(f => f.Value.Select(v => new ActiveFilter(f.Key, Title(f.Key), known.Contains(f.Key) ? text.Label(f.Key, v) : v, Without(f.Key, v))))
            .ToList();

        var groups = new List<FacetGroup>();
        foreach (var key in text.Order(facets.Keys.Union(selected.Where(s => s.Value.Length > 0 && known.Contains(s.Key)).Select(s => s.Key))))
        {
            var ticked = selected.GetValueOrDefault(key) ?? [];
            var values = facets.GetValueOrDefault(key) ?? [];
            var options = values.Select(v => new FacetOption(v.Value, text.Label(key, v.Value), v.Count, ticked.Contains(v.Value))).ToList();
            // A ticked value beyond the counted ones (or in an empty result) still shows, so it can be unticked.
            options.AddRange(ticked.Where(t => values.All(v => v.Value != t)).Select(t => new FacetOption(t, text.Label(key, t), null, true)));
            var visible = options.Take(VisibleValues).Concat(options.Skip(VisibleValues).Where(o => o.Checked)).ToList();
            groups.Add(new FacetGroup(key, Title(key), visible, options.Except(visible).ToList()));
        }
        Facets = groups;
    }

    /// <summary>This search without one filter value (back to the first page).</summary>
    internal string Without(string facet, string value)
    {
        var changes = new Dictionary<string, string?> { ["page"] = null };
        var rest = SearchParameters.Filters(Request.Query).GetValueOrDefault(facet, []).Where(v => v != value).ToArray();
        changes[facet] = rest.Length == 0 ? null : string.Join(',', rest);
        return PortalContext.WithQuery(Request, changes);
    }

    /// <summary>This search without the parameters an error names (what the error's link offers).</summary>
    internal string WithoutErrors() => PortalContext.WithQuery(Request, Errors.Select(e => e.Field).Distinct().ToDictionary(f => f, _ => (string?)null));
}
