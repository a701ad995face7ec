using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog.Search;
using Socle.Web;

namespace Socle.Bench;

/// <summary>
/// <c>catalog-http</c>: serves the catalogue with the real host (<see cref="SocleWeb.Build"/>, as <c>socle serve</c>
/// builds it, jobs off) in a child process (<c>catalog-serve</c>, its output to a file) on a free local port, checks
/// that each URL answers 200 with the total Socle computes in-process (or the dataset asked for), then drives it with
/// wrk: a warm-up run, then a timed run per URL and per connection count (1: latency of a lone client; 8: the server
/// under load). A Lua script cycles through the URLs of a file (one search URL, or 2,000 random dataset pages) and
/// prints wrk's percentiles and requests/s. Last, the dataset page again on a host whose ASP.NET Core logs are at
/// Warning, to show what logging every request costs.
/// </summary>
internal static partial class CatalogHttp
{
    private const string Lua = """
        -- Cycles through the request paths of the file given after "--"; prints one RESULT line at the end.
        local paths = {}
        local counter = 0
        local threads = {}
        function setup(thread)
          thread:set("id", #threads)
          table.insert(threads, thread)
        end
        function init(args)
          for line in io.lines(args[1]) do
            if #line > 0 then paths[#paths + 1] = line end
          end
          counter = (id or 0) * math.floor(#paths / 7)
        end
        function request()
          counter = counter % #paths + 1
          return wrk.format("GET", paths[counter])
        end
        function done(summary, latency, requests)
          local seconds = summary.duration / 1e6
          local e = summary.errors
          io.write(string.format("RESULT p50=%.3f p95=%.3f p99=%.3f mean=%.3f max=%.3f rps=%.1f requests=%d non2xx=%d errors=%d\n",
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
            latency.mean / 1000, latency.max / 1000, summary.requests / seconds, summary.requests,
            e.status, e.connect + e.read + e.write + e.timeout))
        end
        """;

    public static async Task<int> RunAsync(string[] argv, string[] connectionCounts)
    {
        var a = CatalogArgs.Parse(argv);
        var work = Directory.CreateTempSubdirectory("socle-bench-http.");
        var problems = 0;
        await using var sp = a.BuildServices();
        try
        {
            var script = Path.Combine(work.FullName, "paths.lua");
            await File.WriteAllTextAsync(script, Lua);

            // What each URL must answer: the totals Socle computes in-process on the same database.
            var targets = new List<(string Id, string PathsFile, string Shown, long Expected)>();
            foreach (var q in new[] { BenchQuery.Air, BenchQuery.Nitrates, BenchQuery.Filtered })
            {
                await using var scope = sp.CreateAsyncScope();
                var expected = (await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(q.Query)).Total;
                var file = Path.Combine(work.FullName, q.Id + ".txt");
                await File.WriteAllTextAsync(file, q.HttpPath + "\n");
                targets.Add((q.Id, file, q.HttpPath, expected));
            }
            var slugs = await CatalogSearch.SampleSlugsAsync(sp, a.Seed, 2000);
            var byId = Path.Combine(work.FullName, "by-id.txt");
            await File.WriteAllLinesAsync(byId, slugs.Select(s => $"/api/1/datasets/{s}/"));
            targets.Add((BenchQuery.ById, byId, $"/api/1/datasets/{{slug}}/ ({slugs.Count} random datasets)", 1));

            // The default host (as socle serve runs it: every request logged at Information), then, for the dataset
            // page under load, the same host with ASP.NET Core's logs at Warning: what request logging costs.
            foreach (var quiet in new[] { false, true })
            {
                var runs = quiet ? targets.Where(t => t.Id == BenchQuery.ById).ToList() : targets;
                var counts = quiet ? [connectionCounts.Max(c => int.Parse(c, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)] : connectionCounts;
                var log = Path.Combine(work.FullName, quiet ? "host-quiet.log" : "host.log");
                await using var host = await Host.StartAsync(a, quiet, log);
                Console.Error.WriteLine($"catalog-http on {a.DatabaseName}: host process {host.Pid} on {host.BaseUrl}{(quiet ? " (ASP.NET Core logs at Warning)" : "")}, host output to a file; wrk -t{a.Threads} -d{a.Duration}s after a {a.WarmupSeconds} s warm-up");
                if (!quiet)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {a.DatabaseName,-8} {"http",-14} {"ready",-11} {host.ReadySeconds,8:F1} s from process start to the first search answered (start-up, migrations check, search snapshot load)"));
                    Stats.Row(a.Tsv, a.DatabaseName, "http", "ready", host.ReadySeconds * 1000, double.NaN, double.NaN, double.NaN, 0, 1);
                }
                using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
                foreach (var (id, file, shown, expected) in runs)
                {
                    if (!await CheckAsync(a, http, id, file, expected, slugs)) { problems++; continue; }
                    foreach (var c in counts)
                    {
                        var connections = int.Parse(c, CultureInfo.InvariantCulture);
                        var threads = Math.Min(a.Threads, connections);
                        // The quiet host is fresh: a longer warm-up gives its JIT (tiered PGO) what the first host got from
                        // the runs before its dataset-page run.
                        var warmup = quiet ? Math.Max(10, 3 * a.WarmupSeconds) : a.WarmupSeconds;
                        if (warmup > 0) await WrkAsync(a, host.BaseUrl, script, file, threads, connections, warmup);
                        var r = await WrkAsync(a, host.BaseUrl, script, file, threads, connections, a.Duration);
                        if (r is null || r.Value.NonOk > 0 || r.Value.Errors > 0 || r.Value.Requests == 0)
                        {
                            Stats.Problem(a.Tsv, $"{a.DatabaseName} wrk {shown} -c{connections}: " + (r is null ? "no RESULT line" : $"{r.Value.NonOk} non-2xx, {r.Value.Errors} socket errors of {r.Value.Requests}"));
                            problems++;
                            if (r is null) continue;
                        }
                        var v = r.Value;
                        var where = $"http-c{connections}" + (quiet ? "-quiet" : "");
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {a.DatabaseName,-8} {where,-14} {id,-11} p50 {v.P50,8:F2} ms  p95 {v.P95,8:F2} ms  p99 {v.P99,8:F2} ms  {v.Rps,8:F0} req/s  ({v.Requests} requests)  GET {shown}"));
                        Stats.Row(a.Tsv, a.DatabaseName, where, id, v.P50, v.P95, v.P99, v.Rps, v.Requests, v.Requests);
                    }
                }
                await host.DisposeAsync();
                var logged = new FileInfo(log);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {a.DatabaseName,-8} host output{(quiet ? " (logs at Warning)" : "")}: {File.ReadLines(log).LongCount()} lines, {logged.Length / 1e6:F1} MB"));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return problems == 0 ? 0 : 1;
    }

    /// <summary>Before timing: the URL answers 200 with the total Socle computes in-process, or the dataset asked for.</summary>
    private static async Task<bool> CheckAsync(CatalogArgs a, HttpClient http, string id, string file, long expected, List<string> slugs)
    {
        if (id == BenchQuery.ById)
        {
            var bad = 0;
            foreach (var slug in slugs.Take(20))
            {
                var (status, body) = await GetAsync(http, $"/api/1/datasets/{slug}/");
                if (status != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("slug").GetString() != slug) bad++;
            }
            if (bad == 0)
            {
                Console.Error.WriteLine($"  check GET /api/1/datasets/{{slug}}/: 200 and the right dataset for 20 of the {slugs.Count} sampled slugs");
                return true;
            }
            Stats.Problem(a.Tsv, $"{a.DatabaseName} GET /api/1/datasets/{{slug}}/: {bad} of 20 sampled datasets did not answer 200 with their own slug; not timed");
            return false;
        }
        var path = (await File.ReadAllLinesAsync(file))[0];
        var (code, json) = await GetAsync(http, path);
        var total = code == HttpStatusCode.OK ? JsonDocument.Parse(json).RootElement.GetProperty("total").GetInt64() : -1;
        if (code == HttpStatusCode.OK && total == expected)
        {
            Console.Error.WriteLine($"  check GET {path}: 200, total {total} (= SearchService in-process)");
            return true;
        }
        Stats.Problem(a.Tsv, $"{a.DatabaseName} GET {path}: HTTP {(int)code}, total {total}, expected 200 and {expected}; not timed");
        return false;
    }

    /// <summary><c>catalog-serve</c>: the host alone, as <c>socle serve</c> builds it (jobs off), until stopped.</summary>
    public static async Task<int> ServeAsync(string[] argv)
    {
        var a = CatalogArgs.Parse(argv);
        if (a.Port <= 0) throw new ArgumentException("--port is required");
        var app = SocleWeb.Build(new WebOptions { Catalog = a.CatalogOptions(), Port = a.Port, RunJobs = false },
            configure: a.QuietHost ? b => b.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning) : null);
        await SocleWeb.MigrateAsync(app);
        await app.RunAsync();
        return 0;
    }

    /// <summary>A catalog-serve child process (this same program) on a free port; killed, by its id, on dispose.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Task pump;
        public string BaseUrl { get; }
        public int Pid => process.Id;
        /// <summary>From process start to the first answered search (which loads the search snapshot).</summary>
        public double ReadySeconds { get; private set; }

        private Host(Process process, Task pump, string baseUrl) { this.process = process; this.pump = pump; BaseUrl = baseUrl; }

        public static async Task<Host> StartAsync(CatalogArgs a, bool quiet, string log)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(typeof(CatalogHttp).Assembly.Location);
            foreach (var arg in new[] { "catalog-serve", "--data", a.Data!, "--port", port.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(arg);
            if (a.Postgres is not null) { psi.ArgumentList.Add("--postgres"); psi.ArgumentList.Add(a.Postgres); }
            if (quiet) psi.ArgumentList.Add("--quiet-host");
            var p = Process.Start(psi) ?? throw new InvalidOperationException("the host did not start");
            var writer = new StreamWriter(log);
            var pump = Task.WhenAll(Copy(p.StandardOutput, writer), Copy(p.StandardError, writer)).ContinueWith(_ => writer.Dispose());
            var host = new Host(p, pump, $"http://127.0.0.1:{port}");
            using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (p.HasExited)
                {
                    await host.DisposeAsync();
                    throw new InvalidOperationException($"the host exited with code {p.ExitCode}:\n" + string.Join("\n", File.ReadLines(log).TakeLast(20)));
                }
                try
                {
                    using var r = await http.GetAsync("/api/1/datasets/?page_size=1&facets=false");
                    if (r.IsSuccessStatusCode)
                    {
                        host.ReadySeconds = deadline.Elapsed.TotalSeconds;
                        return host;
                    }
                }
                catch (HttpRequestException) { }
                if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                {
                    await host.DisposeAsync();
                    throw new InvalidOperationException("the host did not answer within 3 minutes");
                }
                await Task.Delay(200);
            }
        }

        private static async Task Copy(StreamReader from, StreamWriter to)
        {
            var buffer = new char[8192];
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0)
                lock (to) to.Write(buffer, 0, n);
        }

        private bool disposed;

        public async ValueTask DisposeAsync()
        {
            if (disposed) return;
            disposed = true;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            await pump;
            process.Dispose();
        }
    }

    private readonly record struct WrkResult(double P50, double P95, double P99, double Rps, long Requests, long NonOk, long Errors);

    private static async Task<WrkResult?> WrkAsync(CatalogArgs a, string baseUrl, string script, string paths, int threads, int connections, int seconds)
    {
        var psi = new ProcessStartInfo(a.Wrk!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "-s", script, baseUrl, "--", paths })
            psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var text = await stdout;
        var m = ResultLine().Match(text);
        if (p.ExitCode != 0 || !m.Success)
        {
            Console.Error.WriteLine($"wrk exited {p.ExitCode}:\n{text}{await stderr}");
            return null;
        }
        double D(string k) => double.Parse(m.Groups[k].Value, CultureInfo.InvariantCulture);
        long L(string k) => long.Parse(m.Groups[k].Value, CultureInfo.InvariantCulture);
        return new WrkResult(D("p50"), D("p95"), D("p99"), D("rps"), L("requests"), L("non2xx"), L("errors"));
    }

    [GeneratedRegex(@"RESULT p50=(?<p50>[\d.]+) p95=(?<p95>[\d.]+) p99=(?<p99>[\d.]+) mean=[\d.]+ max=[\d.]+ rps=(?<rps>[\d.]+) requests=(?<requests>\d+) non2xx=(?<non2xx>\d+) errors=(?<errors>\d+)")]
    private static partial Regex ResultLine();

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient http, string path)
    {
        using var r = await http.GetAsync(path);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
