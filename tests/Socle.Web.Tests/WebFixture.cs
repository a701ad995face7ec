using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Tests;
using Socle.Storage.Jobs;

namespace Socle.Web.Tests;

/// <summary>
/// The real web host (every middleware, real database, real files) on an in-memory server, with two people who
/// hold API keys: an organisation's admin and an outsider. Jobs are run by the test when it wants them run.
/// </summary>
public sealed class WebFixture : IAsyncDisposable
{
    private TestDatabase database = null!;
    private WebApplication app = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Outsider { get; private set; } = null!;
    public string OrgSlug { get; private set; } = "";
    public string DataFolder => database.DataFolder;

    /// <summary>
    /// The host on the in-memory test server; with <paramref name="listen"/>, on a real local port instead, for tests where
    /// another program (a harvester) must reach it over HTTP.
    /// </summary>
    public static async Task<WebFixture> CreateAsync(Db kind, bool listen = false)
    {
        var f = new WebFixture { database = await TestDatabase.CreateAsync(kind) };
        var port = listen ? FreePort() : 0;
        f.app = SocleWeb.Build(new WebOptions
        {
            Port = port,
            Catalog = new CatalogOptions
            {
                DataFolder = f.database.DataFolder, Database = f.database.Options, Profile = "gd4h", MaxUploadBytes = 1 << 20,
                // A source slower than this is a source that hangs, as far as the tests are concerned.
                Harvest = new Socle.Catalog.Harvest.HarvestOptions { Timeout = TimeSpan.FromSeconds(2) },
            },
            RunJobs = false,
        }, configure: b => { if (!listen) b.WebHost.UseTestServer(); });
        await SocleWeb.MigrateAsync(f.app);
        await f.app.StartAsync();
        if (listen) f.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        f.Anonymous = f.NewClient();
        f.Admin = await f.SignUpWithKeyAsync("admin@example.org", "Administratrice");
        f.Outsider = await f.SignUpWithKeyAsync("someone@example.org", "Quelqu'un");
        var org = await f.Admin.PostAsJsonAsync("/api/1/organizations/", new { name = "Agence de l'eau (test)", acronym = "AE" });
        org.EnsureSuccessStatusCode();
        f.OrgSlug = (await Json(org))["slug"]!.GetValue<string>();
        return f;
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Registers, signs in with the cookie, creates an API key with it, and returns a client using the key.</summary>
    public async Task<HttpClient> SignUpWithKeyAsync(string email, string name)
    {
        var browser = NewClient();
        (await browser.PostAsJsonAsync("/api/1/auth/register/", new { email, name, password = "correct horse battery" })).EnsureSuccessStatusCode();
        var login = await browser.PostAsJsonAsync("/api/1/auth/login/", new { email, password = "correct horse battery" });
        login.EnsureSuccessStatusCode();
        var cookie = login.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/1/me/apikeys/") { Content = JsonContent.Create(new { name = "tests" }) };
        request.Headers.Add("Cookie", cookie);
        var created = await browser.SendAsync(request);
        created.EnsureSuccessStatusCode();
        var key = (await Json(created))["key"]!.GetValue<string>();
        var client = NewClient();
        client.DefaultRequestHeaders.Add("X-API-KEY", key);
        return client;
    }

    /// <summary>The real address when the host listens on a port; null on the in-memory server.</summary>
    public Uri? BaseAddress { get; private set; }

    public HttpClient NewClient() => BaseAddress is { } address
        ? new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = address }
        : app.GetTestClient();

    /// <summary>The host's services: what a test reads the database through to check that a refused request left nothing behind.</summary>
    public IServiceProvider Services => app.Services;

    public Task<int> DrainJobsAsync() => app.Services.GetRequiredService<JobRunner<CatalogDb>>().DrainAsync(CancellationToken.None);

    public static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public JsonObject DatasetBody(string title, string environment = "eau") => new()
    {
        ["title"] = title,
        ["description"] = "Concentrations mesurées aux points de prélèvement du réseau de contrôle, avec la date, la commune et le paramètre analysé.",
        ["organization"] = OrgSlug,
        ["license"] = "lov2",
        ["tags"] = new JsonArray("nitrates"),
        ["frequency"] = "monthly",
        ["extras"] = new JsonObject { ["environment"] = new JsonArray(environment), ["nature"] = new JsonArray("mesures") },
    };

    /// <summary>An algorithm register entry of the test organisation with every required field of the Etalab profile.</summary>
    public JsonObject AlgorithmBody(string name, string automation = "decision-support", string type = "rules", string lifecycle = "in-use",
        params string[] themes) => new()
    {
        ["name"] = name,
        ["description"] = "Un barème classe les demandes ; une commission décide au vu du classement.",
        ["organization"] = OrgSlug,
        ["fields"] = new JsonObject
        {
            ["theme"] = new JsonArray([.. (themes.Length == 0 ? ["social"] : themes).Select(t => (JsonNode?)t)]),
            ["purpose"] = "Attribuer les places disponibles de façon équitable et explicable.",
            ["automation"] = automation,
            ["decision_role"] = "Le logiciel calcule les points de chaque demande ; la commission décide.",
            ["algorithm_type"] = type,
            ["operations"] = "Points par critère : activité des parents (+30), famille monoparentale (+40).",
            ["lifecycle"] = lifecycle,
            ["contact_email"] = "algorithmes@example.org",
        },
    };

    public static MultipartFormDataContent File(string content, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        return form;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) { await app.StopAsync(); await app.DisposeAsync(); }
        await database.DisposeAsync();
    }
}
