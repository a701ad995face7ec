using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Bench;

/// <summary>
/// algorithm-search: the register's in-memory search at a size far beyond any real register, against the bare engine
/// the dataset search uses (SQLite FTS5 over the same stored terms), in one run. Entries are written through
/// <see cref="AlgorithmService"/>, as the API writes them, so the terms and facets are Socle's own.
/// </summary>
internal static class AlgorithmSearchBench
{
    private static readonly string[] Words =
        ["calcul", "transport", "bourse", "logement", "cantine", "crèche", "redevance", "impôt", "subvention", "contrôle", "inspection",
         "priorisation", "barème", "classement", "attribution", "tarif", "aide", "lycée", "eau", "air", "santé", "emploi", "stationnement"];

    // Query, facet filter, and the FTS5 expression Socle's analyser builds for the text (checked: same count, or a PROBLEM line).
    private static readonly (string Id, string? Q, (string, string)? Filter, string? Fts5)[] Queries =
    [
        ("all, by name", null, null, null),
        ("q=calcul", "calcul", null, "(\"calcul\"*)"),
        ("q=\"calcul \" (whole word)", "calcul ", null, "(\"calcul\")"),
        ("q=crèche transport", "crèche transport", null, "(\"crech\" OR \"creche\") AND (\"transport\")"),
        ("automation=automated", null, ("automation", "automated"), null),
        ("q=tarif + lifecycle=in-use", "tarif", ("lifecycle", "in-use"), "(\"tarif\")"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int entries = 2000, iterations = 100, warmup = 10;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--entries": entries = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--iterations": iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        var folder = Directory.CreateTempSubdirectory("socle-bench-algorithms").FullName;
        try
        {
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddSocleCatalog(new CatalogOptions { DataFolder = folder });
            await using var provider = services.BuildServiceProvider();
            await CatalogModule.MigrateAsync(provider);

            var load = Stopwatch.StartNew();
            await SeedAsync(provider, entries);
            load.Stop();
            Console.Error.WriteLine($"  {entries} entries written and published through AlgorithmService in {load.Elapsed.TotalSeconds:0.0} s");

            // The bare engine: an FTS5 table of the same analysed terms, as the dataset search stores them.
            await using var fts = new SqliteConnection("Data Source=:memory:");
            await fts.OpenAsync();
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                await Exec(fts, "CREATE VIRTUAL TABLE t USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0')");
                await using var tx = fts.BeginTransaction();
                foreach (var a in await db.Algorithms.AsNoTracking().Where(x => x.Status == DatasetStatus.Published).ToListAsync())
                {
                    await using var cmd = fts.CreateCommand();
                    cmd.CommandText = "INSERT INTO t(rowid, terms) VALUES ($k, $t)";
                    cmd.Parameters.AddWithValue("$k", a.Key);
                    cmd.Parameters.AddWithValue("$t", a.TitleTerms + " " + a.KeywordTerms + " " + a.BodyTerms);
                    await cmd.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }

            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"Algorithm register search, {entries} published entries (SQLite), {iterations} searches per query after {warmup} warm-ups (ms):");
            md.AppendLine();
            md.AppendLine("| query | matches | Socle p50 | Socle p95 | FTS5 match p50 | Socle / FTS5 (p50) |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var (id, q, filter, expression) in Queries)
            {
                var query = new AlgorithmQuery
                {
                    Q = q, PageSize = 20,
                    Filters = filter is { } f ? new Dictionary<string, string[]> { [f.Item1] = [f.Item2] } : new Dictionary<string, string[]>(),
                };
                var total = 0;
                var socle = await TimeAsync(iterations, warmup, async () =>
                {
                    await using var scope = provider.CreateAsyncScope();
                    total = (await scope.ServiceProvider.GetRequiredService<AlgorithmSearch>().SearchAsync(query)).Total;
                });
                List<double>? raw = null;
                if (expression is not null)
                {
                    var count = 0;
                    raw = await TimeAsync(iterations, warmup, async () =>
                    {
                        await using var cmd = fts.CreateCommand();
                        cmd.CommandText = "SELECT rowid FROM t WHERE t MATCH $q";
                        cmd.Parameters.AddWithValue("$q", expression);
                        count = 0;
                        await using var r = await cmd.ExecuteReaderAsync();
                        while (await r.ReadAsync()) count++;
                    });
                    if (filter is null && count != total)
                        Console.Error.WriteLine($"PROBLEM: {id}: FTS5 finds {count} entries, Socle {total}: the expression no longer matches Socle's analyser");
                }
                double p50 = Stats.Percentile(socle, 50), p95 = Stats.Percentile(socle, 95);
                var raw50 = raw is null ? double.NaN : Stats.Percentile(raw, 50);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {id} | {total} | {p50:0.0} | {p95:0.0} | {(raw is null ? "–" : raw50.ToString("0.00", CultureInfo.InvariantCulture))} | {(raw is null ? "–" : (p50 / raw50).ToString("0.0", CultureInfo.InvariantCulture) + "×")} |");
            }

            var export = await TimeAsync(5, 1, async () =>
            {
                await using var scope = provider.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<AlgorithmSearch>().SearchAsync(new AlgorithmQuery { All = true });
                await scope.ServiceProvider.GetRequiredService<AlgorithmExports>().RegisterCsvAsync(TextWriter.Null, result);
            });
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Whole register as CSV (`/api/1/algorithms.csv`): p50 {Stats.Percentile(export, 50):0} ms. Writing: {entries / load.Elapsed.TotalSeconds:0} entries/s (create + publish).");
            Console.Write(md.ToString());
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(IServiceProvider provider, int entries)
    {
        Actor admin;
        var orgs = new List<string>();
        await using (var scope = provider.CreateAsyncScope())
        {
            var account = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync("bench@example.org", "Bench", "correct horse battery", admin: true);
            admin = Actor.For(account);
            for (var i = 0; i < 12; i++)
                orgs.Add((await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateAsync(admin, new JsonObject { ["name"] = $"Collectivité {i}" })).Slug);
        }
        var random = new Random(2026);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        for (var i = 0; i < entries; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var algorithms = scope.ServiceProvider.GetRequiredService<AlgorithmService>();
            var a = await algorithms.CreateAsync(admin, new JsonObject
            {
                ["name"] = $"{Sentence(3)} {i}",
                ["description"] = Sentence(25),
                ["organization"] = orgs[random.Next(orgs.Count)],
                ["fields"] = new JsonObject
                {
                    ["theme"] = new JsonArray(Pick("social", "education", "tax", "environment", "health", "transport", "housing")),
                    ["purpose"] = Sentence(30),
                    ["automation"] = Pick("decision-support", "automated"),
                    ["decision_role"] = Sentence(30),
                    ["algorithm_type"] = Pick("rules", "rules", "machine-learning", "mixed"),
                    ["operations"] = Sentence(80),
                    ["lifecycle"] = Pick("in-use", "in-use", "in-development", "retired"),
                    ["scope"] = Pick("external", "internal"),
                    ["contact_email"] = "contact@example.org",
                },
            });
            await algorithms.TransitionAsync(admin, a.Slug, "publish", null);
        }
    }

    private static async Task<List<double>> TimeAsync(int iterations, int warmup, Func<Task> action)
    {
        var samples = new List<double>(iterations);
        for (var i = 0; i < warmup + iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            if (i >= warmup) samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples;
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
