using Microsoft.AspNetCore.Http;
using Socle.Catalog.Search;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Discovery;

internal sealed record FacetOption(string Value, string Label, int? Count, bool Checked);
internal sealed record FacetGroup(string Key, string Title, IReadOnlyList<FacetOption> Visible, IReadOnlyList<FacetOption> More);
internal sealed record ActiveFilter(string Facet, string Title, string Label, string RemoveUrl);

/// <summary>
/// A listing's facets as its side panel shows them (<c>_SearchFacets</c>): each facet's values with their counts, the
/// ticked ones, the rest behind "show more"; and the filters applied, each with the URL that removes it. The dataset
/// search and the algorithm register build theirs the same way.
/// </summary>
internal static class FacetList
{
    /// <summary>Values of a facet shown before "show more".</summary>
    public const int VisibleValues = 6;

    /// <param name="known">The facets the listing has (any other parameter is shown as written).</param>
    /// <param name="facets">The counted values of the result.</param>
    /// <param name="selected">The filters of the URL, facet → values.</param>
    public static (IReadOnlyList<FacetGroup> Groups, IReadOnlyList<ActiveFilter> Filters) Build(HttpRequest request, FacetText text,
        IReadOnlySet<string> known, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> facets, IReadOnlyDictionary<string, string[]> selected)
    {
        string Title(string facet) => known.Contains(facet) ? text.Title(facet) : facet;
        var filters = selected.SelectMany(f => f.Value.Select(v =>
            new ActiveFilter(f.Key, Title(f.Key), known.Contains(f.Key) ? text.Label(f.Key, v) : v, Without(request, selected, f.Key, v)))).ToList();

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
        return (groups, filters);
    }

    /// <summary>This listing without one filter value (back to the first page).</summary>
    public static string Without(HttpRequest request, IReadOnlyDictionary<string, string[]> selected, string facet, string value)
    {
        var changes = new Dictionary<string, string?> { ["page"] = null };
        var rest = selected.GetValueOrDefault(facet, []).Where(v => v != value).ToArray();
        changes[facet] = rest.Length == 0 ? null : string.Join(',', rest);
        return PortalContext.WithQuery(request, changes);
    }
}
