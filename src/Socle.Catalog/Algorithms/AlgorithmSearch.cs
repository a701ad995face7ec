using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Catalog.Algorithms;

public sealed record AlgorithmQuery
{
    /// <summary>The query-string parameters of a register search that are not facet filters (see <see cref="FacetFilters"/>).</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string> { "q", "page", "page_size", "sort", "lang" };

    public string? Q { get; init; }
    /// <summary>Facet → accepted values (OR within a facet, AND across facets): "organization" and the profile's facets.</summary>
    public IReadOnlyDictionary<string, string[]> Filters { get; init; } = new Dictionary<string, string[]>();
    /// <summary>relevance, name, -name, -updated, updated, -created, created.</summary>
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    /// <summary>Up to 1,000; 0 with <see cref="All"/> for an export.</summary>
    public int PageSize { get; init; } = 20;
    /// <summary>Every match on one page: what the CSV and JSON exports stream.</summary>
    public bool All { get; init; }
}

public sealed record AlgorithmHit(Algorithm Algorithm, string NameHtml, string? Snippet, int Score);

public sealed record AlgorithmResult(int Total, int Page, int PageSize, IReadOnlyList<AlgorithmHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string Sort);

/// <summary>
/// Searches the published entries of the register. A register holds hundreds of entries, not millions, so matching,
/// filtering, facet counts and ordering run in memory over <see cref="AlgorithmSnapshot"/> — the terms analysed when
/// each entry was written, scored with the dataset search's weights (<see cref="SearchService.TitleWeight"/> and the
/// others) — and only the page's entries are read from the database: the same answers on SQLite and PostgreSQL.
/// </summary>
public sealed class AlgorithmSearch(CatalogDb db, CatalogSettings settings, AlgorithmSnapshot snapshot)
{
    public const string OrganizationFacet = "organization";
    public static readonly string[] Sorts = ["relevance", "name", "-name", "-updated", "updated", "-created", "created"];

    /// <summary>The facets a query may filter on: the organisation, then the profile's facet fields.</summary>
    public IReadOnlyList<string> FacetNames => [OrganizationFacet, .. settings.AlgorithmProfile.FacetFields.Select(f => f.Key)];

    public async Task<AlgorithmResult> SearchAsync(AlgorithmQuery query, CancellationToken ct = default)
    {
        var terms = string.IsNullOrWhiteSpace(query.Q) ? [] : TextAnalyzer.Shared.Query(query.Q);
        var sort = query.Sort ?? (terms.Count > 0 ? "relevance" : "name");
        if (!Sorts.Contains(sort)) throw CatalogException.Invalid("sort", "not-in-list", sort, string.Join(", ", Sorts));
        if (query.Page < 1) throw CatalogException.Invalid("page", "out-of-range", 1);
        if (!query.All && query.PageSize is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        var facetNames = FacetNames;
        foreach (var facet in query.Filters.Keys)
            if (!facetNames.Contains(facet)) throw CatalogException.Invalid(facet, "unknown-facet");
        var filters = query.Filters.Where(f => f.Value.Length > 0).ToList();

        var state = await snapshot.CurrentAsync(db, ct);
        var hits = new List<(AlgorithmSnapshot.Entry Entry, int Score)>();
        if (string.IsNullOrWhiteSpace(query.Q) || terms.Count > 0) // a query of stop words only matches nothing
            foreach (var e in state.Entries)
            {
                var score = Score(e, terms);
                if (score >= 0 && filters.All(f => e.Facets.Any(v => v.Facet == f.Key && f.Value.Contains(v.Value)))) hits.Add((e, score));
            }

        var facetCounts = new Dictionary<string, IReadOnlyList<FacetValue>>();
        foreach (var group in hits.SelectMany(h => h.Entry.Facets).GroupBy(f => f.Facet))
            facetCounts[group.Key] = [.. group.GroupBy(f => f.Value).Select(g => new FacetValue(g.Key, g.Count()))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];

        IEnumerable<(AlgorithmSnapshot.Entry Entry, int Score)> ordered = sort switch
        {
            "relevance" => hits.OrderByDescending(h => h.Score).ThenBy(h => h.Entry.Name, StringComparer.Ordinal),
            "name" => hits.OrderBy(h => h.Entry.Name, StringComparer.Ordinal),
            "-name" => hits.OrderByDescending(h => h.Entry.Name, StringComparer.Ordinal),
            "-updated" => hits.OrderByDescending(h => h.Entry.Updated),
            "updated" => hits.OrderBy(h => h.Entry.Updated),
            "-created" => hits.OrderByDescending(h => h.Entry.Created),
            _ => hits.OrderBy(h => h.Entry.Created),
        };
        var page = (query.All ? ordered : ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)).ToList();
        var keys = page.Select(h => h.Entry.Key).ToList();
        var rows = new Dictionary<long, Algorithm>();
        foreach (var batch in keys.Chunk(500))
            foreach (var a in await db.Algorithms.AsNoTracking().Include(a => a.Organization).Where(a => batch.Contains(a.Key)).ToListAsync(ct))
                rows[a.Key] = a;
        var result = page.Where(h => rows.ContainsKey(h.Entry.Key)).Select(h =>
        {
            var a = rows[h.Entry.Key];
            return new AlgorithmHit(a,
                terms.Count > 0 ? SnippetBuilder.Highlight(a.Name, terms) : System.Net.WebUtility.HtmlEncode(a.Name),
                terms.Count > 0 ? SnippetBuilder.Snippet(MarkdownText.ToPlainText(a.Description), terms) : null, h.Score);
        }).ToList();
        return new AlgorithmResult(hits.Count, query.All ? 1 : query.Page, query.All ? hits.Count : query.PageSize, result, facetCounts, sort);
    }

    /// <summary>
    /// Relevance as for datasets: per query word, <see cref="SearchService.TitleWeight"/> if in the name, plus
    /// <see cref="SearchService.KeywordWeight"/> if in the organisation and vocabulary labels, otherwise
    /// <see cref="SearchService.TextWeight"/> if in the rest; -1 when a word is nowhere. 0 with no query.
    /// </summary>
    private static int Score(AlgorithmSnapshot.Entry e, IReadOnlyList<QueryTerm> terms)
    {
        var score = 0;
        foreach (var t in terms)
        {
            var zones = Zones(e, t);
            if (zones == 0) return -1;
            var word = ((zones & AlgorithmSnapshot.Zone.Title) != 0 ? SearchService.TitleWeight : 0)
                       + ((zones & AlgorithmSnapshot.Zone.Keywords) != 0 ? SearchService.KeywordWeight : 0);
            score += word == 0 ? SearchService.TextWeight : word;
        }
        return score;
    }

    /// <summary>The zones of the entry holding the query word: its exact terms, or every term it begins when it is a prefix.</summary>
    private static AlgorithmSnapshot.Zone Zones(AlgorithmSnapshot.Entry e, QueryTerm t)
    {
        AlgorithmSnapshot.Zone zones = 0;
        foreach (var alt in t.Alternatives)
        {
            var i = Array.BinarySearch(e.Terms, alt, StringComparer.Ordinal);
            if (!t.Prefix)
            {
                if (i >= 0) zones |= e.Zones[i];
                continue;
            }
            for (i = i >= 0 ? i : ~i; i < e.Terms.Length && e.Terms[i].StartsWith(alt, StringComparison.Ordinal); i++)
                zones |= e.Zones[i];
        }
        return zones;
    }
}
