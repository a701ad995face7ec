using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Dcat;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;
using Socle.Web;

namespace Socle.Bench;

/// <summary>
/// harvest: one Socle (the catalog-load catalogue of N generated datasets, served on a local port) harvested by a second
/// one through its DCAT export, in Turtle, 100 datasets a page: the first run (every dataset created) and a second one
/// (every dataset unchanged). The peer is raptor's <c>rapper</c>, a C parser, on the same pages: it tells how much of a
/// run is parsing and how Socle's Turtle reader compares.
/// </summary>
internal static class HarvestBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int datasets = 2000;
        string? data = null;
        for (var i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--datasets": datasets = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--data": data = args[++i]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        data ??= Path.Combine(Path.GetTempPath(), $"socle-bench-harvest-origin-{datasets}");
        if (await CatalogLoad.RunAsync(["--data", data, "--datasets", datasets.ToString(CultureInfo.InvariantCulture)]) != 0) return 1;

        var port = FreePort();
        var origin = SocleWeb.Build(new WebOptions { Catalog = new CatalogOptions { DataFolder = data, Profile = "gd4h" }, Port = port, RunJobs = false },
            configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await origin.StartAsync();
        var copyFolder = Directory.CreateTempSubdirectory("socle-bench-harvest-copy").FullName;
        try
        {
            var url = $"http://127.0.0.1:{port}/catalog.ttl?page_size=100";
            var pages = await PagesAsync(url);
            var triples = 0;
            var parse = Stopwatch.StartNew();
            foreach (var (page, text) in pages) triples += RdfReader.Read(text, RdfFormat.Turtle, page).Count;
            parse.Stop();
            var rapper = RapperSeconds(pages);

            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            services.AddSocleCatalog(new CatalogOptions { DataFolder = copyFolder, Profile = "gd4h" });
            await using var provider = services.BuildServiceProvider();
            await CatalogModule.MigrateAsync(provider);
            var (actor, source) = await SourceAsync(provider, url);
            var first = await RunAsync(provider, actor, source);
            var second = await RunAsync(provider, actor, source);

            Console.WriteLine($"harvest: {datasets} datasets on {pages.Count} Turtle pages ({triples:N0} triples, {pages.Sum(p => p.Text.Length) / 1048576.0:F1} MB), SQLite copy");
            Console.WriteLine("| step | seconds | per dataset (ms) | note |");
            Console.WriteLine("|---|---:|---:|---|");
            Console.WriteLine($"| Socle's Turtle reader, all pages | {parse.Elapsed.TotalSeconds:F2} | {parse.Elapsed.TotalMilliseconds / datasets:F2} | {(rapper is { } r ? $"rapper (C) on the same pages: {r:F2} s, ratio {parse.Elapsed.TotalSeconds / r:F2}" : "rapper not installed")} |");
            Console.WriteLine($"| first run (fetch, parse, create) | {first.Seconds:F2} | {first.Seconds * 1000 / datasets:F2} | {first.Summary} |");
            Console.WriteLine($"| second run (fetch, parse, compare) | {second.Seconds:F2} | {second.Seconds * 1000 / datasets:F2} | {second.Summary} |");
            return 0;
        }
        finally
        {
            await origin.StopAsync();
            await origin.DisposeAsync();
            try { Directory.Delete(copyFolder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<List<(string Page, string Text)>> PagesAsync(string url)
    {
        using var http = new HttpClient();
        var pages = new List<(string, string)>();
        for (string? next = url; next is not null;)
        {
            var text = await http.GetStringAsync(next);
            pages.Add((next, text));
            var g = RdfReader.Read(text, RdfFormat.Turtle, next);
            next = g.SubjectsOfType("http://www.w3.org/ns/hydra/core#PartialCollectionView")
                .Select(v => g.Object(v, "http://www.w3.org/ns/hydra/core#next")).OfType<RdfIri>().FirstOrDefault()?.Value;
        }
        return pages;
    }

    /// <summary>rapper counting the triples of every page (files written first, so only parsing is timed).</summary>
    private static double? RapperSeconds(List<(string Page, string Text)> pages)
    {
        if (!File.Exists("/usr/bin/rapper")) return null;
        var folder = Directory.CreateTempSubdirectory("socle-bench-harvest-pages").FullName;
        try
        {
            var files = pages.Select((p, i) => { var f = Path.Combine(folder, $"{i}.ttl"); File.WriteAllText(f, p.Text); return (f, p.Page); }).ToList();
            var watch = Stopwatch.StartNew();
            foreach (var (file, page) in files)
            {
                var psi = new ProcessStartInfo("/usr/bin/rapper") { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { "-q", "-i", "turtle", "-c", file, page }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                p.StandardError.ReadToEnd();
                p.WaitForExit();
            }
            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(Actor, string)> SourceAsync(IServiceProvider provider, string url)
    {
        using var scope = provider.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var account = await accounts.RegisterAsync("bench@example.org", "Bench", "correct horse battery", admin: true);
        var actor = new Actor(account.Id, account.DisplayName, true, new Dictionary<Guid, OrganizationRole>());
        var org = await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateAsync(actor, new JsonObject { ["name"] = "Copie" });
        var source = await scope.ServiceProvider.GetRequiredService<HarvestService>().CreateAsync(actor,
            new JsonObject { ["name"] = "Origine", ["type"] = "dcat", ["url"] = url, ["organization"] = org.Slug });
        return (actor, source.Slug);
    }

    /// <summary>One run, timed from its job's start to its end; the resources' jobs it queues are dropped, not run.</summary>
    private static async Task<(double Seconds, string Summary)> RunAsync(IServiceProvider provider, Actor actor, string source)
    {
        Guid runId;
        using (var scope = provider.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            await db.Jobs.Where(j => j.Kind != "harvest.run").ExecuteDeleteAsync();
            runId = (await scope.ServiceProvider.GetRequiredService<HarvestService>().RunAsync(actor, source)).Id;
        }
        var watch = Stopwatch.StartNew();
        await provider.GetRequiredService<JobRunner<CatalogDb>>().RunNextAsync(CancellationToken.None);
        watch.Stop();
        using (var scope = provider.CreateScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<HarvestService>().GetRunAsync(runId);
            if (run.Status != HarvestRunStatus.Succeeded)
            {
                var job = await scope.ServiceProvider.GetRequiredService<CatalogDb>().Jobs.FirstOrDefaultAsync(j => j.Id == run.JobId);
                throw new InvalidOperationException($"run {run.Status}: {run.Error} {job?.State} {job?.Error}");
            }
            return (watch.Elapsed.TotalSeconds, $"{run.Created} created, {run.Updated} updated, {run.Unchanged} unchanged");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
