using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;

namespace Socle.Bench;

/// <summary>
/// <c>tabular-peers</c>: the reference engines on the same CSV and the same query values as Socle.
/// <list type="bullet">
/// <item>DuckDB: load = <c>COPY (SELECT * FROM read_csv(FILE)) TO 'registre.parquet' (FORMAT parquet)</c>; the queries read
/// the Parquet file directly (<c>read_parquet</c>, with <c>file_row_number</c> standing for <c>__id</c>).</item>
/// <item>PostgreSQL, as data.gouv.fr's tabular API runs it (hydra's table: typed columns and <c>__id serial PRIMARY KEY</c>,
/// PostgREST's SQL): load = CREATE TABLE + <c>COPY … FROM STDIN (FORMAT csv)</c>, then VACUUM ANALYZE (timed apart);
/// the queries; then btree indexes on the filtered and sorted columns (+index time) and the queries again.</item>
/// </list>
/// Each request is what the tabular API sends for one HTTP call: a page of 20 rows (ordered by <c>__id</c> unless a sort
/// is asked) plus the total count of matching rows (<c>meta.total</c>, PostgREST's <c>count=exact</c>), both timed together;
/// the group-by (d) is the aggregate alone (data.gouv.fr gives no total for aggregates).
/// </summary>
internal static class TabularPeers
{
    private const string Columns = "id, nom, code_commune, departement, region, secteur, puissance_mw, date_mise_en_service, latitude, longitude, regime, energie_annuelle_mwh";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = TabularArgs.Parse(args);
        if (a.Csv is null) throw new ArgumentException("usage: tabular-peers --csv FILE [--work DIR] [--postgres CS] [--iterations N]");
        var sidecar = TabularSidecar.Load(a.Sidecar ?? TabularSidecar.PathFor(a.Csv));
        if (new FileInfo(a.Csv).Length != sidecar.Bytes) throw new IOException($"{a.Csv} does not match its sidecar (size differs): generate it again");
        var work = a.Work ?? Path.GetDirectoryName(a.Csv)!;
        Directory.CreateDirectory(work);
        var problems = 0;
        if (!a.NoDuckDb)
        {
            try
            {
                problems += DuckDb(a, sidecar, work);
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException or ArgumentException)
            {
                problems += Problem(a.Tsv, $"duckdb: {e.Message}");
            }
        }
        if (a.Postgres is not null && !a.NoPostgres)
        {
            try
            {
                problems += await PostgresAsync(a, sidecar);
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException or ArgumentException or TimeoutException)
            {
                problems += Problem(a.Tsv, $"postgres: {e.Message}");
            }
        }
        return problems > 0 ? 1 : 0;
    }

    // ---------------------------------------------------------------------------------------------------- DuckDB

    private static int DuckDb(TabularArgs a, TabularSidecar sc, string work)
    {
        var parquet = Path.Combine(work, "registre.parquet");
        File.Delete(parquet);
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        Console.WriteLine($"DuckDB {Scalar(conn, "SELECT version()")}: CSV -> Parquet, then the queries on read_parquet");
        Rows(conn, "SELECT * FROM range(10)"); // the engine and its .NET binding warm, outside the timing
        var sw = Stopwatch.StartNew();
        Exec(conn, $"COPY (SELECT * FROM read_csv('{Sql(a.Csv!)}')) TO '{Sql(parquet)}' (FORMAT parquet)");
        var load = sw.Elapsed.TotalSeconds;
        TabularResults.Load(a.Tsv, "duckdb", load, $"CSV → Parquet, {new FileInfo(parquet).Length / 1e6:F0} MB");

        var src = $"read_parquet('{Sql(parquet)}', file_row_number = true)";
        var types = Rows(conn, $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {src})").Select(r => $"{r[0]} {r[1]}");
        TabularResults.Info(a.Tsv, "DuckDB read_csv detected: " + string.Join(", ", types));
        var count = Convert.ToInt64(Scalar(conn, $"SELECT count(*) FROM {src}"), CultureInfo.InvariantCulture);
        var problems = 0;
        if (count != sc.Rows) problems += Problem(a.Tsv, $"duckdb: the Parquet file holds {count} rows, not {sc.Rows}");

        long Page(string where, string order, int offset, params object[] values)
        {
            using var page = conn.CreateCommand();
            page.CommandText = $"SELECT * FROM {src}{where} ORDER BY {order} LIMIT 20 OFFSET {offset}";
            foreach (var v in values) page.Parameters.Add(new DuckDBParameter(v));
            var rows = ReadAll(page);
            using var total = conn.CreateCommand();
            total.CommandText = $"SELECT count(*) FROM {src}{where}";
            foreach (var v in values) total.Parameters.Add(new DuckDBParameter(v));
            var n = Convert.ToInt64(total.ExecuteScalar(), CultureInfo.InvariantCulture);
            return Check(rows, n, offset);
        }

        long GroupBy()
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT secteur, sum(puissance_mw) AS puissance_mw__sum, count(id) AS id__count FROM {src} GROUP BY secteur LIMIT 20";
            return ReadGroups(cmd);
        }

        problems += Measure(a, sc, "duckdb", Page, GroupBy, "file_row_number");
        return problems;
    }

    private static string Sql(string s) => s.Replace("'", "''");

    private static void Exec(DbConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static List<object[]> Rows(DbConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<object[]>();
        while (r.Read())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            list.Add(row);
        }
        return list;
    }

    /// <summary>Reads every value of every row (as a server building its JSON would); returns the row count.</summary>
    private static int ReadAll(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        return ReadAll(r);
    }

    private static int ReadAll(DbDataReader r)
    {
        var n = 0;
        var values = new object[r.FieldCount];
        while (r.Read())
        {
            r.GetValues(values);
            n++;
        }
        return n;
    }

    /// <summary>The groups of (d) as "secteur=count" pairs folded into one number for the check: the sum of the counts.</summary>
    private static long ReadGroups(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        long rows = 0;
        while (r.Read())
        {
            _ = r.GetString(0);
            _ = Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture);
            rows += Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture);
        }
        return rows;
    }

    /// <summary>The page must hold min(20, total − offset) rows; returns the total.</summary>
    private static long Check(int rows, long total, int offset)
    {
        var expected = (int)Math.Clamp(total - offset, 0, 20);
        if (rows != expected) throw new InvalidOperationException($"page of {rows} rows, {expected} expected (total {total}, offset {offset})");
        return total;
    }

    // ---------------------------------------------------------------------------------------------------- the five requests

    /// <summary>
    /// Runs the requests of the issue on one engine: <paramref name="page"/>(where, order by, offset, parameters) answers a
    /// page of 20 and the total; <paramref name="groupBy"/> answers (d), returning the sum of the group counts.
    /// </summary>
    private static int Measure(TabularArgs a, TabularSidecar sc, string engine,
        Func<string, string, int, object[], long> page, Func<long> groupBy, string idColumn)
    {
        var problems = 0;
        var lastOffset = (int)Math.Max(0, (sc.Rows - 1) / sc.PageSize * sc.PageSize);
        var requests = new (string Id, Func<int, (long Total, long Expected)> Call)[]
        {
            ("a", i =>
            {
                var v = sc.Exact[i % sc.Exact.Count];
                return (page(" WHERE code_commune = $1", idColumn, 0, [v.Value]), v.Rows);
            }),
            ("b", _ => (page(" WHERE puissance_mw >= $1", "date_mise_en_service DESC", 0, [sc.Range.Greater]), sc.Range.Rows)),
            ("c", _ => (page(" WHERE nom ILIKE $1", idColumn, 0, ["%" + sc.Contains.Word + "%"]), sc.Contains.Rows)),
            ("d", _ => (groupBy(), sc.Rows)),
            ("e", _ => (page("", idColumn, lastOffset, []), sc.Rows)),
        };
        foreach (var (id, call) in requests)
        {
            var samples = new List<double>(a.Iterations);
            long total = -1;
            string? wrong = null;
            try
            {
                for (var i = 0; i < a.Warmup + a.Iterations; i++)
                {
                    var sw = Stopwatch.StartNew();
                    var (t, expected) = call(i);
                    var ms = sw.Elapsed.TotalMilliseconds;
                    if (i >= a.Warmup) samples.Add(ms);
                    total = t;
                    if (t != expected) wrong ??= $"{engine} {id}: total {t}, the generator counted {expected}";
                }
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                problems += Problem(a.Tsv, $"{engine} {id}: {e.Message}");
                continue;
            }
            if (wrong is not null) problems += Problem(a.Tsv, wrong);
            TabularResults.Query(a.Tsv, engine, id, samples, id == "a" ? -1 : total);
        }
        return problems;
    }

    private static int Problem(string? tsv, string text)
    {
        Stats.Problem(tsv, text);
        return 1;
    }

    // ---------------------------------------------------------------------------------------------------- PostgreSQL

    private static async Task<int> PostgresAsync(TabularArgs a, TabularSidecar sc)
    {
        var csb = new NpgsqlConnectionStringBuilder(a.Postgres) { CommandTimeout = 0 };
        var database = string.IsNullOrEmpty(csb.Database) || csb.Database == "postgres" ? "socle_bench" : csb.Database;
        var admin = new NpgsqlConnectionStringBuilder(csb.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var c = new NpgsqlConnection(admin.ConnectionString))
        {
            await c.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", c) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync() is null)
                await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", c).ExecuteNonQueryAsync();
        }
        csb.Database = database;
        await using var ds = NpgsqlDataSource.Create(csb.ConnectionString);
        var problems = 0;
        await using (var c = await ds.OpenConnectionAsync())
        {
            Console.WriteLine($"PostgreSQL {c.PostgreSqlVersion} (database {database}): COPY, the queries, btree indexes, the queries again");
            await Exec(c, "DROP TABLE IF EXISTS registre");
            var sw = Stopwatch.StartNew();
            // hydra's table: __id serial PRIMARY KEY, then the columns with the types csv-detective finds.
            await Exec(c, """
                CREATE TABLE registre (
                  __id serial PRIMARY KEY, id varchar, nom varchar, code_commune varchar, departement varchar, region varchar,
                  secteur varchar, puissance_mw double precision, date_mise_en_service date, latitude double precision,
                  longitude double precision, regime varchar, energie_annuelle_mwh double precision)
                """);
            // The file as it is, PostgreSQL parsing the CSV (Npgsql's text import: UTF-8 in, UTF-8 out).
            await using (var copy = await c.BeginTextImportAsync($"COPY registre ({Columns}) FROM STDIN (FORMAT csv, HEADER true)"))
            using (var file = new StreamReader(a.Csv!, System.Text.Encoding.UTF8, false, new FileStreamOptions { BufferSize = 1 << 20, Options = FileOptions.SequentialScan }))
            {
                var buffer = new char[1 << 18];
                int n;
                while ((n = await file.ReadAsync(buffer)) > 0) await copy.WriteAsync(buffer.AsMemory(0, n));
            }
            var load = sw.Elapsed.TotalSeconds;
            sw.Restart();
            await Exec(c, "VACUUM ANALYZE registre");
            var vacuum = sw.Elapsed.TotalSeconds;
            var size = (long)(await new NpgsqlCommand("SELECT pg_total_relation_size('registre')", c).ExecuteScalarAsync())!;
            TabularResults.Load(a.Tsv, "postgres", load, string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE + COPY FROM STDIN (csv); then VACUUM ANALYZE {vacuum:F1} s, not counted; {size / 1e6:F0} MB with the primary key"));
            var count = (long)(await new NpgsqlCommand("SELECT count(*) FROM registre", c).ExecuteScalarAsync())!;
            if (count != sc.Rows) problems += Problem(a.Tsv, $"postgres: the table holds {count} rows, not {sc.Rows}");
        }

        long Page(string where, string order, int offset, object[] values)
        {
            using var conn = ds.OpenConnection();
            using var batch = new NpgsqlBatch(conn);
            var page = new NpgsqlBatchCommand($"SELECT * FROM registre{where} ORDER BY {order} LIMIT 20 OFFSET {offset}");
            var total = new NpgsqlBatchCommand($"SELECT count(*) FROM registre{where}");
            foreach (var v in values)
            {
                page.Parameters.Add(new NpgsqlParameter { Value = v });
                total.Parameters.Add(new NpgsqlParameter { Value = v });
            }
            batch.BatchCommands.Add(page);
            batch.BatchCommands.Add(total);
            using var r = batch.ExecuteReader();
            var rows = ReadAll(r);
            r.NextResult();
            r.Read();
            return Check(rows, r.GetInt64(0), offset);
        }

        long GroupBy()
        {
            using var conn = ds.OpenConnection();
            using var cmd = new NpgsqlCommand("SELECT secteur, sum(puissance_mw) AS puissance_mw__sum, count(id) AS id__count FROM registre GROUP BY secteur LIMIT 20", conn);
            return ReadGroups(cmd);
        }

        problems += Measure(a, sc, "postgres", Page, GroupBy, "__id");

        await using (var c = await ds.OpenConnectionAsync())
        {
            var sw = Stopwatch.StartNew();
            foreach (var column in new[] { "code_commune", "puissance_mw", "date_mise_en_service", "secteur", "nom" })
                await Exec(c, $"CREATE INDEX registre_{column} ON registre ({column})");
            await Exec(c, "ANALYZE registre");
            var index = sw.Elapsed.TotalSeconds;
            var size = (long)(await new NpgsqlCommand("SELECT pg_total_relation_size('registre')", c).ExecuteScalarAsync())!;
            TabularResults.Load(a.Tsv, "postgres-btree", index, string.Create(CultureInfo.InvariantCulture,
                $"5 btree indexes (code_commune, puissance_mw, date_mise_en_service, secteur, nom) + ANALYZE; {size / 1e6:F0} MB in all"));
        }
        problems += Measure(a, sc, "postgres-btree", Page, GroupBy, "__id");
        return problems;
    }

    private static async Task Exec(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
