using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests.Harvest;

/// <summary>
/// Harvesting CKAN and udata portals served from recorded responses by a real local server: paging, a changed remote
/// id, a dataset deleted at the source, sources that fail (timeout, HTTP 500, invalid JSON) and change nothing,
/// read-only harvested datasets, schedules, and resources validated against their schema.
/// </summary>
public abstract class HarvestTests(Db kind) : IAsyncLifetime
{
    private WebFixture F = null!;
    private RemotePortal Remote = null!;

    public async ValueTask InitializeAsync()
    {
        F = await WebFixture.CreateAsync(kind);
        Remote = await RemotePortal.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Remote.DisposeAsync();
        await F.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> SourceAsync(string type, string url, string frequency = "manual", string? filter = null)
    {
        var body = new JsonObject { ["name"] = $"Portail {type} {Guid.NewGuid():N}"[..24], ["type"] = type, ["url"] = url, ["organization"] = F.OrgSlug, ["frequency"] = frequency };
        if (filter is not null) body["filter"] = filter;
        var created = await F.Admin.PostAsJsonAsync("/api/1/harvest/sources/", body, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created))["slug"]!.GetValue<string>();
    }

    /// <summary>Asks for a run, lets the job run, and returns the run's report.</summary>
    private async Task<JsonNode> RunAsync(string source)
    {
        var queued = await F.Admin.PostAsync($"/api/1/harvest/sources/{source}/run/", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var run = await Json(queued);
        Assert.Equal("queued", run["status"]!.GetValue<string>());
        await F.DrainJobsAsync();
        return await Json(await F.Anonymous.GetAsync($"/api/1/harvest/runs/{run["id"]}/?lang=fr", Ct));
    }

    private static int Count(JsonNode run, string outcome) => run[outcome]!.GetValue<int>();

    private static JsonNode Item(JsonNode run, string remoteId) =>
        run["items"]!.AsArray().Single(i => i!["remote_id"]!.GetValue<string>() == remoteId)!;

    private async Task<List<Dataset>> HarvestedAsync()
    {
        using var scope = F.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        return await db.Datasets.AsNoTracking().Include(d => d.Resources).Where(d => d.HarvestSourceId != null).OrderBy(d => d.Title).ToListAsync(Ct);
    }

    private void ServeCkanRound1()
    {
        Remote.Clear();
        Remote.Serve("/api/3/action/package_search?rows=100&start=0&sort=id+asc", "ckan-round1-start0.json");
        Remote.Serve("/api/3/action/package_search?rows=100&start=2&sort=id+asc", "ckan-round1-start2.json");
        Remote.Serve("/schemas/baignade/schema.json", "baignade-schema.json");
        Remote.Serve("/files/baignade.csv", "baignade.csv", "text/csv");
    }

    [Fact]
    public async Task A_CKAN_portal_is_harvested_page_by_page_then_kept_in_step_without_duplicates_or_deletions()
    {
        ServeCkanRound1();
        var source = await SourceAsync("ckan", Remote.Base + "/");
        var first = await RunAsync(source);
        Assert.Equal("succeeded", first["status"]!.GetValue<string>());
        Assert.Equal(2, first["pages"]!.GetValue<int>());
        Assert.Equal((3, 0, 0, 0, 0), (Count(first, "created"), Count(first, "updated"), Count(first, "unchanged"), Count(first, "archived"), Count(first, "failed")));
        // What the catalogue could not take is said, not silently dropped.
        var parking = Item(first, "c3d4e5f6-0003-4000-8000-000000000003");
        Assert.Contains(parking["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("notice-maison", StringComparison.Ordinal));
        Assert.Contains(parking["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("tous les jours ou presque", StringComparison.Ordinal));

        var slug = Item(first, "a1b2c3d4-0001-4000-8000-000000000001")["dataset"]!.GetValue<string>();
        var water = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/", Ct));
        Assert.Equal("Qualité des eaux de baignade", water["title"]!.GetValue<string>());
        Assert.Equal("published", water["status"]!.GetValue<string>());
        Assert.Equal(F.OrgSlug, water["organization"]!["slug"]!.GetValue<string>());
        Assert.Equal("odc-odbl", water["license"]!.GetValue<string>());
        Assert.Equal("annual", water["frequency"]!.GetValue<string>());
        Assert.Equal("2019-06-01", water["temporal_coverage"]!["start"]!.GetValue<string>());
        Assert.Equal(["eau", "baignade", "santé"], water["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("sig@ville-exemple.fr", water["contact_point"]!["email"]!.GetValue<string>());
        Assert.Equal(Remote.Base + "/dataset/qualite-eau-baignade", water["harvest"]!["remote_url"]!.GetValue<string>());
        Assert.Equal(source, water["harvest"]!["source"]!["slug"]!.GetValue<string>());
        var resource = water["resources"]!.AsArray().Single()!;
        Assert.Equal(Remote.Base + "/files/baignade.csv", resource["url"]!.GetValue<string>());
        Assert.Equal("csv", resource["format"]!.GetValue<string>());
        Assert.Equal(Remote.Base + "/schemas/baignade/schema.json", resource["schema"]!.GetValue<string>());
        // Validated like a local resource: the second row has a negative count.
        Assert.Equal("invalid", resource["validation"]!["status"]!.GetValue<string>());

        // Round 2: one dataset edited at the source, one re-created there with a new id, one deleted.
        Remote.Clear();
        Remote.Serve("/api/3/action/package_search?rows=100&start=0&sort=id+asc", "ckan-round2-start0.json");
        var second = await RunAsync(source);
        Assert.Equal("succeeded", second["status"]!.GetValue<string>());
        Assert.Equal((0, 1, 1, 1, 0), (Count(second, "created"), Count(second, "updated"), Count(second, "unchanged"), Count(second, "archived"), Count(second, "failed")));
        var harvested = await HarvestedAsync();
        Assert.Equal(3, harvested.Count);
        Assert.Contains(harvested, d => d.Title == "Qualité des eaux de baignade (saison 2025)" && d.Slug == slug);
        // The new remote id was recognised by the dataset's address at the source: still one "Comptages vélo".
        Assert.Single(harvested, d => d.Title == "Comptages vélo");
        Assert.Equal("unchanged", Item(second, "b2c3d4e5-9999-4000-8000-000000000099")["outcome"]!.GetValue<string>());
        var parkingSlug = parking["dataset"]!.GetValue<string>();
        Assert.Equal(DatasetStatus.Archived, harvested.Single(d => d.Slug == parkingSlug).Status);
        // Archived, not deleted: the page still answers, the search no longer lists it.
        var archived = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{parkingSlug}/", Ct));
        Assert.Equal("archived", archived["status"]!.GetValue<string>());
        var search = await Json(await F.Anonymous.GetAsync("/api/1/datasets/?q=stationnement", Ct));
        Assert.Equal(0, search["total"]!.GetValue<int>());
        var revisions = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/revisions/", Ct));
        // Its history says where each version came from: the source is the author.
        Assert.Equal(2, revisions.AsArray().Count);
        Assert.All(revisions.AsArray(), r => Assert.StartsWith("Portail ckan", r!["author_name"]!.GetValue<string>(), StringComparison.Ordinal));

        // Round 3: it comes back at the source, so it comes back here, at the same address.
        ServeCkanRound1();
        var third = await RunAsync(source);
        Assert.Equal((0, 2, 1, 0), (Count(third, "created"), Count(third, "updated"), Count(third, "unchanged"), Count(third, "archived")));
        Assert.Equal("published", (await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{parkingSlug}/", Ct)))["status"]!.GetValue<string>());
        Assert.Equal(3, (await HarvestedAsync()).Count);

        var listing = await Json(await F.Anonymous.GetAsync("/api/1/harvest/sources/", Ct));
        var listed = listing["data"]!.AsArray().Single()!;
        Assert.Equal(3, listed["datasets"]!.GetValue<int>());
        Assert.Equal("succeeded", listed["last_run"]!["status"]!.GetValue<string>());
        var runs = await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/runs/", Ct));
        Assert.Equal(3, runs["total"]!.GetValue<int>());
        Assert.All(runs["data"]!.AsArray(), r => Assert.Equal(source, r!["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_udata_portal_is_harvested_following_next_page_and_reports_what_it_could_not_take()
    {
        Remote.Serve("/api/1/datasets/?page_size=100&page=1", "udata-page1.json");
        Remote.Serve("/api/1/datasets/?page=2&page_size=2", "udata-page2.json");
        var source = await SourceAsync("udata", Remote.Base);
        var run = await RunAsync(source);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["pages"]!.GetValue<int>());
        // The untitled one fails with its reason; the one archived at the source is not the source's catalogue.
        Assert.Equal((2, 1), (Count(run, "created"), Count(run, "failed")));
        Assert.Contains("titre", Item(run, "6420a1b2c3d4e5f600000003")["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(run["items"]!.AsArray(), i => i!["remote_id"]!.GetValue<string>() == "6420a1b2c3d4e5f600000004");
        var air = Item(run, "6420a1b2c3d4e5f600000002");
        Assert.Contains(air["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("zone-inconnue", StringComparison.Ordinal));

        var energy = await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{Item(run, "6420a1b2c3d4e5f600000001")["dataset"]}/", Ct));
        Assert.Equal("lov2", energy["license"]!.GetValue<string>());
        Assert.Equal(["fr:region:76"], energy["spatial"]!["zones"]!.AsArray().Select(z => z!.GetValue<string>()));
        Assert.Equal("Observatoire régional", energy["contact_point"]!["name"]!.GetValue<string>());
        Assert.Equal("2024-12-31", energy["temporal_coverage"]!["end"]!.GetValue<string>());
        Assert.Equal(Remote.Base + "/schemas/baignade/schema.json", energy["resources"]![0]!["schema"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_entry_the_catalogue_cannot_hold_fails_alone_and_the_rest_is_harvested()
    {
        var longId = new string('x', 600);
        Remote.Text("/api/1/datasets/?page_size=100&page=1", $$"""
            { "data": [
                { "id": "{{longId}}", "title": "Identifiant démesuré", "resources": [] },
                { "id": "ok-1", "title": "Jeu correct", "page": "{{Remote.Base}}/fr/datasets/ok/", "uri": "{{Remote.Base}}/api/1/datasets/ok/", "resources": [] }
              ], "page": 1, "page_size": 100, "total": 2, "next_page": null }
            """);
        var run = await RunAsync(await SourceAsync("udata", Remote.Base));
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal((1, 1), (Count(run, "created"), Count(run, "failed")));
        Assert.Contains("500 caractères", run["items"]!.AsArray().Single(i => i!["outcome"]!.GetValue<string>() == "failed")!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_larger_than_one_write_chunk_is_harvested_whole_and_kept_in_step()
    {
        // 120 datasets: the applier commits 50 at a time and must still see every one, then archive the right ones.
        string Page(int count, string suffix) => "{ \"data\": [" + string.Join(",", Enumerable.Range(1, count).Select(i =>
            $$"""{ "id": "d{{i}}", "title": "Jeu {{i}}{{(i % 3 == 0 ? suffix : "")}}", "page": "{{Remote.Base}}/fr/datasets/d{{i}}/", "tags": ["lot"], "resources": [] }"""))
            + "], \"page\": 1, \"page_size\": 100, \"total\": " + count + ", \"next_page\": null }";
        Remote.Text("/api/1/datasets/?page_size=100&page=1", Page(120, ""));
        var source = await SourceAsync("udata", Remote.Base);
        var first = await RunAsync(source);
        Assert.Equal((120, 0), (Count(first, "created"), Count(first, "failed")));
        Remote.Text("/api/1/datasets/?page_size=100&page=1", Page(90, " (modifié)"));
        var second = await RunAsync(source);
        Assert.Equal((0, 30, 60, 30), (Count(second, "created"), Count(second, "updated"), Count(second, "unchanged"), Count(second, "archived")));
        var harvested = await HarvestedAsync();
        Assert.Equal(120, harvested.Count);
        Assert.Equal(30, harvested.Count(d => d.Status == DatasetStatus.Archived));
        Assert.Equal(30, harvested.Count(d => d.Title.EndsWith(" (modifié)", StringComparison.Ordinal)));
        var listed = await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/", Ct));
        Assert.Equal((90, 30), (listed["datasets"]!.GetValue<int>(), listed["archived"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("500")]
    [InlineData("json")]
    public async Task A_source_that_fails_fails_the_run_and_changes_nothing(string failure)
    {
        ServeCkanRound1();
        var source = await SourceAsync("ckan", Remote.Base);
        Assert.Equal(3, Count(await RunAsync(source), "created"));
        var before = await HarvestedAsync();

        // The first page answers (with an edited title); the second fails. Had the run applied what it read, the first
        // dataset would be renamed and the third archived.
        Remote.Text("/api/3/action/package_search?rows=100&start=0&sort=id+asc",
            System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Harvest", "Recorded", "ckan-round1-start0.json"))
                .Replace("Qualité des eaux de baignade", "Titre modifié", StringComparison.Ordinal));
        const string second = "/api/3/action/package_search?rows=100&start=2&sort=id+asc";
        switch (failure)
        {
            case "timeout": Remote.Hang(second, TimeSpan.FromSeconds(20)); break;
            case "500": Remote.Fail(second, 500); break;
            default: Remote.Text(second, "{\"success\": true, \"result\": {\"count\": 3, \"results\": [{\"id\": "); break;
        }
        var run = await RunAsync(source);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        var error = run["error"]!.GetValue<string>();
        Assert.Contains("rien n'a été modifié", error, StringComparison.Ordinal);
        Assert.Contains(failure switch { "timeout" => "n'a pas répondu en 2 s", "500" => "HTTP 500", _ => "JSON" }, error, StringComparison.Ordinal);
        Assert.Equal(0, Count(run, "created") + Count(run, "updated") + Count(run, "archived"));
        var after = await HarvestedAsync();
        Assert.Equal(before.Select(d => (d.Slug, d.Title, d.Status, d.Version)), after.Select(d => (d.Slug, d.Title, d.Status, d.Version)));
    }

    [Fact]
    public async Task Harvested_datasets_are_read_only_here_and_a_source_with_datasets_cannot_be_deleted()
    {
        ServeCkanRound1();
        var source = await SourceAsync("ckan", Remote.Base);
        var run = await RunAsync(source);
        var slug = Item(run, "b2c3d4e5-0002-4000-8000-000000000002")["dataset"]!.GetValue<string>();

        var edit = await F.Admin.PatchAsJsonAsync($"/api/1/datasets/{slug}/?lang=fr", new { title = "Modifié ici" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("moissonné", (await Json(edit))["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "unpublish" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await F.Admin.DeleteAsync($"/api/1/datasets/{slug}/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/resources/", new { title = "x", url = "https://example.org/x.csv" }, Ct)).StatusCode);
        Assert.Equal("Comptages vélo", (await Json(await F.Anonymous.GetAsync($"/api/1/datasets/{slug}/", Ct)))["title"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Conflict, (await F.Admin.DeleteAsync($"/api/1/harvest/sources/{source}/", Ct)).StatusCode);
        var off = await F.Admin.PatchAsJsonAsync($"/api/1/harvest/sources/{source}/", new { active = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await F.Admin.PostAsync($"/api/1/harvest/sources/{source}/run/", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Sources_are_checked_and_only_the_organisations_editors_configure_and_run_them()
    {
        var bad = await F.Admin.PostAsJsonAsync("/api/1/harvest/sources/?lang=fr",
            new { name = "", type = "csw", url = "ftp://x", organization = F.OrgSlug, frequency = "sometimes" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var fields = (await Json(bad))["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "type", "url", "frequency" }, fields);
        using (var scope = F.Services.CreateScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<CatalogDb>().HarvestSources.CountAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync("/api/1/harvest/sources/",
            new { name = "x", type = "ckan", url = Remote.Base, organization = F.OrgSlug }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsJsonAsync("/api/1/harvest/sources/",
            new { name = "x", type = "ckan", url = Remote.Base, organization = F.OrgSlug }, Ct)).StatusCode);
        var source = await SourceAsync("ckan", Remote.Base);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsync($"/api/1/harvest/sources/{source}/run/", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync("/api/1/harvest/sources/nope/", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_scheduled_source_queues_its_next_run_and_a_changed_schedule_makes_the_old_job_a_no_op()
    {
        ServeCkanRound1();
        var source = await SourceAsync("ckan", Remote.Base, frequency: "daily");
        var created = await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/", Ct));
        var next = DateTimeOffset.Parse(created["next_run_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
        using var scope = F.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Kind == "harvest.run").ToListAsync(Ct);
        Assert.Equal(next.ToUnixTimeSeconds(), Assert.Single(jobs).RunAfter.ToUnixTimeSeconds());

        // Weekly now: a new job for the new date; the daily one, once due, finds the schedule moved and does nothing.
        (await F.Admin.PatchAsJsonAsync($"/api/1/harvest/sources/{source}/", new { frequency = "weekly" }, Ct)).EnsureSuccessStatusCode();
        var weekly = await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/", Ct));
        Assert.InRange(DateTimeOffset.Parse(weekly["next_run_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow,
            TimeSpan.FromDays(6.9), TimeSpan.FromDays(7.1));
        var stale = await db.Jobs.Where(j => j.Kind == "harvest.run").OrderBy(j => j.RunAfter).FirstAsync(Ct);
        stale.RunAfter = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.SaveChangesAsync(Ct);
        await F.DrainJobsAsync();
        Assert.Empty(await HarvestedAsync());
        Assert.Equal(0, (await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/runs/", Ct)))["total"]!.GetValue<int>());

        // The current one, when due, runs and queues the one after.
        var current = await db.Jobs.Where(j => j.Kind == "harvest.run" && j.State == Socle.Storage.Jobs.JobState.Queued).SingleAsync(Ct);
        current.RunAfter = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.SaveChangesAsync(Ct);
        await F.DrainJobsAsync();
        Assert.Equal(3, (await HarvestedAsync()).Count);
        var runs = await Json(await F.Anonymous.GetAsync($"/api/1/harvest/sources/{source}/runs/", Ct));
        Assert.Equal("schedule", runs["data"]![0]!["trigger"]!.GetValue<string>());
        Assert.Single(await db.Jobs.AsNoTracking().Where(j => j.Kind == "harvest.run" && j.State == Socle.Storage.Jobs.JobState.Queued).ToListAsync(Ct));
    }
}

public sealed class HarvestTestsSqlite() : HarvestTests(Db.Sqlite);
public sealed class HarvestTestsPostgres() : HarvestTests(Db.Postgres);
