namespace Socle.Catalog.Search;

/// <summary>
/// How a search's query string names its facet filters, for the API and the pages alike: every parameter that is not
/// one of the search's own (<see cref="SearchQuery.Parameters"/>, <see cref="Algorithms.AlgorithmQuery.Parameters"/>)
/// is a facet, its values split on commas (OR within a facet, AND across facets).
/// </summary>
public static class FacetFilters
{
    public static Dictionary<string, string[]> Read<TValues>(IEnumerable<KeyValuePair<string, TValues>> query, IReadOnlySet<string> reserved)
        where TValues : IEnumerable<string?> =>
        query.Where(p => !reserved.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value.SelectMany(v => (v ?? "").Split(',')).Where(v => v.Length > 0).Distinct().ToArray());
}
