using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Search;

namespace Socle.Bench;

/// <summary>
/// <c>catalog-profile</c>: where the time of one <see cref="SearchService.SearchAsync"/> goes, statement by statement.
/// The catalogue is wired as usual except that its DbContext gets one more interceptor: on SQLite it registers
/// <c>sqlite3_profile</c> on each opened connection (the engine's own per-statement clock, which also sees the
/// commands SearchService creates on the bare connection); on PostgreSQL an ActivityListener reads Npgsql's
/// per-command activities. Each statement is filed under count / page / facets / dataset loading (EF) / connection
/// pragmas; what is left of the call's wall time is C# (analysis, EF materialisation, snippets, DI).
/// </summary>
internal static class CatalogProfile
{
    private static readonly AsyncLocal<List<(string Sql, double Ms)>?> Current = new();

    public static async Task<int> RunAsync(string[] argv)
    {
        var a = CatalogArgs.Parse(argv);
        var queries = a.Query is null ? [BenchQuery.Air, BenchQuery.Filtered] : BenchQuery.Search.Where(q => q.Id == a.Query).ToArray();
        if (queries.Length == 0) throw new ArgumentException($"--query: one of {string.Join(", ", BenchQuery.Search.Select(q => q.Id))}");

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        var options = a.CatalogOptions();
        services.AddSocleCatalog(options);
        var database = options.ResolvedDatabase;
        ActivityListener? listener = null;
        if (database.IsSqlite)
        {
            var contextOptions = database.Apply(new DbContextOptionsBuilder<SqliteCatalogDb>()).AddInterceptors(new SqliteProfiler()).Options;
            services.AddScoped<CatalogDb>(_ => new SqliteCatalogDb((DbContextOptions<SqliteCatalogDb>)contextOptions));
        }
        else
        {
            listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name.StartsWith("Npgsql", StringComparison.Ordinal),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = act =>
                {
                    var sql = act.GetTagItem("db.query.text") as string ?? act.GetTagItem("db.statement") as string;
                    if (sql is not null) Current.Value?.Add((sql, act.Duration.TotalMilliseconds));
                },
            };
            ActivitySource.AddActivityListener(listener);
        }
        await using var sp = services.BuildServiceProvider();
        try
        {
            foreach (var q in queries) await ProfileAsync(a, sp, q);
        }
        finally
        {
            listener?.Dispose();
        }
        return 0;
    }

    private static async Task ProfileAsync(CatalogArgs a, IServiceProvider sp, BenchQuery q)
    {
        var perCall = new List<(double Total, Dictionary<string, double> Parts)>();
        var sqlOf = new Dictionary<string, string>();
        long total = 0;
        for (var i = 0; i < a.Warmup + a.Iterations; i++)
        {
            var statements = new List<(string Sql, double Ms)>();
            Current.Value = statements;
            var t = Stopwatch.GetTimestamp();
            await using (var scope = sp.CreateAsyncScope())
                total = (await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(q.Query)).Total;
            var wall = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            Current.Value = null;
            if (i < a.Warmup) continue;
            var parts = new Dictionary<string, double>();
            foreach (var (sql, ms) in statements)
            {
                var kind = Kind(sql);
                if (kind is null) continue; // FTS5's own statements, run inside (and timed with) the statement above them
                parts[kind] = parts.GetValueOrDefault(kind) + ms;
                sqlOf.TryAdd(kind, sql);
            }
            parts["C# outside SQL (filters, facet counts, relevance, sort, snippets)"] = wall - statements.Where(s => Kind(s.Sql) is not null).Sum(s => s.Ms);
            perCall.Add((wall, parts));
        }

        var inv = CultureInfo.InvariantCulture;
        var totals = perCall.Select(c => c.Total).Order().ToList();
        Console.WriteLine(string.Create(inv,
            $"profile {a.DatabaseName} {q.Id} ({q.Label}): {total} matches; SearchAsync p50 {Stats.Percentile(totals, 50):F2} ms, p95 {Stats.Percentile(totals, 95):F2} ms over {perCall.Count} calls"));
        var kinds = perCall.SelectMany(c => c.Parts.Keys).Distinct().ToList();
        var median = Stats.Percentile(totals, 50);
        foreach (var kind in kinds.OrderByDescending(k => Stats.Percentile(perCall.Select(c => c.Parts.GetValueOrDefault(k)).Order().ToList(), 50)))
        {
            var values = perCall.Select(c => c.Parts.GetValueOrDefault(kind)).Order().ToList();
            var p50 = Stats.Percentile(values, 50);
            Console.WriteLine(string.Create(inv,
                $"  {kind,-40} p50 {p50,8:F2} ms  p95 {Stats.Percentile(values, 95),8:F2} ms  ({100 * p50 / median,3:F0} % of the median call)"));
            Stats.Row(a.Tsv, a.DatabaseName, "profile", q.Id + ":" + kind, p50, Stats.Percentile(values, 95), Stats.Percentile(values, 99), double.NaN, total, values.Count);
        }
        Console.WriteLine("  statements (first call's text; @p parameters as SearchService binds them):");
        foreach (var (kind, sql) in sqlOf.OrderBy(k => k.Key, StringComparer.Ordinal))
            Console.WriteLine($"    [{kind}] {Shorten(sql)}");
    }

    private static string? Kind(string sql)
    {
        var s = sql.TrimStart();
        if (s.Contains("'main'.'dataset_fts", StringComparison.Ordinal) || s.StartsWith("PRAGMA 'main'.", StringComparison.Ordinal)) return null;
        if (s.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)) return "connection open (PRAGMAs)";
        if (s.Contains("catalog_state", StringComparison.Ordinal)) return "generation check (snapshot current?)";
        if (s.Contains("search_generation >", StringComparison.Ordinal) || s.Contains("dataset_tombstones", StringComparison.Ordinal)) return "snapshot reload";
        if (s.Contains("MATCH @q", StringComparison.Ordinal) || s.Contains("@@ to_tsquery", StringComparison.Ordinal)) return "full-text match (keys of all matches)";
        // The statements of the earlier SQL search (count, page with relevance, facet counts), when measuring that version.
        if (s.StartsWith("SELECT COUNT(*) FROM datasets d WHERE", StringComparison.Ordinal)) return "count";
        if (s.Contains("AS score FROM datasets d", StringComparison.Ordinal)) return "page (score, order, limit)";
        if (s.Contains("FROM dataset_facets WHERE dataset_key IN", StringComparison.Ordinal)) return "facets (group by facet, value)";
        return "load the page's datasets (EF)";
    }

    private static string Shorten(string sql)
    {
        var one = string.Join(' ', sql.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return one.Length <= 1600 ? one : one[..1600] + " …";
    }

    /// <summary>Registers SQLite's per-statement profile callback on every connection the context opens.</summary>
    private sealed class SqliteProfiler : DbConnectionInterceptor
    {
        private static readonly SQLitePCL.strdelegate_profile Callback = (_, sql, ns) => Current.Value?.Add((sql, ns / 1e6));

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Hook(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Hook(connection);
            return Task.CompletedTask;
        }

        // Registered again on every open (a pooled handle keeps it; registering replaces the previous hook).
        private static void Hook(DbConnection connection) => SQLitePCL.raw.sqlite3_profile(((SqliteConnection)connection).Handle!, Callback, null);
    }
}
