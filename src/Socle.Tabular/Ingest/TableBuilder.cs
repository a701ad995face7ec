using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Socle.Tabular.Engine;
using Socle.Validation.Schema;

namespace Socle.Tabular.Ingest;

internal sealed record BuildRequest(string SourcePath, string Format, TableSchema? Schema, string ResourceFolder);

/// <summary>A column kept as text although declared (or first read) as another type, with how many cells disagreed.</summary>
public sealed record ColumnWarning(string Column, string DeclaredType, long Failures, string? Example);

internal sealed record BuiltTable(
    string File, string Parquet, IReadOnlyList<TableColumn> Columns, long Rows, GeoColumns? Geo, JsonObject Profile,
    IReadOnlyList<ColumnWarning> Warnings, double Seconds);

/// <summary>
/// Builds one table version: a DuckDB file holding <c>data</c> (typed columns, rows in file order so that
/// <c>rowid + 1</c> is the row's <c>__id</c>), ART indexes on identifier-like columns, <c>terms</c> (a word → row
/// index for <c>q=</c>, sorted so its zone maps find a word without a scan), plus the column profile and a Parquet
/// copy. Everything is written under temporary names and renamed at the end: a half-built table is never visible.
/// </summary>
internal sealed partial class TableBuilder(TabularOptions options)
{
    private const int InferenceSample = 20_000;
    private const int MaxIndexes = 3;
    private DuckSession session = null!;

    public async Task<BuiltTable> BuildAsync(BuildRequest request, Func<double, string, Task> progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(request.ResourceFolder);
        var temp = Path.Combine(options.Folder, ".tmp");
        Directory.CreateDirectory(temp);
        var id = Guid.NewGuid().ToString("N");
        var part = Path.Combine(request.ResourceFolder, id + ".duckdb.part");
        var parquetPart = Path.Combine(request.ResourceFolder, id + ".parquet.part");
        var file = Path.Combine(request.ResourceFolder, id + ".duckdb");
        var parquet = Path.Combine(request.ResourceFolder, id + ".parquet");
        using var cancel = ct.Register(() => session?.Cancel());
        try
        {
            List<TableColumn> columns;
            List<ColumnWarning> warnings = [];
            long rows;
            JsonObject profile;
            GeoColumns? geo;
            using (var c = new DuckDBConnection("Data Source=" + part))
            {
                c.Open();
                session = new DuckSession(c);
                Run($"SET threads = {options.Threads}");
                Run($"SET memory_limit = '{options.MemoryLimitMb}MB'");
                Run($"SET temp_directory = {Sql.Literal(temp)}");
                await progress(0.05, "read");
                var missing = request.Schema?.MissingValues ?? [""];
                var source = TableSource.Open(request.SourcePath, request.Format, missing, temp, canonical: false);
                try
                {
                    try
                    {
                        columns = await LoadAsync(source, request.Schema, warnings, progress);
                    }
                    catch (DuckDBException e) when (source.IsText && source.TempFile is null && Marker(e) is null && !ct.IsCancellationRequested)
                    {
                        // DuckDB's reader refused the file as it is (bytes that are not UTF-8 after an ASCII head, a
                        // ragged row): Socle's own reader rewrites it as a canonical CSV and the load starts over.
                        source.Dispose();
                        warnings.Clear();
                        source = TableSource.Open(request.SourcePath, request.Format, missing, temp, canonical: true);
                        columns = await LoadAsync(source, request.Schema, warnings, progress);
                    }
                }
                finally { source.Dispose(); }
                ct.ThrowIfCancellationRequested();

                rows = Convert.ToInt64(Scalar("SELECT count(*) FROM data"), CultureInfo.InvariantCulture);
                geo = Geo.Find(columns, request.Schema);
                await progress(0.55, "profile");
                profile = TableProfiler.Profile(sql => Reader(sql), columns, rows);
                var nulls = profile["columns"]!.AsArray().ToDictionary(n => n!["name"]!.GetValue<string>(), n => n!["nulls"]!.GetValue<long>());
                columns = columns.Select(x => x with { HasNulls = nulls[x.Name] > 0 }).ToList();
                ct.ThrowIfCancellationRequested();

                await progress(0.65, "search");
                BuildTerms(columns.Where(x => x.Folded is not null).ToList());
                ct.ThrowIfCancellationRequested();

                await progress(0.8, "index");
                columns = BuildIndexes(columns, profile, rows);
                Run("CHECKPOINT");
                ct.ThrowIfCancellationRequested();

                await progress(0.9, "parquet");
                var visible = string.Join(", ", columns.Select(x => Sql.Ident(x.Name)));
                Run($"COPY (SELECT {visible} FROM data) TO {Sql.Literal(parquetPart)} (FORMAT parquet, COMPRESSION zstd)");
            }
            File.Move(part, file);
            File.Move(parquetPart, parquet);
            DeleteWal(part);
            return new BuiltTable(Relative(file), Relative(parquet), columns, rows, geo, profile, warnings, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            foreach (var f in new[] { part, part + ".wal", parquetPart, file, parquet })
                try { File.Delete(f); } catch (IOException) { }
            throw;
        }
    }

    private string Relative(string path) => Path.GetRelativePath(options.Folder, path);

    private static void DeleteWal(string part)
    {
        try { File.Delete(part + ".wal"); } catch (IOException) { }
    }

    private async Task<List<TableColumn>> LoadAsync(TableSource source, TableSchema? schema, List<ColumnWarning> warnings, Func<double, string, Task> progress)
    {
        if (!source.IsText) return LoadTyped(source);
        var names = ColumnNames.Unique(source.Names);
        await progress(0.1, "types");
        var plan = schema is not null ? ColumnPlanner.FromSchema(names, schema) : ColumnPlanner.Infer(session, source.Relation, names, InferenceSample);
        var words = Wordy(source.Relation, plan.Where(p => p.Type == ColumnTypes.String).Select(p => (Sql.Ident(p.Source), p.Index)).ToList());
        await progress(0.15, "load");
        for (var attempt = 0; ; attempt++)
        {
            var select = string.Join(", ", plan.Select(p => $"{p.Expression()} AS {Sql.Ident(p.Name)}")
                .Concat(words.Select(i => $"{TermSql.Fold(Sql.Ident(plan[i].Source))} AS {ColumnNames.Folded(i)}")));
            try
            {
                Run($"CREATE OR REPLACE TABLE data AS SELECT {select} FROM {source.Relation}");
                break;
            }
            catch (DuckDBException e) when (Marker(e) is int failed && attempt < 3)
            {
                // Some cells do not read as the column's type: count them all in one pass, keep those columns as text.
                var demoted = Demote(source, plan, warnings);
                if (demoted == 0)
                {
                    var p = plan[failed];
                    warnings.Add(new ColumnWarning(p.Name, p.Type, 1, null));
                    p.DeclaredType = p.Type;
                    p.Type = ColumnTypes.String;
                }
            }
        }
        return plan.Select(p => new TableColumn(p.Name, p.Type)
        {
            Title = p.Field?.Title, DeclaredType = p.DeclaredType,
            Searchable = words.Contains(p.Index), Folded = words.Contains(p.Index) ? ColumnNames.Folded(p.Index) : null,
        }).ToList();
    }

    /// <summary>
    /// Full text covers the columns of words — names, labels, descriptions: text columns where at least a fifth of the
    /// first cells have a space. A table with none searches all its text columns (codes, identifiers).
    /// </summary>
    private HashSet<int> Wordy(string relation, List<(string Expression, int Index)> text)
    {
        if (text.Count == 0) return [];
        var parts = text.SelectMany(x => new[] { $"count({x.Expression})", $"count(*) FILTER (WHERE contains({x.Expression}, ' '))" });
        var words = new HashSet<int>();
        using (var reader = Reader($"SELECT {string.Join(", ", parts)} FROM (SELECT * FROM {relation} LIMIT {InferenceSample})"))
        {
            reader.Read();
            for (var i = 0; i < text.Count; i++)
            {
                var filled = reader.GetInt64(2 * i);
                if (filled > 0 && reader.GetInt64(2 * i + 1) * 5 >= filled) words.Add(text[i].Index);
            }
        }
        if (words.Count == 0) foreach (var x in text) words.Add(x.Index);
        return words;
    }

    private int Demote(TableSource source, List<PlannedColumn> plan, List<ColumnWarning> warnings)
    {
        var typed = plan.Where(p => p.Type != ColumnTypes.String).ToList();
        if (typed.Count == 0) return 0;
        var parts = typed.SelectMany(p =>
        {
            var bad = $"{Sql.Ident(p.Source)} IS NOT NULL AND ({p.TryConvert()}) IS NULL";
            return new[] { $"count(*) FILTER (WHERE {bad})", $"min({Sql.Ident(p.Source)}) FILTER (WHERE {bad})" };
        });
        using var reader = Reader($"SELECT {string.Join(", ", parts)} FROM {source.Relation}");
        reader.Read();
        var n = 0;
        for (var i = 0; i < typed.Count; i++)
        {
            var failures = reader.GetInt64(2 * i);
            if (failures == 0) continue;
            var p = typed[i];
            warnings.Add(new ColumnWarning(p.Name, p.Type, failures, reader.IsDBNull(2 * i + 1) ? null : reader.GetString(2 * i + 1)));
            p.DeclaredType = p.Type;
            p.Type = ColumnTypes.String;
            n++;
        }
        return n;
    }

    /// <summary>Parquet and JSON come typed: DuckDB's types map to Table Schema's; nested values are kept as JSON text.</summary>
    private List<TableColumn> LoadTyped(TableSource source)
    {
        var described = new List<(string Name, string Type)>();
        using (var reader = Reader($"DESCRIBE SELECT * FROM {source.Relation}"))
            while (reader.Read()) described.Add((reader.GetString(0), reader.GetString(1)));
        var names = ColumnNames.Unique(described.Select(d => d.Name).ToList());
        var columns = new List<TableColumn>();
        var select = new List<string>();
        for (var i = 0; i < described.Count; i++)
        {
            var x = Sql.Ident(described[i].Name);
            var (type, expr) = described[i].Type.ToUpperInvariant() switch
            {
                "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" or "UINTEGER" or "USMALLINT" or "UTINYINT" => (ColumnTypes.Integer, $"CAST({x} AS BIGINT)"),
                "HUGEINT" or "UBIGINT" or "DOUBLE" or "FLOAT" or "REAL" => (ColumnTypes.Number, $"CAST({x} AS DOUBLE)"),
                var d when d.StartsWith("DECIMAL", StringComparison.Ordinal) => (ColumnTypes.Number, $"CAST({x} AS DOUBLE)"),
                "BOOLEAN" => (ColumnTypes.Boolean, x),
                "DATE" => (ColumnTypes.Date, x),
                var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => (ColumnTypes.DateTime, $"CAST({x} AS TIMESTAMP)"),
                "TIME" => (ColumnTypes.Time, x),
                "VARCHAR" => (ColumnTypes.String, x),
                _ => (ColumnTypes.String, $"CAST(to_json({x}) AS VARCHAR)"),
            };
            columns.Add(new TableColumn(names[i], type));
            select.Add($"{expr} AS {Sql.Ident(names[i])}");
        }
        var text = Enumerable.Range(0, columns.Count).Where(i => columns[i].Type == ColumnTypes.String)
            .Select(i => ($"CAST({Sql.Ident(described[i].Name)} AS VARCHAR)", i)).ToList();
        var words = Wordy(source.Relation, text);
        foreach (var (expr, i) in text.Where(t => words.Contains(t.i)))
        {
            select.Add($"{TermSql.Fold(expr)} AS {ColumnNames.Folded(i)}");
            columns[i] = columns[i] with { Searchable = true, Folded = ColumnNames.Folded(i) };
        }
        Run($"CREATE OR REPLACE TABLE data AS SELECT {string.Join(", ", select)} FROM {source.Relation}");
        return columns;
    }

    private void BuildTerms(List<TableColumn> searchable)
    {
        if (searchable.Count == 0)
        {
            Run("CREATE TABLE terms (term VARCHAR, rid BIGINT)");
            return;
        }
        // Sorted by word, so that DuckDB's zone maps find a word's rows without reading the rest; a word twice in a row
        // is listed twice (queries read rows as a set).
        var words = string.Join(" UNION ALL ", searchable.Select(x =>
            $"SELECT unnest(regexp_split_to_array({x.Folded}, '[^a-z0-9]+')) AS term, rowid AS rid FROM data WHERE {x.Folded} IS NOT NULL"));
        Run($"CREATE TABLE terms AS SELECT term, rid FROM ({words}) WHERE term <> '' AND length(term) <= {TermSql.MaxLength} ORDER BY term, rid");
    }

    /// <summary>
    /// ART indexes answer exact filters on identifier-like columns (many distinct values: codes, ids) without a scan.
    /// Columns with few values do not need one (a page of matches is found at once), small tables neither.
    /// </summary>
    private List<TableColumn> BuildIndexes(List<TableColumn> columns, JsonObject profile, long rows)
    {
        if (rows < 20_000) return columns;
        var distinct = new Dictionary<string, long>();
        foreach (var node in profile["columns"]!.AsArray())
            if (node?["distinct"]?.GetValue<long>() is long d) distinct[node["name"]!.GetValue<string>()] = d;
        var chosen = columns
            .Where(x => !x.Searchable && x.Type is ColumnTypes.String or ColumnTypes.Integer)
            .Where(x => distinct.TryGetValue(x.Name, out var d) && d >= 1000 && d * 100 >= rows)
            .OrderByDescending(x => distinct[x.Name]).Take(MaxIndexes)
            .Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var n = 0;
        var frequent = new Dictionary<string, Dictionary<string, long>>();
        foreach (var name in chosen)
        {
            Run($"CREATE INDEX i{n++} ON data ({Sql.Ident(name)})");
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var reader = Reader($"SELECT CAST({Sql.Ident(name)} AS VARCHAR), count(*) FROM data WHERE {Sql.Ident(name)} IS NOT NULL GROUP BY 1 HAVING count(*) > {Query.QueryCompiler.FrequentRows}"))
                while (reader.Read()) values[reader.GetString(0)] = reader.GetInt64(1);
            frequent[name] = values;
        }
        return columns.Select(x => chosen.Contains(x.Name) ? x with { Indexed = true, Frequent = frequent[x.Name] } : x).ToList();
    }

    private static int? Marker(DuckDBException e)
    {
        var m = MarkerPattern().Match(e.Message);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex("socle-col:([0-9]+)")]
    private static partial Regex MarkerPattern();

    private void Run(string sql) => session.NonQuery(sql, []);

    private object? Scalar(string sql) => session.Scalar(sql, []);

    private System.Data.Common.DbDataReader Reader(string sql) => session.Reader(sql, []);
}

/// <summary>How words are cut and folded — the same SQL at build and at query time, so both sides always agree.</summary>
internal static class TermSql
{
    public const int MaxLength = 64;

    public static string Fold(string expression) => $"lower(strip_accents({expression}))";
}
