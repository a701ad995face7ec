using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Socle.Catalog.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests;

/// <summary>The HTTP API as a script or a reuser uses it, on SQLite and on PostgreSQL.</summary>
public abstract class ApiTests(Db kind) : IAsyncLifetime
{
    protected WebFixture F = null!;
    public async ValueTask InitializeAsync() => F = await WebFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    private const string Schema = """{ "fields": [ { "name": "commune", "type": "string", "constraints": { "required": true } }, { "name": "nitrates", "type": "number", "constraints": { "minimum": 0 } } ] }""";

    private async Task<string> PublishedDataset(string title)
    {
        var created = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody(title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" })).EnsureSuccessStatusCode();
        return slug;
    }

    [Fact]
    public async Task A_producer_publishes_a_validated_file_and_a_reuser_finds_it()
    {
        var folder = Path.Combine(F.DataFolder, "schemas", "test", "nitrates");
        Directory.CreateDirectory(folder);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "schema.json"), Schema, TestContext.Current.CancellationToken);
        var slug = await PublishedDataset("Nitrates dans les eaux souterraines");

        var upload = await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/",
            WebFixture.File("commune,nitrates\nToulouse,12.5\nAlbi,30\n", "nitrates.csv", ("schema", "test/nitrates"), ("title", "Mesures 2024")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var resource = await Json(upload);
        Assert.Equal("not-validated", resource["validation"]!["status"]!.GetValue<string>());
        Assert.Equal("sha256", resource["checksum"]!["type"]!.GetValue<string>());
        var id = resource["id"]!.GetValue<string>();

        var jobs = await Json(await F.Admin.GetAsync($"/api/1/jobs/?subject=resource:{id}"));
        Assert.Equal("queued", jobs["data"]![0]!["state"]!.GetValue<string>());
        await F.DrainJobsAsync();
        var report = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/resources/{id}/validation/"));
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.True(report["report"]!["valid"]!.GetValue<bool>());

        var download = await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/resources/{id}/download");
        Assert.Equal("commune,nitrates\nToulouse,12.5\nAlbi,30\n", await download.Content.ReadAsStringAsync());

        var search = await Json(await F.Anonymous.GetAsync("/api/1/datasets/?q=nitrate&environment=eau"));
        Assert.Equal(1, search["total"]!.GetValue<int>());
        var hit = search["data"]![0]!;
        Assert.Equal(slug, hit["slug"]!.GetValue<string>());
        Assert.Contains("<mark>Nitrates</mark>", hit["title_html"]!.GetValue<string>());
        var env = search["facets"]!["environment"]!;
        Assert.Equal("Milieu", env["label"]!.GetValue<string>().Split(' ')[0]);
        Assert.Equal(1, env["values"]![0]!["count"]!.GetValue<int>());
        var quality = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/quality/"));
        Assert.Contains(quality["criteria"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "schema" && c["met"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Errors_are_problem_details_in_the_readers_language_and_change_nothing()
    {
        var bad = F.DatasetBody("Mauvais");
        bad["colour"] = "bleu";
        bad["extras"]!["environment"] = new JsonArray("espace");
        var response = await F.Admin.PostAsJsonAsync("/api/1/datasets/", bad);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json(response);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Contains("rien n'a été modifié", problem["title"]!.GetValue<string>());
        Assert.Equal(["colour", "extras.environment"], problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));

        var english = new HttpRequestMessage(HttpMethod.Post, "/api/1/datasets/") { Content = JsonContent.Create(bad) };
        english.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB"));
        foreach (var h in F.Admin.DefaultRequestHeaders) english.Headers.TryAddWithoutValidation(h.Key, h.Value);
        var en = await Json(await F.NewClient().SendAsync(english));
        Assert.Contains("nothing was changed", en["title"]!.GetValue<string>());

        Assert.Equal(0, (await Json(await F.Admin.GetAsync($"/api/1/organizations/{F.OrgSlug}/datasets/")))["total"]!.GetValue<int>());

        var notJson = await F.Admin.PostAsync("/api/1/datasets/", new StringContent("title=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var route = await F.Anonymous.GetAsync("/api/1/nowhere/");
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Writes_need_a_valid_key_and_the_right_role()
    {
        var anonymous = await F.Anonymous.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody("Anonyme"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);

        var forged = F.NewClient();
        forged.DefaultRequestHeaders.Add("X-API-KEY", "socle_0123456789ab_forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/1/datasets/")).StatusCode);

        var slug = await PublishedDataset("Protégé");
        var edit = await F.Outsider.PutAsJsonAsync($"/api/1/datasets/{slug}/", new { title = "Piraté" });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        var upload = await F.Outsider.PostAsync($"/api/1/datasets/{slug}/upload/", WebFixture.File("a\n1\n", "a.csv"));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal("Protégé", (await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/")))["title"]!.GetValue<string>());

        // Anyone signed in may propose a missing dataset: it waits for the organisation's review.
        var proposal = await F.Outsider.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody("Les captages d'eau potable"));
        Assert.Equal(HttpStatusCode.Created, proposal.StatusCode);
        Assert.Equal("proposed", (await Json(proposal))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ETags_spare_downloads_and_If_Match_prevents_lost_updates()
    {
        var slug = await PublishedDataset("Versionné");
        var first = await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/");
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/1/datasets/{slug}/");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await F.Anonymous.SendAsync(again)).StatusCode);

        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/1/datasets/{slug}/") { Content = JsonContent.Create(new { title = "Versionné 2" }) };
        update.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await F.Admin.SendAsync(update)).StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/1/datasets/{slug}/") { Content = JsonContent.Create(new { title = "Versionné 3" }) };
        stale.Headers.IfMatch.Add(etag);
        var refused = await F.Admin.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("Versionné 2", (await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/")))["title"]!.GetValue<string>());

        var revisions = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/revisions/"));
        Assert.Equal(3, revisions.AsArray().Count);
        var diff = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/revisions/compare/?from=2&to=3"));
        Assert.Equal("title", diff["changes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Markdown_is_rendered_without_scripts()
    {
        var body = F.DatasetBody("Markdown");
        body["description"] = "**Gras** et <script>alert(1)</script> [lien](javascript:alert(2)) <img src=x onerror=alert(3)>";
        var created = await Json(await F.Admin.PostAsJsonAsync("/api/1/datasets/", body));
        var html = created["description_html"]!.GetValue<string>();
        Assert.Contains("<strong>Gras</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<img", html); // shown as text, never as a tag
    }

    [Fact]
    public async Task Uploads_over_the_limit_or_with_a_lying_format_are_refused()
    {
        var slug = await PublishedDataset("Limites");
        var big = await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", WebFixture.File(new string('x', (1 << 20) + 10), "gros.csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        var pdf = await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", WebFixture.File("%PDF-1.4\n\0\0binary", "faux.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Equal("content-mismatch", (await Json(pdf))["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Empty((await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/resources/"))).AsArray());
    }

    [Fact]
    public async Task Catalogue_exports_are_csv_and_safe_in_a_spreadsheet()
    {
        await PublishedDataset("=HYPERLINK(\"http://evil\")");
        var csv = await F.Anonymous.GetStringAsync("/datasets.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,slug,title,", lines[0]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", lines[1]);
        Assert.StartsWith("id,slug,name", (await F.Anonymous.GetStringAsync("/organizations.csv")).Split("\r\n")[0]);
        Assert.StartsWith("dataset_id,", await F.Anonymous.GetStringAsync("/resources.csv"));
    }

    [Fact]
    public async Task An_api_key_is_shown_once_and_stops_working_when_revoked()
    {
        var keys = await Json(await F.Admin.GetAsync("/api/1/me/apikeys/"));
        var key = Assert.Single(keys.AsArray())!;
        Assert.Null(key["key"]);
        var revoke = await F.Admin.DeleteAsync($"/api/1/me/apikeys/{key["id"]!.GetValue<string>()}/");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Admin.GetAsync("/api/1/me/")).StatusCode);
    }

    [Fact]
    public async Task The_API_describes_itself()
    {
        var openapi = await Json(await F.Anonymous.GetAsync("/api/1/openapi.json"));
        Assert.NotNull(openapi["paths"]!["/api/1/datasets"]);
        Assert.NotNull(openapi["paths"]!["/api/1/datasets/{dataset}/upload"]);
        var docs = await F.Anonymous.GetAsync("/api/1/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType!.ToString());
        // The interactive page works offline: its script is served by Socle, not by a CDN.
        Assert.Contains("src=\"scalar.js\"", await docs.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await F.Anonymous.GetAsync("/api/1/docs/scalar.js")).StatusCode);
        var profile = await Json(await F.Anonymous.GetAsync("/api/1/profile/?lang=en"));
        Assert.Equal("gd4h", profile["id"]!.GetValue<string>());
        Assert.Contains(profile["fields"]!.AsArray(), f => f!["key"]!.GetValue<string>() == "environment" && f["facet"]!.GetValue<bool>());
        var licenses = await Json(await F.Anonymous.GetAsync("/api/1/datasets/licenses/"));
        Assert.Contains(licenses.AsArray(), l => l!["id"]!.GetValue<string>() == "lov2");
    }
}

public sealed class ApiTestsSqlite() : ApiTests(Db.Sqlite);
public sealed class ApiTestsPostgres() : ApiTests(Db.Postgres);
