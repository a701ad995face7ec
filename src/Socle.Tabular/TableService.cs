using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Tabular.Engine;
using Socle.Tabular.Export;
using Socle.Tabular.Query;

namespace Socle.Tabular;

/// <summary>One page of a table query: the <c>data</c> array (JSON), the total, and where the next page starts.</summary>
public sealed record TablePage(byte[] Data, int Count, long Total, bool HasMore, Cursor? Next);

/// <summary>
/// The tabular API's service: finds a resource's table (if the reader may see its dataset), runs queries with a
/// timeout, streams exports. Every query runs on a lease of the shared DuckDB engine.
/// </summary>
public sealed class TableService
{
    private readonly CatalogDb db;
    private readonly TabularOptions options;
    private readonly DuckEngine engine;

    internal TableService(CatalogDb db, TabularOptions options, DuckEngine engine)
    {
        this.db = db; this.options = options; this.engine = engine;
    }

    /// <summary>Accents and quotes as they are: the API's JSON is read by people too.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The resource's table row and its dataset, for someone who may see the dataset.</summary>
    public async Task<(Resource Resource, Dataset Dataset, ResourceTable? Table)> FindAsync(Guid resourceId, Actor actor, CancellationToken ct = default)
    {
        var r = await db.Resources.AsNoTracking().Include(x => x.Dataset).Include(x => x.Table)
            .FirstOrDefaultAsync(x => x.Id == resourceId, ct);
        if (r?.Dataset is null || !DatasetService.CanSee(r.Dataset, actor)) throw CatalogException.NotFound("resource", resourceId.ToString());
        return (r, r.Dataset, r.Table);
    }

    /// <summary>The ready table of a resource; a problem detail says why there is none (not tabular, building, failed).</summary>
    public async Task<TableInfo> ReadyAsync(Guid resourceId, Actor actor, CancellationToken ct = default) =>
        (await ReadyRowAsync(resourceId, actor, ct)).Info;

    /// <summary>The ready table with its catalogue row and resource, all from one read (a rebuild may swap the row at any time).</summary>
    public async Task<(Resource Resource, ResourceTable Row, TableInfo Info)> ReadyRowAsync(Guid resourceId, Actor actor, CancellationToken ct = default)
    {
        var (r, _, t) = await FindAsync(resourceId, actor, ct);
        if (t is null) throw new CatalogException(Problem.NotFound, "no-table", null, r.Format ?? "?");
        // While a new build runs, the previous table answers; once a build has failed, the previous table no longer
        // describes the resource's file, so it is not served.
        if (t.Status == TableStatus.Failed) throw new CatalogException(Problem.Conflict, "table-failed", null);
        if (t.File is null) throw new CatalogException(Problem.Unavailable, "table-not-ready", null, t.Status.ToString().ToLowerInvariant());
        return (r, t, TableInfo.From(t));
    }

    /// <summary>
    /// A query string's pairs in their order, repeated keys kept (the order of sorts matters), read as the tabular API
    /// reads it: a key alone (<c>col__groupby</c>) has an empty value.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> QueryPairs(string? query)
    {
        if (string.IsNullOrEmpty(query)) yield break;
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            yield return new(key, value);
        }
    }

    public TableQuery Parse(TableInfo t, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        new QueryParser(t.Columns, options.DefaultPageSize, options.MaxPageSize).Parse(parameters);

    public Task<TablePage> PageAsync(TableInfo t, TableQuery q, CancellationToken ct = default) => RunAsync(t, lease =>
    {
        var words = Words(lease, q.Text);
        var compiler = new QueryCompiler(q, t.Columns, lease.Data, lease.Terms, words);
        var scanOnly = false;
        if (compiler.IsLookup)
        {
            if (Lookup(lease, compiler, q) is { } found) return found;
            // Too many rows for the index: DuckDB scans instead, and the page stops at its first rows (fresh parameters).
            scanOnly = true;
            compiler = new QueryCompiler(q, t.Columns, lease.Data, lease.Terms, words, scanOnly);
        }
        long? total = compiler.IsPlain ? t.Rows : compiler.KnownTotal;
        var offset = (long)(q.Page - 1) * q.PageSize;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var count = 0;
        var more = false;
        Cursor? next = null;
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            if (q.After is not null || total is null || offset < total)
            {
                var sql = compiler.Rows(q.PageSize + 1, offset, forPage: true, withId: !q.IsAggregate);
                using var reader = lease.Reader(sql, compiler.Parameters.Values);
                var sortOrdinals = compiler.SortAliases.Select(reader.GetOrdinal).ToArray();
                var visible = Enumerable.Range(0, reader.FieldCount).Where(i => !QueryCompiler.IsHidden(reader.GetName(i))).ToArray();
                var totalOrdinal = Enumerable.Range(0, reader.FieldCount).FirstOrDefault(i => reader.GetName(i) == QueryCompiler.TotalAlias, -1);
                var names = visible.Select(reader.GetName).ToArray();
                while (reader.Read())
                {
                    if (totalOrdinal >= 0) total ??= reader.GetInt64(totalOrdinal);
                    if (count == q.PageSize) { more = true; break; }
                    json.WriteStartObject();
                    for (var k = 0; k < visible.Length; k++)
                    {
                        json.WritePropertyName(names[k]);
                        CellValues.WriteJson(json, CellValues.Read(reader, visible[k]));
                    }
                    json.WriteEndObject();
                    count++;
                    if (!q.IsAggregate)
                        next = new Cursor(reader.GetInt64(0) - 1, sortOrdinals.Select(o => reader.IsDBNull(o) ? null : reader.GetValue(o)).ToList());
                }
            }
            json.WriteEndArray();
        }
        // A first page that is not full is the whole result: no need to count it again.
        if (total is null && offset == 0 && q.After is null && !more) total = count;
        if (total is null)
        {
            var counter = new QueryCompiler(q, t.Columns, lease.Data, lease.Terms, words, scanOnly);
            total = Convert.ToInt64(lease.Scalar(counter.Count(), counter.Parameters.Values), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new TablePage(buffer.WrittenSpan.ToArray(), count, total.Value, more, more ? next : null);
    }, options.QueryTimeout, ct);

    /// <summary>A page cut from an index lookup's rows (all of them, in file order), or null when there are too many.</summary>
    private static TablePage? Lookup(TableLease lease, QueryCompiler compiler, TableQuery q)
    {
        var rows = new List<object[]>();
        string[] names;
        using (var reader = lease.Reader(compiler.Lookup(), compiler.Parameters.Values))
        {
            names = Enumerable.Range(1, reader.FieldCount - 1).Select(reader.GetName).ToArray();
            while (reader.Read())
            {
                if (rows.Count == QueryCompiler.LookupLimit) return null;
                var values = new object[reader.FieldCount];
                values[0] = reader.GetInt64(0);
                for (var i = 1; i < values.Length; i++) values[i] = CellValues.Read(reader, i);
                rows.Add(values);
            }
        }
        rows.Sort((a, b) => ((long)a[0]).CompareTo((long)b[0]));
        var start = q.After is { } after ? rows.FindIndex(r => (long)r[0] > after.RowId) : (int)Math.Min((long)(q.Page - 1) * q.PageSize, rows.Count);
        if (start < 0) start = rows.Count;
        var page = rows.Skip(start).Take(q.PageSize).ToList();
        var more = start + page.Count < rows.Count;
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var row in page)
            {
                json.WriteStartObject();
                json.WriteNumber(QueryParser.RowId, (long)row[0] + 1);
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    CellValues.WriteJson(json, row[i + 1]);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        Cursor? next = more ? new Cursor((long)page[^1][0], q.Sort.Select(_ => (object?)(long)page[^1][0]).ToList()) : null;
        return new TablePage(buffer.WrittenSpan.ToArray(), page.Count, rows.Count, more, next);
    }

    /// <summary>Rows to export: the whole filtered or aggregated result (paging parameters do not apply).</summary>
    public async Task ExportAsync(TableInfo t, TableQuery q, ExportFormat format, Stream output, CancellationToken ct = default)
    {
        if (format == ExportFormat.GeoJson && t.Geo is null) throw new CatalogException(Problem.Invalid, "no-coordinates", null);
        if (format == ExportFormat.GeoJson && q.Columns is { } cols && !q.IsAggregate)
            q = q with { Columns = cols.Union(new[] { t.Geo!.Latitude, t.Geo.Longitude, t.Geo.Point }.OfType<string>()).ToList() };
        var lease = Open(t);
        lease.Token = ct;
        try
        {
            using var cancel = ct.Register(lease.Cancel);
            var words = Words(lease, q.Text);
            if (format == ExportFormat.Xlsx)
            {
                var counter = new QueryCompiler(q, t.Columns, lease.Data, lease.Terms, words);
                var total = counter.IsPlain ? t.Rows : Convert.ToInt64(lease.Scalar(counter.Count(), counter.Parameters.Values), System.Globalization.CultureInfo.InvariantCulture);
                if (total > TableWriter.XlsxMaxRows) throw new CatalogException(Problem.Invalid, "xlsx-too-many-rows", null, total, TableWriter.XlsxMaxRows);
            }
            var compiler = new QueryCompiler(q, t.Columns, lease.Data, lease.Terms, words);
            var withId = q.Columns?.Contains(QueryParser.RowId) == true;
            var sql = compiler.Rows(null, 0, forPage: false, withId: withId && !q.IsAggregate);
            if (format == ExportFormat.Parquet)
            {
                var temp = Path.Combine(options.Folder, ".tmp", Guid.NewGuid().ToString("N") + ".parquet");
                try
                {
                    await Task.Run(() => lease.NonQuery($"COPY ({sql}) TO {Sql.Literal(temp)} (FORMAT parquet, COMPRESSION zstd)", compiler.Parameters.Values), ct);
                    await using var file = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose);
                    await file.CopyToAsync(output, ct);
                }
                finally { File.Delete(temp); }
                return;
            }
            using var reader = await Task.Run(() => lease.Reader(sql, compiler.Parameters.Values), ct);
            await TableWriter.WriteAsync(format, reader, t.Geo, output, ct);
        }
        catch (DuckDBException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        finally { lease.Dispose(); }
    }

    /// <summary>The words of <c>q=</c>, cut and folded by DuckDB with the very expression that built the terms table.</summary>
    private static List<string> Words(TableLease lease, string? text)
    {
        if (text is null) return [];
        var words = new List<string>();
        using var reader = lease.Reader(
            $"SELECT DISTINCT w FROM (SELECT unnest(regexp_split_to_array({Ingest.TermSql.Fold("$1")}, '[^a-z0-9]+')) AS w) WHERE w <> '' AND length(w) <= {Ingest.TermSql.MaxLength}",
            [text]);
        while (reader.Read()) words.Add(reader.GetString(0));
        // Only punctuation: no row can match. A space is never a word of the index.
        if (words.Count == 0) words.Add(" ");
        return words;
    }

    private TableLease Open(TableInfo t)
    {
        try { return engine.Open(Path.Combine(options.Folder, t.File)); }
        catch (FileNotFoundException)
        {
            // Rebuilt and removed by another process between reading the catalogue and opening the file.
            throw new CatalogException(Problem.Unavailable, "table-not-ready", null, "building");
        }
    }

    private async Task<T> RunAsync<T>(TableInfo t, Func<TableLease, T> work, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var lease = Open(t);
        lease.Token = limit.Token;
        try
        {
            using (limit.Token.Register(lease.Cancel))
                return await Task.Run(() => work(lease), CancellationToken.None);
        }
        catch (Exception e) when (e is DuckDBException or OperationCanceledException && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (Exception e) when (e is DuckDBException or OperationCanceledException && limit.IsCancellationRequested)
        {
            throw new CatalogException(Problem.Unavailable, "query-timeout", null, Math.Max(1, (int)Math.Round(timeout.TotalSeconds)));
        }
        catch (DuckDBException e) when (e.Message.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new CatalogException(Problem.Unavailable, "query-memory", null, options.MemoryLimitMb);
        }
        finally { lease.Dispose(); }
    }
}
