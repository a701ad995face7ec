using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests.Harvest;

/// <summary>
/// The round trip the issue asks for: one Socle's DCAT-AP export, served on a real port, harvested by a second Socle in
/// each RDF syntax with Hydra paging, and compared field by field; then kept in step when the first one changes. Also
/// a second Socle read through its udata-compatible API, and a DCAT source that is not RDF.
/// </summary>
public abstract class DcatHarvestTests(Db kind) : IAsyncLifetime
{
    private WebFixture Origin = null!, Copy = null!;

    public async ValueTask InitializeAsync()
    {
        Origin = await WebFixture.CreateAsync(kind, listen: true);
        Copy = await WebFixture.CreateAsync(kind);
    }

    public async ValueTask DisposeAsync()
    {
        await Copy.DisposeAsync();
        await Origin.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Three published datasets with every field DCAT carries, and a draft that must not travel.</summary>
    private async Task<List<string>> PublishAsync()
    {
        var slugs = new List<string>();
        foreach (var (title, env) in new[] { ("Nitrates dans les nappes", "eau"), ("Bruit routier « Lden »", "cadre-de-vie"), ("Pollens mesurés", "air") })
        {
            var body = Origin.DatasetBody(title, env);
            body["temporal_coverage"] = new JsonObject { ["start"] = "2020-01-01", ["end"] = "2024-12-31" };
            body["spatial"] = new JsonObject { ["zones"] = new JsonArray("fr:region:76", "fr:departement:31") };
            body["contact_point"] = new JsonObject { ["name"] = "Service des données", ["email"] = "donnees@example.org" };
            ((JsonObject)body["extras"]!)["inspire_theme"] = new JsonArray("hh");
            ((JsonObject)body["extras"]!)["documentation_url"] = new JsonArray("https://example.org/doc");
            var created = await Origin.Admin.PostAsJsonAsync("/api/1/datasets/", body, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var slug = (await Json(created))["slug"]!.GetValue<string>();
            (await Origin.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/resources/",
                // On the origin's own port (answering 404): the copy's availability and validation jobs need no network.
                new { title = "Mesures", url = $"{Origin.BaseAddress}absent/mesures.csv", format = "csv", schema = $"{Origin.BaseAddress}absent/schema.json" }, Ct))
                .EnsureSuccessStatusCode();
            (await Origin.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", File("commune,valeur\nAlbi,3\n", "valeurs.csv", ("title", "Valeurs")), Ct)).EnsureSuccessStatusCode();
            (await Origin.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" }, Ct)).EnsureSuccessStatusCode();
            slugs.Add(slug);
        }
        (await Origin.Admin.PostAsJsonAsync("/api/1/datasets/", Origin.DatasetBody("Brouillon qui ne sort pas"), Ct)).EnsureSuccessStatusCode();
        return slugs;
    }

    private async Task<JsonNode> HarvestAsync(string source)
    {
        var queued = await Copy.Admin.PostAsync($"/api/1/harvest/sources/{source}/run/", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        await Copy.DrainJobsAsync();
        return await Json(await Copy.Anonymous.GetAsync($"/api/1/harvest/runs/{(await Json(queued))["id"]}/?lang=fr", Ct));
    }

    private async Task<string> SourceAsync(string type, string url)
    {
        var created = await Copy.Admin.PostAsJsonAsync("/api/1/harvest/sources/",
            new { name = "Catalogue d'origine", type, url, organization = Copy.OrgSlug }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created))["slug"]!.GetValue<string>();
    }

    private static string[] Strings(JsonNode? n) => n is JsonArray a ? [.. a.Select(x => x!.GetValue<string>()).Order(StringComparer.Ordinal)] : [];

    /// <summary>What a reader of both catalogues would compare.</summary>
    private static void AssertSame(JsonNode origin, JsonNode copy, bool allExtras)
    {
        Assert.Equal(origin["title"]!.GetValue<string>(), copy["title"]!.GetValue<string>());
        Assert.Equal(origin["description"]!.GetValue<string>(), copy["description"]!.GetValue<string>());
        Assert.Equal(Strings(origin["tags"]), Strings(copy["tags"]));
        Assert.Equal(origin["license"]!.GetValue<string>(), copy["license"]!.GetValue<string>());
        Assert.Equal(origin["frequency"]!.GetValue<string>(), copy["frequency"]!.GetValue<string>());
        Assert.Equal(origin["temporal_coverage"]!.ToJsonString(), copy["temporal_coverage"]!.ToJsonString());
        Assert.Equal(Strings(origin["spatial"]!["zones"]), Strings(copy["spatial"]!["zones"]));
        Assert.Equal(origin["contact_point"]!.ToJsonString(), copy["contact_point"]!.ToJsonString());
        foreach (var field in allExtras ? origin["extras"]!.AsObject().Select(p => p.Key) : ["environment", "nature", "inspire_theme", "documentation_url"])
            Assert.Equal(origin["extras"]![field]!.ToJsonString(), copy["extras"]![field]?.ToJsonString());
        var originResources = origin["resources"]!.AsArray();
        var copyResources = copy["resources"]!.AsArray();
        Assert.Equal(originResources.Count, copyResources.Count);
        for (var i = 0; i < originResources.Count; i++)
        {
            Assert.Equal(originResources[i]!["title"]!.GetValue<string>(), copyResources[i]!["title"]!.GetValue<string>());
            Assert.Equal(originResources[i]!["url"]!.GetValue<string>(), copyResources[i]!["url"]!.GetValue<string>());
            Assert.Equal(originResources[i]!["format"]!.GetValue<string>(), copyResources[i]!["format"]!.GetValue<string>());
            Assert.Equal(originResources[i]!["schema"]?.ToJsonString(), copyResources[i]!["schema"]?.ToJsonString());
            Assert.Equal("remote", copyResources[i]!["filetype"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("jsonld")]
    [InlineData("ttl")]
    [InlineData("rdf")]
    public async Task A_second_Socle_harvests_the_DCAT_export_page_by_page_and_keeps_in_step(string format)
    {
        var slugs = await PublishAsync();
        var source = await SourceAsync("dcat", $"{Origin.BaseAddress}catalog.{format}?page_size=2");
        var run = await HarvestAsync(source);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["pages"]!.GetValue<int>());
        Assert.Equal(3, run["created"]!.GetValue<int>());
        Assert.Equal(0, run["failed"]!.GetValue<int>());
        foreach (var slug in slugs)
        {
            var origin = await Json(await Origin.Anonymous.GetAsync($"/api/1/datasets/{slug}/", Ct));
            var item = run["items"]!.AsArray().Single(i => i!["title"]!.GetValue<string>() == origin["title"]!.GetValue<string>())!;
            Assert.Equal(origin["id"]!.GetValue<string>(), item["remote_id"]!.GetValue<string>());
            AssertSame(origin, await Json(await Copy.Anonymous.GetAsync($"/api/1/datasets/{item["dataset"]}/", Ct)), allExtras: false);
        }

        // The origin renames one and unpublishes another: the copy follows, archives, and leaves the third alone.
        (await Origin.Admin.PatchAsJsonAsync($"/api/1/datasets/{slugs[0]}/", new { title = "Nitrates dans les nappes (2025)" }, Ct)).EnsureSuccessStatusCode();
        (await Origin.Admin.PostAsJsonAsync($"/api/1/datasets/{slugs[1]}/status/", new { action = "unpublish" }, Ct)).EnsureSuccessStatusCode();
        var second = await HarvestAsync(source);
        Assert.Equal((0, 1, 1, 1), (second["created"]!.GetValue<int>(), second["updated"]!.GetValue<int>(), second["unchanged"]!.GetValue<int>(), second["archived"]!.GetValue<int>()));
        // Every one has the keyword "nitrates": the archived one is no longer found.
        var search = await Json(await Copy.Anonymous.GetAsync("/api/1/datasets/?q=nitrates", Ct));
        Assert.Equal(["Nitrates dans les nappes (2025)", "Pollens mesurés"], search["data"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_Socle_harvests_the_first_through_its_udata_compatible_API_with_every_profile_field()
    {
        var slugs = await PublishAsync();
        var source = await SourceAsync("udata", Origin.BaseAddress!.ToString());
        var run = await HarvestAsync(source);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(3, run["created"]!.GetValue<int>());
        foreach (var slug in slugs)
        {
            var origin = await Json(await Origin.Anonymous.GetAsync($"/api/1/datasets/{slug}/", Ct));
            var item = run["items"]!.AsArray().Single(i => i!["remote_id"]!.GetValue<string>() == origin["id"]!.GetValue<string>())!;
            AssertSame(origin, await Json(await Copy.Anonymous.GetAsync($"/api/1/datasets/{item["dataset"]}/", Ct)), allExtras: true);
        }
    }

    [Fact]
    public async Task A_DCAT_source_that_is_not_RDF_fails_the_run_with_the_parser_s_position()
    {
        await using var remote = await RemotePortal.StartAsync();
        remote.Text("/catalog.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://x/d> a dcat:Dataset ;\n  dcat:title \"sans fin", "text/turtle");
        var run = await HarvestAsync(await SourceAsync("dcat", remote.Base + "/catalog.ttl"));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("n'est pas un document RDF lisible (ligne 3", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

public sealed class DcatHarvestTestsSqlite() : DcatHarvestTests(Db.Sqlite);
public sealed class DcatHarvestTestsPostgres() : DcatHarvestTests(Db.Postgres);
