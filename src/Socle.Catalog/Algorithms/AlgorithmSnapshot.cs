using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Catalog.Algorithms;

/// <summary>
/// The published entries of the register as the search needs them — term sets, facet values, sort keys, linked
/// datasets (for the dataset pages' "algorithms that use this data") — kept in
/// memory and reloaded only when the register's change counter (<see cref="CatalogState.Algorithms"/>, taken by every
/// write in its transaction) has moved, so a search reads one row before scoring in memory; several processes sharing
/// a PostgreSQL see each other's changes the same way.
/// </summary>
public sealed class AlgorithmSnapshot(CatalogSettings settings)
{
    /// <summary>Where a term of an entry is: in its name, its keywords (organisation, vocabulary labels), the rest.</summary>
    [Flags]
    internal enum Zone : byte { Title = 1, Keywords = 2, Body = 4 }

    /// <summary>An entry: its terms in order (a prefix is a range of them) with the zones each is in, its facet values (each once), sort keys.</summary>
    internal sealed record Entry(long Key, string Name, DateTimeOffset Created, DateTimeOffset Updated,
        string[] Terms, Zone[] Zones, (string Facet, string Value)[] Facets, Guid[] Datasets);

    internal sealed record State(long Generation, IReadOnlyList<Entry> Entries);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile State? _state;

    internal async Task<State> CurrentAsync(CatalogDb db, CancellationToken ct)
    {
        var generation = await GenerationAsync(db, ct);
        if (_state is { } s && s.Generation == generation) return s;
        await _reload.WaitAsync(ct);
        try
        {
            generation = await GenerationAsync(db, ct);
            if (_state is { } again && again.Generation == generation) return again;
            // Read after the counter: a change committed in between only makes this copy newer than its number says.
            var rows = await db.Algorithms.AsNoTracking().Where(a => a.Status == DatasetStatus.Published)
                .Select(a => new { a.Key, a.Name, a.CreatedAt, a.UpdatedAt, a.TitleTerms, a.KeywordTerms, a.BodyTerms, a.Fields, a.DatasetIds, Org = a.Organization!.Slug })
                .ToListAsync(ct);
            var entries = rows.Select(r =>
            {
                var zones = new SortedDictionary<string, Zone>(StringComparer.Ordinal);
                void Add(string terms, Zone zone)
                {
                    foreach (var t in terms.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        zones[t] = zones.GetValueOrDefault(t) | zone;
                }
                Add(r.TitleTerms, Zone.Title);
                Add(r.KeywordTerms, Zone.Keywords);
                Add(r.BodyTerms, Zone.Body);
                return new Entry(r.Key, r.Name, r.CreatedAt, r.UpdatedAt, [.. zones.Keys], [.. zones.Values], [.. Facets(r.Org, r.Fields).Distinct()], [.. r.DatasetIds]);
            }).ToList();
            return _state = new State(generation, entries);
        }
        finally
        {
            _reload.Release();
        }
    }

    private static Task<long> GenerationAsync(CatalogDb db, CancellationToken ct) =>
        db.State.AsNoTracking().Where(s => s.Id == CatalogState.Algorithms).Select(s => s.Generation).FirstOrDefaultAsync(ct);

    /// <summary>The entry's facet values: its organisation, then every profile facet field's values.</summary>
    private IEnumerable<(string, string)> Facets(string org, JsonObject fields)
    {
        yield return (AlgorithmSearch.OrganizationFacet, org);
        foreach (var field in settings.AlgorithmProfile.FacetFields)
        {
            if (!fields.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            foreach (var v in node is JsonArray arr ? arr.Select(n => n?.ToString()) : [node.ToString()])
                if (!string.IsNullOrEmpty(v)) yield return (field.Key, v.ToLowerInvariant() is "true" or "false" ? v.ToLowerInvariant() : v);
        }
    }
}
