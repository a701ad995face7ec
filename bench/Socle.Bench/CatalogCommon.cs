using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog;
using Socle.Catalog.Search;
using Socle.Storage.Database;

namespace Socle.Bench;

/// <summary>Options shared by the catalog-* commands.</summary>
internal sealed class CatalogArgs
{
    public string? Data { get; private set; }
    public string? Postgres { get; private set; }
    public int Datasets { get; private set; } = 100_000;
    public int Seed { get; private set; } = CatalogData.DefaultSeed;
    public int Iterations { get; private set; } = 200;
    public int Warmup { get; private set; } = 20;
    public int BatchSize { get; private set; } = 1000;
    public string? Tsv { get; private set; }
    public string? Wrk { get; private set; } = "wrk";
    public int Duration { get; private set; } = 15;
    public int WarmupSeconds { get; private set; } = 3;
    public int Threads { get; private set; } = 2;
    public int Connections { get; private set; } = 8;
    public string? Query { get; private set; }
    public int Port { get; private set; }
    /// <summary>catalog-load: every row through EF's SaveChanges (the index rows too), as DatasetService would write them.</summary>
    public bool EfOnly { get; private set; }
    /// <summary>catalog-serve: ASP.NET Core's own logs at Warning (the host logs every request at Information otherwise).</summary>
    public bool QuietHost { get; private set; }

    /// <summary>"sqlite" or "postgres": the first column of the result rows.</summary>
    public string DatabaseName => Postgres is null ? "sqlite" : "postgres";

    public static CatalogArgs Parse(string[] args)
    {
        var a = new CatalogArgs();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Value().Replace("_", "").Replace(",", ""), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--data": a.Data = Path.GetFullPath(Value()); break;
                case "--postgres": a.Postgres = Value(); break;
                case "--datasets": a.Datasets = Int(); break;
                case "--seed": a.Seed = Int(); break;
                case "--iterations": a.Iterations = Int(); break;
                case "--warmup": a.Warmup = Int(); break;
                case "--batch": a.BatchSize = Int(); break;
                case "--tsv": a.Tsv = Path.GetFullPath(Value()); break;
                case "--wrk": a.Wrk = Value(); break;
                case "--duration": a.Duration = Int(); break;
                case "--warmup-seconds": a.WarmupSeconds = Int(); break;
                case "--threads": a.Threads = Int(); break;
                case "--connections": a.Connections = Int(); break;
                case "--query": a.Query = Value(); break;
                case "--port": a.Port = Int(); break;
                case "--quiet-host": a.QuietHost = true; break;
                case "--ef-only": a.EfOnly = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (a.Data is null) throw new ArgumentException("--data DIR is required");
        if (string.IsNullOrWhiteSpace(a.Postgres)) a.Postgres = null;
        return a;
    }

    public CatalogOptions CatalogOptions() => new()
    {
        DataFolder = Data!,
        Database = Postgres is null ? null : DatabaseOptions.Postgres(Postgres),
        Profile = "gd4h",
    };

    /// <summary>The catalogue's services as the web host and the CLI wire them (logging quiet).</summary>
    public ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSocleCatalog(CatalogOptions());
        return services.BuildServiceProvider();
    }
}

/// <summary>
/// The measured queries. Each free-text one carries the full-text expression Socle builds for it (its analyser is
/// internal, so the expressions are written here by hand; every run checks that the bare engine count equals
/// Socle's total, which it cannot if an expression drifts from Socle's).
/// </summary>
internal sealed record BenchQuery(string Id, string Label, SearchQuery Query, string HttpPath, string? Fts5, string? TsQuery)
{
    // "qualité de l'air": "de" is a stop word, "l'" an elided article; the last word ("air", 3 letters, nothing after it) is a prefix.
    public static readonly BenchQuery Air = new("q-air", "free text \"qualité de l'air\" + facets",
        new SearchQuery { Q = "qualité de l'air", Facets = true }, "/api/1/datasets/?q=qualit%C3%A9%20de%20l%27air",
        "(\"qualit\" OR \"qualite\") AND (\"air\"*)", "(qualit | qualite) & air:*");

    public static readonly BenchQuery Nitrates = new("q-nitrates", "free text \"nitrates eau potable\" + facets",
        new SearchQuery { Q = "nitrates eau potable", Facets = true }, "/api/1/datasets/?q=nitrates%20eau%20potable",
        "(\"nitrat\" OR \"nitrate\") AND (\"eau\") AND (\"potabl\"* OR \"potable\"*)", "(nitrat | nitrate) & eau & (potabl:* | potable:*)");

    public static readonly BenchQuery Rare = new("q-rare", "free text \"légionelles\" (rare) + facets",
        new SearchQuery { Q = "légionelles", Facets = true }, "/api/1/datasets/?q=l%C3%A9gionelles",
        "(\"legionel\"* OR \"legionelle\"*)", "(legionel:* | legionelle:*)");

    public static readonly BenchQuery Filtered = new("f-eau-lov2", "facet filters environment=eau, license=lov2 + facets",
        new SearchQuery { Filters = new Dictionary<string, string[]> { ["environment"] = ["eau"], ["license"] = ["lov2"] }, Facets = true },
        "/api/1/datasets/?environment=eau&license=lov2", null, null);

    public static readonly BenchQuery[] Search = [Air, Nitrates, Rare, Filtered];

    /// <summary>Dataset by slug (random published datasets): <c>DatasetService.GetAsync</c>, <c>GET /api/1/datasets/{slug}/</c>.</summary>
    public const string ById = "by-id";
}

/// <summary>Latency samples → percentiles, and the tab-separated result rows bench/catalog assembles.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string F(double v) => double.IsNaN(v) ? "" : v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>db, where (socle|raw|http), query id, p50, p95, p99 (ms), requests/s, matches, samples.</summary>
    public static void Row(string? tsv, string db, string where, string query, double p50, double p95, double p99, double rps, long total, long n)
    {
        if (tsv is null) return;
        File.AppendAllText(tsv, string.Join('\t', db, where, query, F(p50), F(p95), F(p99), F(rps), total.ToString(CultureInfo.InvariantCulture),
            n.ToString(CultureInfo.InvariantCulture)) + "\n");
    }

    public static void Problem(string? tsv, string text)
    {
        Console.Error.WriteLine("PROBLEM: " + text);
        if (tsv is not null) File.AppendAllText(tsv, "problem\t" + text.Replace('\t', ' ').Replace('\n', ' ') + "\n");
    }
}
