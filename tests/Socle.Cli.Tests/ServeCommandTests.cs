using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Socle.Validation.Tests;

namespace Socle.Cli.Tests;

/// <summary><c>socle serve</c>: what a newcomer types first, run as a real process on a real port.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("serve", "--port", "abc")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("serve", "extra")]
    [InlineData("serve", "--colour")]
    public void Bad_options_end_with_one_line_and_exit_code_2(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Help_lists_the_options_in_french_and_english()
    {
        Assert.Contains("--demo", CliRunner.Run("serve", "--help").Out);
        Assert.Contains("demonstration data", CliRunner.Run("serve", "--help", "--lang", "en").Out);
    }

    [Fact]
    public async Task The_demo_catalogue_is_browsable_through_the_API_and_its_documentation()
    {
        using var data = new TempFolder();
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "socle.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "serve", "--demo", "--port", port.ToString(), "--data", data.Path])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = false;
            for (var i = 0; i < 240 && !ready && !process.HasExited; i++)
            {
                try { ready = (await http.GetAsync("/api/1/site/", TestContext.Current.CancellationToken)).IsSuccessStatusCode; }
                catch (HttpRequestException) { await Task.Delay(500, TestContext.Current.CancellationToken); }
            }
            Assert.True(ready, "socle serve --demo did not answer:\n" + log);

            var search = JsonNode.Parse(await http.GetStringAsync("/api/1/datasets/?page_size=5", TestContext.Current.CancellationToken))!;
            Assert.True(search["total"]!.GetValue<int>() >= 45, search.ToJsonString());
            Assert.True(search["facets"]!["environment"]!["values"]!.AsArray().Count >= 4);
            var slug = search["data"]![0]!["slug"]!.GetValue<string>();
            var dataset = JsonNode.Parse(await http.GetStringAsync($"/api/1/datasets/{slug}/", TestContext.Current.CancellationToken))!;
            Assert.NotEmpty(dataset["resources"]!.AsArray());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/1/docs/", TestContext.Current.CancellationToken)).StatusCode);
            Assert.StartsWith("id,slug,title", await http.GetStringAsync("/datasets.csv", TestContext.Current.CancellationToken));
            // The demo register of renewable installations, with its history and its published dataset.
            var then = JsonNode.Parse(await http.GetStringAsync("/api/1/collections/installations-enr/records/?as_of=2015-12-31&page_size=1", TestContext.Current.CancellationToken))!;
            var now = JsonNode.Parse(await http.GetStringAsync("/api/1/collections/installations-enr/records/?page_size=1", TestContext.Current.CancellationToken))!;
            Assert.InRange(then["total"]!.GetValue<int>(), 1, now["total"]!.GetValue<int>() - 1);
            var publication = JsonNode.Parse(await http.GetStringAsync("/api/1/collections/installations-enr/publication/", TestContext.Current.CancellationToken))!;
            Assert.True(publication["dataset"]!["resources"]!.AsArray().Count >= 4, publication.ToJsonString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
