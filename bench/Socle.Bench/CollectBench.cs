using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using nietras.SeparatedValues;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Collect;
using Socle.Collect.Data;
using Socle.Collect.Demo;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Storage.Jobs;

namespace Socle.Bench;

/// <summary>
/// collect-import: a register CSV of N rows (ODRÉ-style, generated) imported through its crosswalk into an empty
/// collection — upload, dry run (crosswalk, Socle.Validation, matching), commit — then the same file with 1 % of the
/// rows changed, then "as of" queries on the result. The raw engines run on the same file in the same process: Sep
/// reading every cell (the CSV parser Socle uses) and Socle.Validation alone, so the ratios say what the import adds.
/// </summary>
internal static class CollectBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rows = 150_000;
        string? database = null;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--postgres": database = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        var folder = Directory.CreateTempSubdirectory("socle-bench-collect").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            // About 85 % of generated installations are in service at the export's date: generate enough for N rows.
            var installations = RenewablesGenerator.Generate(rows * 118 / 100, seed: 150);
            var asOf = new DateOnly(2025, 12, 31);
            var first = Path.Combine(folder, "odre-1.csv");
            var second = Path.Combine(folder, "odre-2.csv");
            int written;
            await using (var w = new StreamWriter(first, false, new UTF8Encoding(false))) written = RenewablesGenerator.WriteOdreCsv(installations, asOf, w);
            await using (var w = new StreamWriter(second, false, new UTF8Encoding(false)))
                RenewablesGenerator.WriteOdreCsv(RenewablesGenerator.Perturb(installations, 0.01, seed: 151), asOf, w);
            Console.Error.WriteLine($"generated {written:N0} rows ({new FileInfo(first).Length / 1048576.0:F1} MB) in {watch.Elapsed.TotalSeconds:F1} s");

            var sep = SepSeconds(first);
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            var options = new CatalogOptions { DataFolder = Path.Combine(folder, "data"), Database = database is null ? null : Socle.Storage.Database.DatabaseOptions.Postgres(database) };
            services.AddSocleCatalog(options);
            services.AddSocleCollect(options);
            await using var provider = services.BuildServiceProvider();
            await CatalogModule.MigrateAsync(provider);
            await CollectModule.MigrateAsync(provider);
            var actor = await AdminAsync(provider);

            var one = await ImportAsync(provider, actor, first, asOf);
            var validator = ValidatorSeconds(provider, one.Id);
            var two = await ImportAsync(provider, actor, second, asOf.AddDays(1));
            var queries = await AsOfAsync(provider);

            Console.WriteLine($"collect-import: {written:N0} rows, ODRÉ-style CSV ({new FileInfo(first).Length / 1048576.0:F1} MB, {installations[0].Versions.Count} versions for the first), {(database is null ? "SQLite" : "PostgreSQL")}");
            Console.WriteLine("| step | seconds | rows/s | compared with |");
            Console.WriteLine("|---|---:|---:|---|");
            Console.WriteLine($"| Sep reading every cell of the file (raw parser) | {sep:F2} | {written / sep:N0} | |");
            Console.WriteLine($"| Socle.Validation alone on the normalized file | {validator:F2} | {written / validator:N0} | |");
            Report("first import: dry run", one.Plan, written, sep, one.PlanPlan);
            Report("first import: commit", one.Commit, written, sep, null);
            Console.WriteLine($"| **first import, total** | **{one.Plan + one.Commit:F2}** | {written / (one.Plan + one.Commit):N0} | {(one.Plan + one.Commit) / sep:F1} × Sep; goal < 60 s |");
            Report("re-import (1 % changed): dry run", two.Plan, written, sep, two.PlanPlan);
            Report("re-import: commit", two.Commit, written, sep, null);
            Console.WriteLine($"| **re-import, total** | **{two.Plan + two.Commit:F2}** | {written / (two.Plan + two.Commit):N0} | {(two.Plan + two.Commit) / sep:F1} × Sep; goal < 15 s |");
            foreach (var (name, seconds) in queries) Console.WriteLine($"| as of: {name} | {seconds:F3} | | |");
            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static void Report(string step, double seconds, int rows, double sep, ImportPlan? plan)
    {
        var detail = plan is null ? "" : $"{plan.New:N0} new, {plan.Changed:N0} changed, {plan.Conflicting:N0} conflicting, {plan.Unchanged:N0} unchanged, {plan.Errors:N0} errors; " +
            string.Join(", ", plan.Timings.Select(t => $"{t.Key} {t.Value:F2} s"));
        Console.WriteLine($"| {step} | {seconds:F2} | {rows / seconds:N0} | {seconds / sep:F1} × Sep; {detail} |");
    }

    private static double SepSeconds(string path)
    {
        var watch = Stopwatch.StartNew();
        long cells = 0;
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        foreach (var row in reader)
            for (var i = 0; i < row.ColCount; i++) cells += row[i].Span.Length > 0 ? 1 : 0;
        return watch.Elapsed.TotalSeconds;
    }

    private static double ValidatorSeconds(IServiceProvider provider, Guid import)
    {
        var options = provider.GetRequiredService<CatalogOptions>();
        var normalized = Path.Combine(ImportService.WorkFolder(options, import), "normalized.csv");
        var schema = Socle.Collect.Definitions.CollectionDefinition.Template("installations-enr").Schema;
        var watch = Stopwatch.StartNew();
        Socle.Validation.Validator.ValidateTable(normalized, schema, new Socle.Validation.ValidationOptions { Format = "csv", Delimiter = ',', Header = true });
        return watch.Elapsed.TotalSeconds;
    }

    private sealed record Timed(Guid Id, double Plan, double Commit, ImportPlan PlanPlan);

    private static async Task<Timed> ImportAsync(IServiceProvider provider, Actor actor, string file, DateOnly validFrom)
    {
        var runner = provider.GetRequiredService<JobRunner<CatalogDb>>();
        var watch = Stopwatch.StartNew();
        Guid id;
        using (var scope = provider.CreateScope())
        {
            await using var stream = File.OpenRead(file);
            id = (await scope.ServiceProvider.GetRequiredService<ImportService>().CreateAsync(actor, "enr", stream, Path.GetFileName(file),
                new ImportRequest("odre-registre", null, null, validFrom, null))).Id;
        }
        await runner.RunNextAsync(CancellationToken.None);
        var plan = watch.Elapsed.TotalSeconds;
        ImportPlan planned;
        using (var scope = provider.CreateScope())
        {
            var batch = await scope.ServiceProvider.GetRequiredService<ImportService>().GetAsync("enr", id);
            if (batch.Status != ImportStatus.Planned) throw new InvalidOperationException($"plan {batch.Status}: {batch.Error}");
            planned = ImportPlan.FromJson(batch.Plan)!;
            watch.Restart();
            await scope.ServiceProvider.GetRequiredService<ImportService>().CommitAsync(actor, "enr", id, skipInvalid: false);
        }
        await runner.RunNextAsync(CancellationToken.None);
        var commit = watch.Elapsed.TotalSeconds;
        using (var scope = provider.CreateScope())
        {
            var batch = await scope.ServiceProvider.GetRequiredService<ImportService>().GetAsync("enr", id);
            if (batch.Status != ImportStatus.Committed) throw new InvalidOperationException($"commit {batch.Status}: {batch.Error}");
            // The publication and other jobs a commit may queue are not part of the import.
            await scope.ServiceProvider.GetRequiredService<CatalogDb>().Jobs.Where(j => j.State == JobState.Queued).ExecuteDeleteAsync();
        }
        return new Timed(id, plan, commit, planned);
    }

    private static async Task<List<(string, double)>> AsOfAsync(IServiceProvider provider)
    {
        var result = new List<(string, double)>();
        async Task Time(string name, Func<IServiceProvider, Task> query)
        {
            using var scope = provider.CreateScope();
            await query(scope.ServiceProvider); // warm
            var watch = Stopwatch.StartNew();
            const int runs = 5;
            for (var i = 0; i < runs; i++) await query(scope.ServiceProvider);
            result.Add((name, watch.Elapsed.TotalSeconds / runs));
        }
        await Time("first page (50) of the register on 2025-12-31, with the total", sp => sp.GetRequiredService<RecordService>().ListAsync("enr", new RecordQuery { AsOf = new DateOnly(2025, 12, 31) }));
        await Time("a department's page on 2025-12-31 (filter by département 11)", sp => sp.GetRequiredService<RecordService>().ListAsync("enr", new RecordQuery { AsOf = new DateOnly(2025, 12, 31), Departement = "11" }));
        await Time("current state, first page with the total", sp => sp.GetRequiredService<RecordService>().ListAsync("enr", new RecordQuery()));
        await Time("one record as of 2025-12-31", sp => sp.GetRequiredService<RecordService>().GetAsync("enr", 1234, new DateOnly(2025, 12, 31)));
        await Time("year-end figures 2024–2026 by sector and stage (whole register)", sp => sp.GetRequiredService<StatsService>().OverTimeAsync("enr", null, null, 2024, 2026));
        return result;
    }

    private static async Task<Actor> AdminAsync(IServiceProvider provider)
    {
        using var scope = provider.CreateScope();
        var account = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync("bench@example.org", "Bench", "correct horse battery", admin: true);
        var actor = new Actor(account.Id, account.DisplayName, true, new Dictionary<Guid, OrganizationRole>());
        var org = await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateAsync(actor, new JsonObject { ["name"] = "Observatoire" });
        await scope.ServiceProvider.GetRequiredService<CollectionService>().CreateAsync(actor,
            new JsonObject { ["title"] = "Registre", ["slug"] = "enr", ["organization"] = org.Slug, ["template"] = "installations-enr" });
        return actor;
    }
}
