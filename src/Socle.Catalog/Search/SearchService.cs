using System.Data.Common;
using System.Text;
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
/// analysed once in C#; relevance is computed by the same portable SQL on both databases — which fields hold each
/// query word (title 4, keywords and vocabulary labels 2, the rest 1) — so SQLite and PostgreSQL return the same
/// datasets in the same order. Ties go to quality, then freshness.
/// </summary>
public sealed class SearchService(CatalogDb db, CatalogSettings settings)
{
    public static readonly string[] Sorts = ["relevance", "-updated", "updated", "-quality", "quality", "title", "-title", "-created", "created"];

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default)
    {
        var terms = string.IsNullOrWhiteSpace(query.Q) ? [] : TextAnalyzer.Shared.Query(query.Q);
        var sort = query.Sort ?? (terms.Count > 0 ? "relevance" : "-updated");
        if (!Sorts.Contains(sort)) throw CatalogException.Invalid("sort", "not-in-list", sort, string.Join(", ", Sorts));
        if (query.Page < 1) throw CatalogException.Invalid("page", "out-of-range", 1);
        if (query.PageSize is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        var known = SearchFacets.Fixed.Concat(settings.Profile.Fields.Where(f => f.Facet).Select(f => f.Key)).ToHashSet();
        foreach (var facet in query.Filters.Keys)
            if (!known.Contains(facet)) throw CatalogException.Invalid(facet, "unknown-facet");

        var sql = new SqlBuilder();
        var where = new StringBuilder("d.status = 'Published'");
        if (!string.IsNullOrWhiteSpace(query.Q) && terms.Count == 0)
            where.Append(" AND 1 = 0"); // only stop words or punctuation: nothing can match
        if (terms.Count > 0)
        {
            if (db.Provider == DatabaseProvider.Sqlite)
                where.Append($" AND d.key IN (SELECT rowid FROM dataset_fts WHERE dataset_fts MATCH {sql.Param(TextAnalyzer.ToFts5(terms))})");
            else
                where.Append($" AND d.key IN (SELECT dataset_key FROM dataset_search_texts WHERE document @@ to_tsquery('simple', {sql.Param(TextAnalyzer.ToTsQuery(terms))}))");
        }
        foreach (var (facet, values) in query.Filters)
        {
            if (values.Length == 0) continue;
            where.Append($" AND d.key IN (SELECT dataset_key FROM dataset_facets WHERE facet = {sql.Param(facet)} AND value IN ({string.Join(", ", values.Select(sql.Param))}))");
        }

        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var total = Convert.ToInt32(await Scalar(conn, sql, $"SELECT COUNT(*) FROM datasets d WHERE {where}", ct));
            var score = terms.Count == 0 ? "0" : ScoreSql(terms, sql);
            var order = sort switch
            {
                "relevance" => "score DESC, d.quality DESC, d.updated_at DESC, d.key",
                "-updated" => "d.updated_at DESC, d.key",
                "updated" => "d.updated_at, d.key",
                "-quality" => "d.quality DESC, d.updated_at DESC, d.key",
                "quality" => "d.quality, d.key",
                "title" => "d.title, d.key",
                "-title" => "d.title DESC, d.key",
                "-created" => "d.created_at DESC, d.key",
                _ => "d.created_at, d.key",
            };
            var offset = (long)(query.Page - 1) * query.PageSize;
            var pageSql = $"SELECT d.key, {score} AS score FROM datasets d LEFT JOIN dataset_search_texts s ON s.dataset_key = d.key " +
                          $"WHERE {where} ORDER BY {order} LIMIT {query.PageSize} OFFSET {offset}";
            var page = new List<(long Key, int Score)>();
            await using (var cmd = sql.Command(conn, pageSql))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) page.Add((r.GetInt64(0), Convert.ToInt32(r.GetValue(1))));

            var facets = new Dictionary<string, IReadOnlyList<FacetValue>>();
            if (query.Facets && total > 0)
            {
                var facetSql = $"SELECT facet, value, COUNT(*) AS n FROM dataset_facets WHERE dataset_key IN (SELECT d.key FROM datasets d WHERE {where}) " +
                               "GROUP BY facet, value";
                var all = new Dictionary<string, List<FacetValue>>();
                await using var cmd = sql.Command(conn, facetSql);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var f = r.GetString(0);
                    if (!all.TryGetValue(f, out var list)) all[f] = list = [];
                    list.Add(new FacetValue(r.GetString(1), Convert.ToInt32(r.GetValue(2))));
                }
                foreach (var (f, list) in all)
                    facets[f] = list.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(query.FacetSize).ToList();
            }

            var keys = page.Select(p => p.Key).ToList();
            var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organization).Include(d => d.License).Include(d => d.Resources)
                .Where(d => keys.Contains(d.Key)).AsSplitQuery().ToDictionaryAsync(d => d.Key, ct);
            var hits = page.Where(p => datasets.ContainsKey(p.Key)).Select(p =>
            {
                var d = datasets[p.Key];
                var title = terms.Count > 0 ? SnippetBuilder.Highlight(d.Title, terms) : System.Net.WebUtility.HtmlEncode(d.Title);
                var snippet = terms.Count > 0 ? SnippetBuilder.Snippet(MarkdownText.ToPlainText(d.Description), terms) : null;
                return new SearchHit(d, title, snippet, p.Score);
            }).ToList();
            return new SearchResult(total, query.Page, query.PageSize, hits, facets, sort);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Per query word: 4 if in the title, 2 if in keywords/labels, 1 if elsewhere (any of its FR/EN forms).</summary>
    private static string ScoreSql(IReadOnlyList<QueryTerm> terms, SqlBuilder sql)
    {
        var parts = new List<string>();
        foreach (var t in terms)
        {
            foreach (var (column, weight) in new[] { ("title_terms", 4), ("keyword_terms", 2), ("body_terms", 1) })
            {
                var tests = t.Alternatives.Select(a => $"(' ' || s.{column} || ' ') LIKE {sql.Param(t.Prefix ? $"% {a}%" : $"% {a} %")}");
                parts.Add($"(CASE WHEN {string.Join(" OR ", tests)} THEN {weight} ELSE 0 END)");
            }
        }
        return string.Join(" + ", parts);
    }

    private static async Task<object?> Scalar(DbConnection conn, SqlBuilder sql, string text, CancellationToken ct)
    {
        await using var cmd = sql.Command(conn, text);
        return await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>Numbered parameters shared by the statements of one search.</summary>
    private sealed class SqlBuilder
    {
        private readonly List<object> values = [];
        public string Param(string value)
        {
            values.Add(value);
            return $"@p{values.Count - 1}";
        }

        public DbCommand Command(DbConnection conn, string text)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = text;
            for (var i = 0; i < values.Count; i++)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(text, $@"@p{i}(?!\d)")) continue;
                var p = cmd.CreateParameter();
                p.ParameterName = $"@p{i}";
                p.Value = values[i];
                cmd.Parameters.Add(p);
            }
            return cmd;
        }
    }
}
