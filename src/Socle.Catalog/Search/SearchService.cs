using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Services;
using Socle.Catalog.Text;
using Socle.Storage.Database;

namespace Socle.Catalog.Search;

public sealed record SearchQuery
{
    /// <summary>The query-string parameters of a dataset search that are not facet filters (see <see cref="FacetFilters"/>).</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string> { "q", "page", "page_size", "sort", "facets", "lang", "facet_size" };

    public string? Q { get; init; }
    /// <summary>Facet → accepted values (OR within a facet, AND across facets).</summary>
    public IReadOnlyDictionary<string, string[]> Filters { get; init; } = new Dictionary<string, string[]>();
    /// <summary>relevance, -updated, updated, -quality, quality, title, -title, -created, created.</summary>
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    public bool Facets { get; init; } = true;
    public int FacetSize { get; init; } = 10;
}

public sealed record FacetValue(string Value, int Count);
public sealed record SearchHit(Dataset Dataset, string TitleHtml, string? Snippet, int Score);
public sealed record SearchResult(int Total, int Page, int PageSize, IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string Sort);

/// <summary>
/// Searches published datasets. Matching runs in the database's own full-text index (FTS5 or tsvector) over terms
/// analysed once in C#; everything else — filters, facet counts, relevance, sorting, paging — runs in C# over the
/// <see cref="SearchSnapshot"/>, so SQLite and PostgreSQL return the same datasets in the same order. Relevance:
/// per query word, 4 if it is in the title, plus 2 if in the keywords and vocabulary labels, 1 if in neither (it is
/// then in the rest of the text); ties go to quality, then freshness.
/// </summary>
public sealed class SearchService(CatalogDb db, CatalogSettings settings, SearchSnapshot snapshot)
{
    /// <summary>Relevance points per query word: found in the title, in the keywords and labels, or only in the rest of the text.</summary>
    public const int TitleWeight = 4, KeywordWeight = 2, TextWeight = 1;

    public static readonly string[] Sorts = ["relevance", "-updated", "updated", "-quality", "quality", "title", "-title", "-created", "created"];

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default)
    {
        var (terms, sort, state, hits) = await FindAsync(query, ct);
        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>();
        if (query.Facets && hits.Count > 0)
        {
            var counts = new int[state.Values.Count];
            foreach (var (e, _) in hits)
                foreach (var v in e.Values) counts[v]++;
            foreach (var group in Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).GroupBy(i => state.Values[i].Facet))
                facets[group.Key] = group.Select(i => new FacetValue(state.Values[i].Value, counts[i]))
                    .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(query.FacetSize).ToList();
        }

        var ordered = Order(hits, sort);
        var page = ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var keys = page.Select(p => p.Entry.Key).ToList();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organization).Include(d => d.License).Include(d => d.Resources).ThenInclude(r => r.Table)
            .Where(d => keys.Contains(d.Key)).AsSplitQuery().ToDictionaryAsync(d => d.Key, ct);
        var result = page.Where(p => datasets.ContainsKey(p.Entry.Key)).Select(p =>
        {
            var d = datasets[p.Entry.Key];
            var title = terms.Count > 0 ? SnippetBuilder.Highlight(d.Title, terms) : System.Net.WebUtility.HtmlEncode(d.Title);
            var snippet = terms.Count > 0 ? SnippetBuilder.Snippet(MarkdownText.ToPlainText(d.Description), terms) : null;
            return new SearchHit(d, title, snippet, p.Score);
        }).ToList();
        return new SearchResult(hits.Count, query.Page, query.PageSize, result, facets, sort);
    }

    /// <summary>
    /// The keys of every published dataset the query matches, in the query's order (its page and facets aside):
    /// what an export of a search result streams.
    /// </summary>
    public async Task<IReadOnlyList<long>> KeysAsync(SearchQuery query, CancellationToken ct = default)
    {
        var (_, sort, _, hits) = await FindAsync(query, ct);
        return Order(hits, sort).Select(h => h.Entry.Key).ToList();
    }

    /// <summary>Checks the query, then finds the published datasets that match its text and filters, with their scores.</summary>
    private async Task<(IReadOnlyList<QueryTerm> Terms, string Sort, SearchSnapshot.State State, List<(SearchSnapshot.Entry Entry, int Score)> Hits)> FindAsync(
        SearchQuery query, CancellationToken ct)
    {
        var terms = string.IsNullOrWhiteSpace(query.Q) ? [] : TextAnalyzer.Shared.Query(query.Q);
        var sort = query.Sort ?? (terms.Count > 0 ? "relevance" : "-updated");
        if (!Sorts.Contains(sort)) throw CatalogException.Invalid("sort", "not-in-list", sort, string.Join(", ", Sorts));
        if (query.Page < 1) throw CatalogException.Invalid("page", "out-of-range", 1);
        if (query.PageSize is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        var known = SearchFacets.Fixed.Concat(settings.Profile.Fields.Where(f => f.Facet).Select(f => f.Key)).ToHashSet();
        foreach (var facet in query.Filters.Keys)
            if (!known.Contains(facet)) throw CatalogException.Invalid(facet, "unknown-facet");

        var state = await snapshot.CurrentAsync(db, ct);
        // Filters as sets of facet value numbers: a dataset passes when it has one value of every filtered facet.
        var filters = new List<HashSet<int>>();
        foreach (var (facet, values) in query.Filters)
        {
            if (values.Length == 0) continue;
            filters.Add(values.Select(v => state.Ids.TryGetValue((facet, v), out var id) ? id : -1).Where(id => id >= 0).ToHashSet());
        }

        // Candidates: the full-text matches with their scores, or every dataset when there is no text.
        IEnumerable<(SearchSnapshot.Entry Entry, int Score)> candidates;
        if (!string.IsNullOrWhiteSpace(query.Q) && terms.Count == 0) candidates = []; // only stop words or punctuation
        else if (terms.Count == 0) candidates = state.Entries.Values.Select(e => (e, 0));
        else
        {
            var matches = await MatchAsync(terms, ct);
            var sets = TermSets(terms, state);
            candidates = matches.Select(k => state.Entries.GetValueOrDefault(k)).Where(e => e is not null).Select(e => (e!, Score(e!, sets)));
        }
        var hits = new List<(SearchSnapshot.Entry Entry, int Score)>();
        foreach (var c in candidates)
            if (c.Entry.Published && filters.All(f => Passes(c.Entry.Values, f))) hits.Add(c);

        return (terms, sort, state, hits);
    }

    private static bool Passes(int[] values, HashSet<int> accepted)
    {
        foreach (var v in values)
            if (accepted.Contains(v)) return true;
        return false;
    }

    private static IEnumerable<(SearchSnapshot.Entry Entry, int Score)> Order(List<(SearchSnapshot.Entry Entry, int Score)> hits, string sort) => sort switch
    {
        "relevance" => hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Entry.Quality).ThenByDescending(h => h.Entry.Updated).ThenBy(h => h.Entry.Key),
        "-updated" => hits.OrderByDescending(h => h.Entry.Updated).ThenBy(h => h.Entry.Key),
        "updated" => hits.OrderBy(h => h.Entry.Updated).ThenBy(h => h.Entry.Key),
        "-quality" => hits.OrderByDescending(h => h.Entry.Quality).ThenByDescending(h => h.Entry.Updated).ThenBy(h => h.Entry.Key),
        "quality" => hits.OrderBy(h => h.Entry.Quality).ThenBy(h => h.Entry.Key),
        "title" => hits.OrderBy(h => h.Entry.Title, StringComparer.Ordinal).ThenBy(h => h.Entry.Key),
        "-title" => hits.OrderByDescending(h => h.Entry.Title, StringComparer.Ordinal).ThenBy(h => h.Entry.Key),
        "-created" => hits.OrderByDescending(h => h.Entry.Created).ThenBy(h => h.Entry.Key),
        _ => hits.OrderBy(h => h.Entry.Created).ThenBy(h => h.Entry.Key),
    };

    /// <summary>The datasets whose text holds every query word: the one statement the database runs for a search.</summary>
    private async Task<List<long>> MatchAsync(IReadOnlyList<QueryTerm> terms, CancellationToken ct)
    {
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var sql = sqlite
            ? "SELECT rowid FROM dataset_fts WHERE dataset_fts MATCH @q"
            : "SELECT dataset_key FROM dataset_search_texts WHERE document @@ to_tsquery('simple', @q)";
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            var p = cmd.CreateParameter();
            p.ParameterName = "@q";
            p.Value = sqlite ? TextAnalyzer.ToFts5(terms) : TextAnalyzer.ToTsQuery(terms);
            cmd.Parameters.Add(p);
            var keys = new List<long>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) keys.Add(r.GetInt64(0));
            return keys;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Per query word, the numbers of the title/keyword terms that satisfy it (its French or English form; any term
    /// it begins when it is a prefix). A word in neither field of a match is in the rest of its text.
    /// </summary>
    private static List<int[]> TermSets(IReadOnlyList<QueryTerm> terms, SearchSnapshot.State state)
    {
        var sets = new List<int[]>(terms.Count);
        foreach (var t in terms)
        {
            var ids = new List<int>();
            if (t.Prefix)
            {
                foreach (var (term, id) in state.Terms)
                    if (t.Alternatives.Any(a => term.StartsWith(a, StringComparison.Ordinal))) ids.Add(id);
            }
            else
                foreach (var a in t.Alternatives)
                    if (state.Terms.TryGetValue(a, out var id)) ids.Add(id);
            var array = ids.ToArray();
            Array.Sort(array);
            sets.Add(array);
        }
        return sets;
    }

    /// <summary>Per query word: 4 if in the title, plus 2 if in the keywords and labels; 1 if in neither (so in the rest).</summary>
    private static int Score(SearchSnapshot.Entry e, List<int[]> sets)
    {
        var score = 0;
        foreach (var set in sets)
        {
            var word = (Intersects(e.TitleTerms, set) ? TitleWeight : 0) + (Intersects(e.KeywordTerms, set) ? KeywordWeight : 0);
            score += word == 0 ? TextWeight : word;
        }
        return score;
    }

    private static bool Intersects(int[] sorted, int[] wanted)
    {
        foreach (var w in wanted)
            if (Array.BinarySearch(sorted, w) >= 0) return true;
        return false;
    }
}
