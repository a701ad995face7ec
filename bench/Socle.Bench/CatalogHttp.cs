using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Search;
using Socle.Web;

namespace Socle.Bench;

/// <summary>
/// <c>catalog-http</c>: serves the catalogue with the real host (<see cref="SocleWeb.Build"/>, as <c>socle serve</c>
/// builds it, jobs off) on a free local port, checks that each URL answers 200 with the total Socle computes
/// in-process (or the dataset asked for), then drives it with wrk: a warm-up run, then a timed run per URL and per
/// connection count (1: latency of a lone client; 8: the server under load). A Lua script cycles through the
/// URLs of a file (one search URL, or 2,000 random dataset pages) and prints wrk's percentiles and requests/s.
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
        var port = FreePort();
        var app = SocleWeb.Build(new WebOptions { Catalog = a.CatalogOptions(), Port = port, RunJobs = false });
        await SocleWeb.MigrateAsync(app);
        await app.StartAsync();
        var work = Directory.CreateTempSubdirectory("socle-bench-http.");
        var problems = 0;
        try
        {
            var script = Path.Combine(work.FullName, "paths.lua");
            await File.WriteAllTextAsync(script, Lua);
            var baseUrl = $"http://127.0.0.1:{port}";
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
            Console.Error.WriteLine($"catalog-http on {a.DatabaseName}: Socle host on {baseUrl}; wrk -t{a.Threads} -c{string.Join("/", connectionCounts)} -d{a.Duration}s after a {a.WarmupSeconds} s warm-up, per URL");

            var targets = new List<(string Id, string PathsFile, string Shown)>();
            foreach (var q in new[] { BenchQuery.Air, BenchQuery.Nitrates, BenchQuery.Filtered })
            {
                long expected;
                await using (var scope = app.Services.CreateAsyncScope())
                    expected = (await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(q.Query)).Total;
                var (status, body) = await GetAsync(http, q.HttpPath);
                var total = status == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt64() : -1;
                if (status != HttpStatusCode.OK || total != expected)
                {
                    Stats.Problem(a.Tsv, $"{a.DatabaseName} GET {q.HttpPath}: HTTP {(int)status}, total {total}, expected 200 and {expected}; not timed");
                    problems++;
                    continue;
                }
                Console.Error.WriteLine($"  check GET {q.HttpPath}: 200, total {total} (= in-process SearchService)");
                var file = Path.Combine(work.FullName, q.Id + ".txt");
                await File.WriteAllTextAsync(file, q.HttpPath + "\n");
                targets.Add((q.Id, file, q.HttpPath));
            }

            var slugs = await CatalogSearch.SampleSlugsAsync(app.Services, a.Seed, 2000);
            var bad = 0;
            foreach (var slug in slugs.Take(20))
            {
                var (status, body) = await GetAsync(http, $"/api/1/datasets/{slug}/");
                if (status != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("slug").GetString() != slug) bad++;
            }
            if (bad > 0)
            {
                Stats.Problem(a.Tsv, $"{a.DatabaseName} GET /api/1/datasets/{{slug}}/: {bad} of 20 sampled datasets did not answer 200 with their own slug; not timed");
                problems++;
            }
            else
            {
                Console.Error.WriteLine($"  check GET /api/1/datasets/{{slug}}/: 200 and the right dataset for 20 of {slugs.Count} sampled slugs");
                var file = Path.Combine(work.FullName, "by-id.txt");
                await File.WriteAllLinesAsync(file, slugs.Select(s => $"/api/1/datasets/{s}/"));
                targets.Add((BenchQuery.ById, file, $"/api/1/datasets/{{slug}}/ ({slugs.Count} random datasets)"));
            }

            foreach (var (id, file, shown) in targets)
            {
                foreach (var c in connectionCounts)
                {
                    var connections = int.Parse(c, CultureInfo.InvariantCulture);
                    var threads = Math.Min(a.Threads, connections);
                    if (a.WarmupSeconds > 0) await WrkAsync(a, baseUrl, script, file, threads, connections, a.WarmupSeconds);
                    var r = await WrkAsync(a, baseUrl, script, file, threads, connections, a.Duration);
                    if (r is null || r.Value.NonOk > 0 || r.Value.Errors > 0 || r.Value.Requests == 0)
                    {
                        Stats.Problem(a.Tsv, $"{a.DatabaseName} wrk {shown} -c{connections}: " + (r is null ? "no RESULT line" : $"{r.Value.NonOk} non-2xx, {r.Value.Errors} socket errors of {r.Value.Requests}"));
                        problems++;
                        if (r is null) continue;
                    }
                    var v = r.Value;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {a.DatabaseName,-8} http-c{connections,-3} {id,-11} p50 {v.P50,8:F2} ms  p95 {v.P95,8:F2} ms  p99 {v.P99,8:F2} ms  {v.Rps,8:F0} req/s  ({v.Requests} requests)  GET {shown}"));
                    Stats.Row(a.Tsv, a.DatabaseName, $"http-c{connections}", id, v.P50, v.P95, v.P99, v.Rps, v.Requests, v.Requests);
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            work.Delete(recursive: true);
        }
        return problems == 0 ? 0 : 1;
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
