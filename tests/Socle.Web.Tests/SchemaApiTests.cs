using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Tests;
using Socle.Tabular.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests;

/// <summary><c>/api/1/schemas/</c>: each schema with the published datasets that follow it and its conformance rate.</summary>
public abstract class SchemaApiTests(Db kind) : IAsyncLifetime
{
    private WebFixture F = null!;
    public async ValueTask InitializeAsync() => F = await WebFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    private const string Schema = """{ "title": "Nitrates (test)", "fields": [ { "name": "commune", "type": "string" }, { "name": "nitrates", "type": "number", "constraints": { "minimum": 0 } } ] }""";

    private async Task<string> DatasetAsync(string title, bool publish)
    {
        var created = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody(title));
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        if (publish) (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" })).EnsureSuccessStatusCode();
        return slug;
    }

    [Fact]
    public async Task Each_schema_lists_the_published_datasets_following_it_and_the_share_of_valid_files()
    {
        var folder = Path.Combine(F.DataFolder, "schemas", "test", "nitrates");
        Directory.CreateDirectory(folder);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, "schema.json"), Schema, TestContext.Current.CancellationToken);
        var published = await DatasetAsync("Nitrates publiés", publish: true);
        var draft = await DatasetAsync("Nitrates en brouillon", publish: false);
        async Task UploadAsync(string slug, string csv, string name) =>
            (await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", File(csv, name, ("schema", "test/nitrates")))).EnsureSuccessStatusCode();
        await UploadAsync(published, "commune,nitrates\nAlbi,3\n", "bon.csv");
        await UploadAsync(published, "commune,nitrates\nAlbi,-3\n", "mauvais.csv");
        await UploadAsync(draft, "commune,nitrates\nAlbi,3\n", "brouillon.csv");
        await F.DrainJobsAsync();
        (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{published}/resources/",
            new { title = "Lien", url = "https://example.org/n.csv", schema = "https://example.org/schema.json" })).EnsureSuccessStatusCode();

        var list = (await Json(await F.Anonymous.GetAsync("/api/1/schemas/"))).AsArray();
        var registered = list.Single(s => s!["name"]!.GetValue<string>() == "test/nitrates")!;
        Assert.Equal("Nitrates (test)", registered["title"]!.GetValue<string>());
        Assert.True(registered["registered"]!.GetValue<bool>());
        Assert.Equal(1, registered["datasets"]!.GetValue<int>()); // the draft's file does not count
        Assert.Equal([published], registered["followed_by"]!.AsArray().Select(d => d!["slug"]!.GetValue<string>()));
        Assert.Equal(2, registered["resources"]!.GetValue<int>());
        Assert.Equal(1, registered["valid"]!.GetValue<int>());
        Assert.Equal(1, registered["invalid"]!.GetValue<int>());
        Assert.Equal(50, registered["conformance"]!.GetValue<int>());
        var served = await F.Anonymous.GetAsync(new Uri(registered["url"]!.GetValue<string>()).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("Nitrates (test)", JsonNode.Parse(await served.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["title"]!.GetValue<string>());

        var byUrl = list.Single(s => s!["name"]!.GetValue<string>() == "https://example.org/schema.json")!;
        Assert.False(byUrl["registered"]!.GetValue<bool>());
        Assert.Equal(1, byUrl["not_validated"]!.GetValue<int>());
        Assert.Null(byUrl["conformance"]); // no verdict yet: no rate rather than 0 %

        var csv = StrictCsv.Parse(await F.Anonymous.GetStringAsync("/api/1/schemas.csv", TestContext.Current.CancellationToken));
        Assert.Equal(["name", "title", "registered", "datasets", "resources", "valid", "invalid", "not_validated", "conformance"], csv[0]);
        Assert.Contains(csv, r => r.SequenceEqual(["test/nitrates", "Nitrates (test)", "true", "1", "2", "1", "1", "0", "50"]));
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync("/api/1/schemas/test/absent/schema.json", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync("/api/1/schemas/../secrets/schema.json", TestContext.Current.CancellationToken)).StatusCode);
    }
}

public sealed class SchemaApiTestsSqlite() : SchemaApiTests(Db.Sqlite);
public sealed class SchemaApiTestsPostgres() : SchemaApiTests(Db.Postgres);
