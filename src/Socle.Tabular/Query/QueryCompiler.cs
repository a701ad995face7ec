using System.Globalization;
using System.Text;
using Socle.Tabular.Engine;

namespace Socle.Tabular.Query;

/// <summary>
/// Turns a checked <see cref="TableQuery"/> into DuckDB SQL over one attached table. Column names come from the
/// table's own column list (quoted); every value is a positional parameter. <c>__id</c> is the row's position in the
/// file (<c>rowid + 1</c>), which keeps default-order pages and keyset cursors on DuckDB's row ids.
/// </summary>
internal sealed class QueryCompiler
{
    private const string SortAlias = "__socle_sort_";
    private readonly TableQuery query;
    private readonly IReadOnlyList<TableColumn> columns;
    private readonly string data, terms;
    private readonly IReadOnlyList<string> words;

    public Sql.Parameters Parameters { get; } = new();

    /// <param name="words">The words of <c>q=</c>, folded as the terms table folds them.</param>
    private readonly bool scanOnly;

    /// <param name="scanOnly">The value has too many rows for DuckDB to use the index (an overflowed lookup): scan.</param>
    public QueryCompiler(TableQuery query, IReadOnlyList<TableColumn> columns, string data, string terms, IReadOnlyList<string> words, bool scanOnly = false)
    {
        this.query = query; this.columns = columns; this.data = data; this.terms = terms; this.words = words; this.scanOnly = scanOnly;
    }

    /// <summary>Rows in file order: no sort, or <c>__id</c> ascending.</summary>
    private bool FileOrder => query.Sort.Count == 0 || query.Sort is [{ Column: QueryParser.RowId, Descending: false }];

    /// <summary>No filter, no search, file order: pages are rowid ranges and the total is the table's row count.</summary>
    public bool IsPlain => query.Filters.Count == 0 && words.Count == 0 && !query.IsAggregate && FileOrder;

    /// <summary>Rows an index lookup may return before the lookup gives way to the general plan.</summary>
    public const int LookupLimit = 2048;
    /// <summary>Above this many rows, a value of an indexed column is read by a scan (see <see cref="TableColumn.Frequent"/>).</summary>
    public const int FrequentRows = 100;

    /// <summary>
    /// A lone exact filter on an indexed column, in file order — "the rows of commune 75056". DuckDB answers the bare
    /// <c>WHERE col = $1</c> from its ART index, so the page, the total and the cursor are made from those few rows in
    /// C#, with no sort and no second statement.
    /// </summary>
    public bool IsLookup => !query.IsAggregate && words.Count == 0 && FileOrder && !scanOnly
                            && query.Filters is [Condition { Operator: Operators.Exact } c] && columns.Any(x => x.Name == c.Column && x.Indexed && !IsFrequent(x, c.Values[0]));

    /// <summary>A value with many rows (recorded at build): a scan finds a page of them at once.</summary>
    private static bool IsFrequent(TableColumn column, object value) => RowsOf(column, value) is not null;

    private static long? RowsOf(TableColumn column, object value) =>
        column.Frequent is { Count: > 0 } f && f.TryGetValue(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", out var n) ? n : null;

    /// <summary>
    /// The total of a lone exact filter on a frequent value of an indexed column, known since the build: the page is
    /// then the scan's first rows, and nothing is counted.
    /// </summary>
    public long? KnownTotal => !query.IsAggregate && words.Count == 0 && query.Filters is [Condition { Operator: Operators.Exact } c]
                               && columns.FirstOrDefault(x => x.Name == c.Column && x.Indexed) is { } col ? RowsOf(col, c.Values[0]) : null;

    /// <summary>The lookup's SQL: rowid first, then the selected columns; at most <see cref="LookupLimit"/> + 1 rows.</summary>
    public string Lookup()
    {
        var c = (Condition)query.Filters[0];
        var select = new List<string> { "rowid" };
        select.AddRange(Selected().Select(x => Sql.Ident(x.Name)));
        return $"SELECT {string.Join(", ", select)} FROM {data} WHERE {Sql.Ident(c.Column)} = {Parameters.Add(c.Values[0])} LIMIT {LookupLimit + 1}";
    }

    /// <summary>A column of the page query that is not shown: sort values for the cursor, the inline total.</summary>
    public static bool IsHidden(string name) => name.StartsWith("__socle_", StringComparison.Ordinal);

    /// <summary>When the rows come from a small materialized set (index lookup, word index), the page query also
    /// counts that set, in this column: one statement instead of two.</summary>
    public const string TotalAlias = "__socle_total";

    /// <summary>
    /// The rows of a page (<paramref name="limit"/> is one more than the page size, to know whether another follows),
    /// or of an export when it is null. In file order the SQL has no ORDER BY: DuckDB keeps insertion order, so a
    /// scan stops as soon as the page is full instead of sorting every match.
    /// </summary>
    public string Rows(long? limit, long offset, bool forPage, bool withId)
    {
        if (query.IsAggregate) return Aggregated(limit, offset);
        var (source, rid, prefix) = Source();
        var select = new List<string>();
        if (withId) select.Add($"{rid} + 1 AS {Sql.Ident(QueryParser.RowId)}");
        foreach (var c in Selected()) select.Add(Sql.Ident(c.Name));
        if (forPage)
            for (var i = 0; i < query.Sort.Count; i++) select.Add($"{SortExpr(query.Sort[i].Column, rid)} AS {SortAlias}{i}");
        var where = Where(rid, forPage);
        // Insertion order holds for a plain scan, not through the semi-join on the word index.
        var ordered = !FileOrder || source != data || words.Count > 0;
        if (forPage && limit is long n && FileOrder && source == data)
        {
            var start = query.After is { } a ? a.RowId + 1 : offset;
            if (IsPlain)
            {
                // Without filters the page is a range of row ids, read without touching what comes before.
                where.Add($"{rid} BETWEEN {Parameters.Add(start)} AND {Parameters.Add(start + n - 1)}");
                offset = 0;
            }
            else if (words.Count > 0 && query.Filters.Count == 0)
            {
                // Full text alone: the page's row ids come from the word index, then only those rows are read.
                prefix += $", page AS (SELECT rid FROM hits WHERE rid >= {Parameters.Add(query.After is null ? 0 : start)} ORDER BY rid LIMIT {Parameters.Add(n)}"
                          + (query.After is null && offset > 0 ? $" OFFSET {Parameters.Add(offset)}" : "") + ") ";
                where = [$"{rid} IN (SELECT rid FROM page)"];
                select.Add($"(SELECT count(*) FROM hits) AS {TotalAlias}");
                ordered = true;
                offset = 0;
                limit = null;
            }
        }
        if (forPage && source != data)
        {
            var all = Where(rid, false);
            select.Add($"(SELECT count(*) FROM {source}{(all.Count > 0 ? " WHERE " + string.Join(" AND ", all) : "")}) AS {TotalAlias}");
        }
        var sb = new StringBuilder(prefix).Append("SELECT ").Append(string.Join(", ", select)).Append(" FROM ").Append(source);
        if (where.Count > 0) sb.Append(" WHERE ").Append(string.Join(" AND ", where));
        if (ordered) sb.Append(" ORDER BY ").Append(OrderBy(rid));
        if (limit is long l) sb.Append(" LIMIT ").Append(Parameters.Add(l));
        if (offset > 0 && query.After is null) sb.Append(" OFFSET ").Append(Parameters.Add(offset));
        return sb.ToString();
    }

    public string Count()
    {
        var (source, rid, prefix) = Source();
        var where = Where(rid, false);
        var filter = where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
        if (!query.IsAggregate)
            return words.Count > 0 && query.Filters.Count == 0 && source == data
                ? $"{prefix}SELECT count(*) FROM hits"
                : $"{prefix}SELECT count(*) FROM {source}{filter}";
        if (query.GroupBy.Count == 0) return "SELECT 1";
        return $"{prefix}SELECT count(*) FROM (SELECT 1 FROM {source}{filter} GROUP BY {string.Join(", ", query.GroupBy.Select(Sql.Ident))})";
    }

    /// <summary>The hidden columns holding a page row's sort values, from which the next page's cursor is made.</summary>
    public IReadOnlyList<string> SortAliases => query.IsAggregate ? [] : Enumerable.Range(0, query.Sort.Count).Select(i => SortAlias + i).ToList();

    private string Aggregated(long? limit, long offset)
    {
        var (source, rid, prefix) = Source();
        var select = query.GroupBy.Select(Sql.Ident).ToList();
        foreach (var a in query.Aggregates)
        {
            // count(col) of a column without empty cells is count(*), which reads no column at all.
            var arg = a.Function == "count" && columns.FirstOrDefault(c => c.Name == a.Column) is { HasNulls: false } ? "*" : Sql.Ident(a.Column);
            select.Add($"{a.Function}({arg}) AS {Sql.Ident(a.Alias)}");
        }
        var sb = new StringBuilder(prefix).Append("SELECT ").Append(string.Join(", ", select)).Append(" FROM ").Append(source);
        var where = Where(rid, false);
        if (where.Count > 0) sb.Append(" WHERE ").Append(string.Join(" AND ", where));
        if (query.GroupBy.Count > 0) sb.Append(" GROUP BY ").Append(string.Join(", ", query.GroupBy.Select(Sql.Ident)));
        var order = query.Sort.Select(s => $"{Sql.Ident(s.Column)} {(s.Descending ? "DESC" : "ASC")} NULLS LAST")
            .Concat(query.GroupBy.Where(g => query.Sort.All(s => s.Column != g)).Select(g => $"{Sql.Ident(g)} ASC NULLS LAST")).ToList();
        if (order.Count > 0) sb.Append(" ORDER BY ").Append(string.Join(", ", order));
        if (limit is long l) sb.Append(" LIMIT ").Append(Parameters.Add(l));
        if (offset > 0) sb.Append(" OFFSET ").Append(Parameters.Add(offset));
        return sb.ToString();
    }

    private IEnumerable<TableColumn> Selected() =>
        query.Columns is null ? columns : query.Columns.Where(n => n != QueryParser.RowId).Select(n => columns.First(c => c.Name == n));

    /// <summary>
    /// Where rows come from. An exact filter on an indexed column runs first, alone, in a materialized CTE: that is
    /// the shape DuckDB answers from the ART index; the other conditions then apply to its few rows.
    /// </summary>
    private (string Source, string RowId, string Prefix) Source()
    {
        var prefix = new StringBuilder();
        if (words.Count > 0)
        {
            // INTERSECT is a set operation, as DISTINCT: a row holding a word twice counts once.
            var parts = words.Select(w => $"SELECT DISTINCT rid FROM {terms} WHERE term = {Parameters.Add(w)}");
            prefix.Append("WITH hits AS MATERIALIZED (").Append(string.Join(" INTERSECT ", parts)).Append(") ");
        }
        if (IndexedLookup() is { } lookup)
        {
            prefix.Append(prefix.Length == 0 ? "WITH " : ", ");
            prefix.Append($"m AS MATERIALIZED (SELECT rowid AS __rid, * FROM {data} WHERE {Sql.Ident(lookup.Column)} = {Parameters.Add(lookup.Values[0])}) ");
            return ("m", "__rid", prefix.ToString());
        }
        return (data, "rowid", prefix.ToString());
    }

    private Condition? IndexedLookup() => scanOnly ? null : query.Filters.OfType<Condition>().FirstOrDefault(c =>
        c.Operator == Operators.Exact && columns.Any(x => x.Name == c.Column && x.Indexed && !IsFrequent(x, c.Values[0])));

    private List<string> Where(string rid, bool forPage)
    {
        var lookup = IndexedLookup();
        var where = new List<string>();
        foreach (var f in query.Filters)
            if (!ReferenceEquals(f, lookup)) where.Add(Filter(f, rid));
        if (words.Count > 0) where.Add($"{rid} IN (SELECT rid FROM hits)");
        if (forPage && query.After is { } after && !query.IsAggregate && !IsPlain) where.Add(After(after, rid));
        return where;
    }

    private string Filter(Filter f, string rid)
    {
        if (f is FilterGroup g)
            return g.Items.Count == 0 ? "true" : "(" + string.Join(g.Any ? " OR " : " AND ", g.Items.Select(i => Filter(i, rid))) + ")";
        var c = (Condition)f;
        var x = c.Column == QueryParser.RowId ? $"({rid} + 1)" : Sql.Ident(c.Column);
        object V(int i = 0) => c.Values[i];
        // An indexed column's value read by a scan: "IS TRUE" keeps DuckDB from answering it through the index.
        var scan = c.Operator == Operators.Exact && columns.FirstOrDefault(col => col.Name == c.Column) is { Indexed: true } indexed
                   && (scanOnly || IsFrequent(indexed, V()));
        return c.Operator switch
        {
            Operators.Exact when scan => $"({x} = {Parameters.Add(V())}) IS TRUE",
            Operators.Exact => $"{x} = {Parameters.Add(V())}",
            Operators.Differs => $"{x} <> {Parameters.Add(V())}",
            Operators.Contains => $"contains({Folded(c.Column)}, {Ingest.TermSql.Fold(Parameters.Add(V()))})",
            Operators.NotContains => $"NOT contains({Folded(c.Column)}, {Ingest.TermSql.Fold(Parameters.Add(V()))})",
            Operators.In => $"{x} IN ({string.Join(", ", c.Values.Select(v => Parameters.Add(v)))})",
            Operators.NotIn => $"{x} NOT IN ({string.Join(", ", c.Values.Select(v => Parameters.Add(v)))})",
            Operators.Less => $"{x} <= {Parameters.Add(V())}",
            Operators.Greater => $"{x} >= {Parameters.Add(V())}",
            Operators.StrictlyLess => $"{x} < {Parameters.Add(V())}",
            Operators.StrictlyGreater => $"{x} > {Parameters.Add(V())}",
            Operators.IsNull => $"{x} IS NULL",
            Operators.IsNotNull => $"{x} IS NOT NULL",
            _ => throw new InvalidOperationException(c.Operator),
        };
    }

    /// <summary>Contains ignores case and accents: on the hidden folded column when the column has one.</summary>
    private string Folded(string column) =>
        columns.FirstOrDefault(x => x.Name == column)?.Folded is { } f ? Sql.Ident(f) : Ingest.TermSql.Fold(Sql.Ident(column));

    private string SortExpr(string column, string rid) => column == QueryParser.RowId ? rid : Sql.Ident(column);

    private string OrderBy(string rid)
    {
        var parts = query.Sort.Select(s => $"{SortExpr(s.Column, rid)} {(s.Descending ? "DESC" : "ASC")} NULLS LAST").ToList();
        if (query.Sort.All(s => s.Column != QueryParser.RowId)) parts.Add($"{rid} ASC");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// Rows after the cursor in (sort…, rowid) order, nulls last: for each sort key k, equal on the keys before it and
    /// strictly after on k; then equal on all and a greater rowid.
    /// </summary>
    private string After(Cursor after, string rid)
    {
        var sorts = query.Sort.Where(s => s.Column != QueryParser.RowId).ToList();
        var byRowId = query.Sort.FirstOrDefault(s => s.Column == QueryParser.RowId);
        var alternatives = new List<string>();
        for (var k = 0; k <= sorts.Count; k++)
        {
            // Nothing sorts after a null but other nulls, reached by the next alternative: skip before binding anything.
            var v = k < sorts.Count ? ValueOf(after, sorts[k]) : null;
            if (k < sorts.Count && v is null) continue;
            var terms = new List<string>();
            for (var j = 0; j < k; j++) terms.Add(Equal(sorts[j].Column, ValueOf(after, sorts[j])));
            if (k < sorts.Count)
            {
                var x = Sql.Ident(sorts[k].Column);
                terms.Add($"({x} {(sorts[k].Descending ? "<" : ">")} {Parameters.Add(v)} OR {x} IS NULL)");
            }
            else terms.Add(byRowId is { Descending: true } ? $"{rid} < {Parameters.Add(after.RowId)}" : $"{rid} > {Parameters.Add(after.RowId)}");
            alternatives.Add("(" + string.Join(" AND ", terms) + ")");
        }
        return "(" + string.Join(" OR ", alternatives) + ")";
    }

    private object? ValueOf(Cursor after, SortKey key) => after.SortValues[query.Sort.ToList().IndexOf(key)];

    private string Equal(string column, object? value) =>
        value is null ? $"{Sql.Ident(column)} IS NULL" : $"{Sql.Ident(column)} = {Parameters.Add(value)}";
}
