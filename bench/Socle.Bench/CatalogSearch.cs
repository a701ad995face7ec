using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Socle.Catalog.Data;
using Socle.Catalog.Search;
using Socle.Catalog.Services;

namespace Socle.Bench;

/// <summary>
/// <c>catalog-search</c>: in-process latency of Socle's search and dataset page, next to the bare database engine on
/// the same data. Each Socle call runs in a fresh DI scope (a new DbContext, a pooled connection), as a request does;
/// the raw engine runs its one statement on a connection kept open. Warm-up first, then --iterations timed calls.
/// </summary>
internal static class CatalogSearch
{
    public static async Task<int> RunAsync(string[] argv)
    {
        var a = CatalogArgs.Parse(argv);
        await using var sp = a.BuildServices();
        var slugs = await SampleSlugsAsync(sp, a.Seed, 2000);
        if (slugs.Count == 0) throw new ArgumentException($"no dataset in {a.DatabaseName} (run catalog-load first)");
        await using var raw = await OpenRawAsync(a);
        await using (var v = raw.CreateCommand())
        {
            v.CommandText = a.Postgres is null ? "SELECT 'SQLite ' || sqlite_version()" : "SELECT split_part(version(), ' on ', 1)";
            Console.WriteLine($"engine: {await v.ExecuteScalarAsync()}");
        }
        var problems = 0;
        Console.Error.WriteLine($"catalog-search on {a.DatabaseName}: {a.Warmup} warm-up + {a.Iterations} timed calls per query");

        // The first search after start: it loads the in-memory search snapshot (SearchSnapshot: every dataset's facet
        // values, sort keys and title/keyword terms); later searches only check the catalogue's generation counter.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var t0 = Stopwatch.GetTimestamp();
        long coldTotal;
        await using (var scope = sp.CreateAsyncScope())
            coldTotal = (await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(BenchQuery.Air.Query)).Total;
        var cold = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var heap = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {a.DatabaseName,-8} {"socle",-6} {"first",-11} {cold,8:F0} ms: the first search after start (\"qualité de l'air\", loads the search snapshot; managed heap +{heap:F0} MB)"));
        Stats.Row(a.Tsv, a.DatabaseName, "cold", "first-search", cold, heap, double.NaN, double.NaN, coldTotal, 1);

        foreach (var q in BenchQuery.Search)
        {
            var (socle, total) = await TimeAsync(a, async _ =>
            {
                await using var scope = sp.CreateAsyncScope();
                var search = scope.ServiceProvider.GetRequiredService<SearchService>();
                var r = await search.SearchAsync(q.Query);
                return r.Total;
            });
            Report(a, "socle", q.Id, q.Label, socle, total);

            var rawSql = RawCountSql(a, q);
            var (engine, count) = await TimeAsync(a, async _ =>
            {
                await using var cmd = raw.CreateCommand();
                cmd.CommandText = rawSql.Sql;
                if (rawSql.Param is { } p) Add(cmd, "q", p);
                return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            });
            Report(a, "raw", q.Id, rawSql.Label, engine, count);
            Ratio(socle, engine);
            if (count != total)
            {
                Stats.Problem(a.Tsv, $"{a.DatabaseName} {q.Id}: the bare engine counts {count} matches, Socle {total}: the hand-written expression no longer matches Socle's analyser");
                problems++;
            }
        }

        // One dataset changes (its index refreshed in a transaction, as every edit does): the next search reloads what
        // changed since the snapshot's generation. Timed: that next search. The dataset's content is unchanged.
        var changed = new List<double>();
        for (var i = 0; i < Math.Max(5, a.Iterations / 20); i++)
        {
            await using (var scope = sp.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                var slug = slugs[i % slugs.Count];
                var d = await db.Datasets.Include(x => x.Resources).FirstAsync(x => x.Slug == slug);
                await using var tx = await db.Database.BeginTransactionAsync();
                await scope.ServiceProvider.GetRequiredService<DatasetIndexer>().RefreshAsync(d);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
            var t = Stopwatch.GetTimestamp();
            await using (var scope = sp.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(BenchQuery.Air.Query);
            changed.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        changed.Sort();
        Report(a, "socle", "after-edit", "\"qualité de l'air\" right after one dataset changed (snapshot catches up)", changed, coldTotal);

        // Dataset by slug: DatasetService.GetAsync (dataset + organisation + licence, then its resources) vs the two bare statements.
        var (byId, found) = await TimeAsync(a, async i =>
        {
            await using var scope = sp.CreateAsyncScope();
            var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
            var d = await datasets.GetAsync(slugs[i % slugs.Count], Actor.Anonymous);
            return d.Resources.Count > 0 ? 1 : 0;
        });
        Report(a, "socle", BenchQuery.ById, "dataset by slug: DatasetService.GetAsync", byId, found);
        var (rawById, rawFound) = await TimeAsync(a, async i =>
        {
            long key = -1, n = 0;
            await using (var cmd = raw.CreateCommand())
            {
                cmd.CommandText = "SELECT d.*, o.*, l.* FROM datasets d LEFT JOIN organizations o ON o.id = d.organization_id " +
                                  "LEFT JOIN licenses l ON l.id = d.license_id WHERE d.slug = @q";
                Add(cmd, "q", slugs[i % slugs.Count]);
                await using var r = await cmd.ExecuteReaderAsync();
                var values = new object[r.FieldCount];
                while (await r.ReadAsync()) { r.GetValues(values); key = Convert.ToInt64(r["key"], CultureInfo.InvariantCulture); }
            }
            await using (var cmd = raw.CreateCommand())
            {
                cmd.CommandText = "SELECT * FROM resources WHERE dataset_key = @q ORDER BY position";
                Add(cmd, "q", key);
                await using var r = await cmd.ExecuteReaderAsync();
                var values = new object[r.FieldCount];
                while (await r.ReadAsync()) { r.GetValues(values); n++; }
            }
            return n > 0 ? 1 : 0;
        });
        Report(a, "raw", BenchQuery.ById, "dataset row (+ organisation, licence) and its resources, bare SQL", rawById, rawFound);
        Ratio(byId, rawById);
        return problems == 0 ? 0 : 1;
    }

    /// <summary>Random published datasets' slugs (deterministic for a seed), for by-id lookups.</summary>
    public static async Task<List<string>> SampleSlugsAsync(IServiceProvider sp, int seed, int n)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var all = await db.Datasets.AsNoTracking().OrderBy(d => d.Key).Select(d => d.Slug).ToListAsync();
        var rng = new Random(seed);
        return Enumerable.Range(0, Math.Min(n, all.Count)).Select(_ => all[rng.Next(all.Count)]).ToList();
    }

    public static async Task<DbConnection> OpenRawAsync(CatalogArgs a)
    {
        DbConnection conn = a.Postgres is null
            ? new SqliteConnection(a.CatalogOptions().ResolvedDatabase.ConnectionString)
            : new NpgsqlConnection(a.Postgres);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>The bare engine's count for a query: the full-text index alone, or the two facet rows joined.</summary>
    public static (string Sql, string? Param, string Label) RawCountSql(CatalogArgs a, BenchQuery q)
    {
        if (q.Fts5 is null)
            return ("SELECT count(*) FROM dataset_facets e JOIN dataset_facets l ON l.dataset_key = e.dataset_key AND l.facet = 'license' AND l.value = 'lov2' " +
                    "WHERE e.facet = 'environment' AND e.value = 'eau'", null, "bare SQL count over dataset_facets");
        return a.Postgres is null
            ? ("SELECT count(*) FROM dataset_fts WHERE dataset_fts MATCH @q", q.Fts5, $"bare FTS5 count, MATCH '{q.Fts5}'")
            : ("SELECT count(*) FROM dataset_search_texts WHERE document @@ to_tsquery('simple', @q)", q.TsQuery, $"bare tsvector count, to_tsquery('simple', '{q.TsQuery}')");
    }

    public static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>Warm-up, then timed calls; returns the sorted latencies (ms) and the last call's result.</summary>
    public static async Task<(List<double> Ms, long Result)> TimeAsync(CatalogArgs a, Func<int, Task<long>> call)
    {
        long result = 0;
        for (var i = 0; i < a.Warmup; i++) result = await call(i);
        var ms = new List<double>(a.Iterations);
        for (var i = 0; i < a.Iterations; i++)
        {
            var t = Stopwatch.GetTimestamp();
            result = await call(a.Warmup + i);
            ms.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        ms.Sort();
        return (ms, result);
    }

    private static void Report(CatalogArgs a, string where, string id, string label, List<double> ms, long total)
    {
        double p50 = Stats.Percentile(ms, 50), p95 = Stats.Percentile(ms, 95), p99 = Stats.Percentile(ms, 99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {a.DatabaseName,-8} {where,-6} {id,-11} p50 {p50,8:F2} ms  p95 {p95,8:F2} ms  p99 {p99,8:F2} ms  matches {total,7}  {label}"));
        Stats.Row(a.Tsv, a.DatabaseName, where, id, p50, p95, p99, double.NaN, total, ms.Count);
    }

    private static void Ratio(List<double> socle, List<double> raw) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"",-8} {"",-6} {"",-11} socle / raw: p50 {Stats.Percentile(socle, 50) / Stats.Percentile(raw, 50),6:F1} x, p95 {Stats.Percentile(socle, 95) / Stats.Percentile(raw, 95),6:F1} x"));
}
