using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Tests;
using static Socle.Web.Tests.WebFixture;

using Socle.Web.Tests.Harvest;

namespace Socle.Web.Tests;

/// <summary>
/// The schema registry over HTTP: versions registered by URL (from a real server on the loopback) or upload, the latest
/// by version order, immutable versions, resources pinned to a version or following the latest, the import of a
/// schema.data.gouv.fr catalogue, who may do what, and what DCAT says — on SQLite and on PostgreSQL.
/// </summary>
public abstract class SchemaRegistryTests(Db kind) : IAsyncLifetime
{
    private WebFixture F = null!;
    private RemotePortal Remote = null!;
    private HttpClient Platform = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        F = await WebFixture.CreateAsync(kind);
        Remote = await RemotePortal.StartAsync();
        Platform = await F.SignUpWithKeyAsync("plateforme@example.org", "Administratrice de la plateforme");
        using var scope = F.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CatalogDb>().Users.Where(u => u.Email == "plateforme@example.org")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, true), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Remote.DisposeAsync();
        await F.DisposeAsync();
    }

    /// <summary>Version 1: nitrates at least 0. Version 2 also caps them at 50, so "Albi,80" is valid under 1 and not under 2.</summary>
    private static string Nitrates(string version, bool capped) => $$"""
        { "name": "nitrates", "title": "Nitrates (test)", "version": "{{version}}",
          "fields": [ { "name": "commune", "type": "string", "constraints": { "required": true } },
                      { "name": "nitrates", "type": "number", "constraints": { "minimum": 0{{(capped ? ", \"maximum\": 50" : "")}} } } ] }
        """;

    private const string Eighty = "commune,nitrates\nAlbi,80\n";

    private string Folder(params string[] parts) => Path.Combine([F.DataFolder, "schemas", .. parts]);

    private Task<HttpResponseMessage> RegisterUrlAsync(HttpClient client, string name, string url, string? version = null) =>
        client.PostAsJsonAsync("/api/1/schemas/", new JsonObject { ["name"] = name, ["url"] = url, ["version"] = version }, Ct);

    private static MultipartFormDataContent Upload(string name, string content, string? version = null, string fileName = "schema.json")
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        if (version is not null) form.Add(new StringContent(version), "version");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", fileName);
        return form;
    }

    private async Task<string> DatasetAsync(string title, bool publish = true)
    {
        var created = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody(title), Ct);
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        if (publish) (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" }, Ct)).EnsureSuccessStatusCode();
        return slug;
    }

    /// <summary>A CSV upload with its schema sent before the file, as the metadata of the upload itself.</summary>
    private static MultipartFormDataContent Csv(string csv, string name, string schema)
    {
        var form = new MultipartFormDataContent { { new StringContent(schema), "schema" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", name);
        return form;
    }

    private async Task<JsonNode> UploadCsvAsync(string slug, string csv, string name, string schema)
    {
        var r = await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", Csv(csv, name, schema), Ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return await Json(r);
    }

    private async Task<string> StatusAsync(string slug, string id) =>
        (await Json(await F.Admin.GetAsync($"/api/1/datasets/{slug}/resources/{id}/validation/", Ct)))["status"]!.GetValue<string>();

    [Fact]
    public async Task Versions_come_by_url_or_upload_and_the_latest_is_the_highest_not_the_last_registered()
    {
        Remote.Text("/nitrates/1.0.0/schema.json", Nitrates("1.0.0", capped: false));
        Remote.Text("/nitrates/2.9.1/schema.json", Nitrates("2.9.1", capped: true));

        // By URL: the version is the one the schema declares, the URL is kept as its source.
        var first = await RegisterUrlAsync(Platform, "test/nitrates", (Remote.Base + "/nitrates/1.0.0/schema.json"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await Json(first);
        Assert.Equal("1.0.0", body["version"]!.GetValue<string>());
        Assert.True(body["added"]!.GetValue<bool>());
        Assert.Equal("1.0.0", body["latest_version"]!.GetValue<string>());
        Assert.Equal("/api/1/schemas/test/nitrates@1.0.0/schema.json", first.Headers.Location?.OriginalString);

        // By upload, with a version given: 2.10.0 is above 2.9.1, which is registered after it.
        Assert.Equal(HttpStatusCode.Created, (await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("2.10.0", capped: true), "2.10.0"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterUrlAsync(Platform, "test/nitrates", (Remote.Base + "/nitrates/2.9.1/schema.json"))).StatusCode);

        var versions = (await Json(await F.Anonymous.GetAsync("/api/1/schemas/test/nitrates/versions/", Ct))).AsArray();
        Assert.Equal(["2.10.0", "2.9.1", "1.0.0"], versions.Select(v => v!["version"]!.GetValue<string>()));
        Assert.Equal([true, false, false], versions.Select(v => v!["latest"]!.GetValue<bool>()));
        Assert.Null(versions[0]!["source_url"]); // uploaded
        Assert.Equal((Remote.Base + "/nitrates/2.9.1/schema.json"), versions[1]!["source_url"]!.GetValue<string>());

        // Each version is served, and the bare name serves the latest.
        async Task<string> Served(string path) => (await Json(await F.Anonymous.GetAsync(path, Ct)))["version"]!.GetValue<string>();
        Assert.Equal("1.0.0", await Served("/api/1/schemas/test/nitrates@1.0.0/schema.json"));
        Assert.Equal("2.9.1", await Served("/api/1/schemas/test/nitrates@2.9.1/schema.json"));
        Assert.Equal("2.10.0", await Served("/api/1/schemas/test/nitrates/schema.json"));
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync("/api/1/schemas/test/nitrates@3.0.0/schema.json", Ct)).StatusCode);
        Assert.Equal("2.10.0", (await Json(await F.Anonymous.GetAsync("/api/1/schemas/test/nitrates/", Ct)))["latest_version"]!.GetValue<string>());

        // On disk: one folder per version, the latest's copy, the registry's description.
        Assert.True(System.IO.File.Exists(Folder("test", "nitrates", "@2.9.1", "schema.json")));
        var registry = JsonNode.Parse(await System.IO.File.ReadAllTextAsync(Folder("test", "nitrates", "registry.json"), Ct))!;
        Assert.Equal("2.10.0", registry["latest"]!.GetValue<string>());
        Assert.Equal(3, registry["versions"]!.AsArray().Count);
        Assert.All(registry["versions"]!.AsArray(), v => Assert.Equal(64, v!["sha256"]!.GetValue<string>().Length));

        // The listing names the versions; versions are not schemas of their own.
        var listed = (await Json(await F.Anonymous.GetAsync("/api/1/schemas/", Ct))).AsArray();
        var nitrates = Assert.Single(listed, s => s!["name"]!.GetValue<string>().StartsWith("test/nitrates", StringComparison.Ordinal))!;
        Assert.Equal("test/nitrates", nitrates["name"]!.GetValue<string>());
        Assert.Equal("Nitrates (test)", nitrates["title"]!.GetValue<string>());
        Assert.Equal("2.10.0", nitrates["latest_version"]!.GetValue<string>());
        Assert.Equal(["2.10.0", "2.9.1", "1.0.0"], nitrates["versions"]!.AsArray().Select(v => v!.GetValue<string>()));

        // What a harvester maps a remote schema URL to.
        using var scope = F.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<SchemaRegistry>();
        Assert.Equal("test/nitrates@2.9.1", service.ReferenceFor((Remote.Base + "/nitrates/2.9.1/schema.json")));
        Assert.Null(service.ReferenceFor((Remote.Base + "/elsewhere/schema.json")));
        Assert.Equal("test/nitrates@1.0.0", service.ReferenceFor("test/nitrates", "1.0.0"));
        Assert.Equal("test/nitrates", service.ReferenceFor("test/nitrates", null));
        Assert.Null(service.ReferenceFor("test/nitrates", "9.9.9"));
    }

    [Fact]
    public async Task A_version_never_changes_and_what_is_not_a_table_schema_is_refused_with_nothing_written()
    {
        Assert.Equal(HttpStatusCode.Created, (await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.0.0", capped: false)), Ct)).StatusCode);
        var before = await System.IO.File.ReadAllTextAsync(Folder("test", "nitrates", "@1.0.0", "schema.json"), Ct);

        // The same version with other content: refused, the version unchanged. The same content again: nothing to do.
        var other = await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.0.0", capped: true)), Ct);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var problem = await Json(other);
        Assert.Equal("schema-version-immutable", problem["code"]!.GetValue<string>());
        Assert.Equal("version", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(before, await System.IO.File.ReadAllTextAsync(Folder("test", "nitrates", "@1.0.0", "schema.json"), Ct));
        var again = await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.0.0", capped: false)), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await Json(again))["added"]!.GetValue<bool>());

        // Not JSON, not a Table Schema, no version, a bad name, a URL that answers 404: each refused by field, nothing written.
        async Task Refused(HttpContent content, string field, string code, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var r = await Platform.PostAsync("/api/1/schemas/", content, Ct);
            Assert.Equal(status, r.StatusCode);
            var p = await Json(r);
            Assert.Contains(p["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field && e["code"]!.GetValue<string>() == code);
        }
        await Refused(Upload("test/broken", "{ not json", "1.0.0"), "file", "not-table-schema");
        await Refused(Upload("test/broken", """{ "type": "object", "properties": {} }""", "1.0.0"), "file", "not-table-schema");
        await Refused(Upload("test/broken", """{ "fields": [ { "name": "a", "type": "integer", "constraints": { "pattern": "(" } } ] }""", "1.0.0"), "file", "not-table-schema");
        await Refused(Upload("test/broken", """{ "fields": [ { "name": "a" } ] }"""), "version", "schema-version-required");
        await Refused(Upload("test/broken", Nitrates("1.0.0", capped: false), "1 0"), "version", "schema-version-label");
        await Refused(Upload("test@broken", Nitrates("1.0.0", capped: false)), "name", "schema-name");
        await Refused(JsonContent.Create(new { name = "test/broken", url = (Remote.Base + "/absent.json") }), "url", "schema-fetch");
        var english = await Platform.PostAsync("/api/1/schemas/?lang=en", Upload("test/broken", """{ "fields": "none" }""", "1.0.0"), Ct);
        Assert.Contains("is not a usable Table Schema", (await Json(english))["detail"]!.GetValue<string>());
        Assert.False(Directory.Exists(Folder("test", "broken")));
        Assert.False(Directory.Exists(Folder("test@broken")));
    }

    [Fact]
    public async Task Only_platform_admins_register_and_import()
    {
        Remote.Text("/schema.json", Nitrates("1.0.0", capped: false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RegisterUrlAsync(F.Anonymous, "test/nitrates", (Remote.Base + "/schema.json"))).StatusCode);
        // An organisation's admin is not a platform admin.
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterUrlAsync(F.Admin, "test/nitrates", (Remote.Base + "/schema.json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.0.0", false)), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync("/api/1/schemas/import/", new { url = (Remote.Base + "/schemas.json") }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Admin.PostAsJsonAsync("/api/1/schemas/import/", new { url = (Remote.Base + "/schemas.json") }, Ct)).StatusCode);
        Assert.False(Directory.Exists(Folder("test")));
        using var scope = F.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CatalogDb>().Jobs.AnyAsync(j => j.Kind == "schemas.import", Ct));
    }

    [Fact]
    public async Task A_pinned_resource_stays_on_its_version_while_one_following_the_name_moves_to_the_latest_and_is_validated_again()
    {
        // Version 1 uploaded (no source URL), version 2 from a URL.
        Assert.Equal(HttpStatusCode.Created, (await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.0.0", capped: false)), Ct)).StatusCode);
        var slug = await DatasetAsync("Nitrates épinglés");
        var pinned = await UploadCsvAsync(slug, Eighty, "epingle.csv", "test/nitrates@1.0.0");
        var following = await UploadCsvAsync(slug, Eighty, "suit.csv", "test/nitrates");
        Assert.Equal("test/nitrates@1.0.0", pinned["schema"]!.GetValue<string>());
        await F.DrainJobsAsync();
        Assert.Equal("valid", await StatusAsync(slug, pinned["id"]!.GetValue<string>()));
        Assert.Equal("valid", await StatusAsync(slug, following["id"]!.GetValue<string>()));

        // A new latest version: the follower is queued for validation in the same request, the pinned one is not.
        Remote.Text("/nitrates/2.0.0/schema.json", Nitrates("2.0.0", capped: true));
        var v2 = await RegisterUrlAsync(Platform, "test/nitrates", (Remote.Base + "/nitrates/2.0.0/schema.json"));
        Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        var registered = await Json(v2);
        Assert.True(registered["latest_changed"]!.GetValue<bool>());
        Assert.Equal(1, registered["revalidations"]!.GetValue<int>());
        await F.DrainJobsAsync();
        Assert.Equal("valid", await StatusAsync(slug, pinned["id"]!.GetValue<string>()));
        Assert.Equal("invalid", await StatusAsync(slug, following["id"]!.GetValue<string>()));
        // Registering an older version does not move the latest, and validates nothing again.
        var older = await Json(await Platform.PostAsync("/api/1/schemas/", Upload("test/nitrates", Nitrates("1.5.0", capped: false)), Ct));
        Assert.False(older["latest_changed"]!.GetValue<bool>());
        Assert.Equal("2.0.0", older["latest_version"]!.GetValue<string>());
        Assert.Equal(0, await F.DrainJobsAsync());

        // An unknown version or name is refused by field, and adds nothing.
        async Task RefusedAsync(string schema, string code)
        {
            var r = await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", Csv(Eighty, "refuse.csv", schema), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var p = await Json(r);
            Assert.Equal("schema", p["errors"]![0]!["field"]!.GetValue<string>());
            Assert.Equal(code, p["errors"]![0]!["code"]!.GetValue<string>());
        }
        await RefusedAsync("test/nitrates@9.9.9", "schema-version-unknown");
        await RefusedAsync("test/absent", "schema");
        await RefusedAsync("test/absent@1.0.0", "schema");
        Assert.Equal(2, (await Json(await F.Admin.GetAsync($"/api/1/datasets/{slug}/resources/", Ct))).AsArray().Count);

        // udata's object form is read and stored as the reference string.
        var id = following["id"]!.GetValue<string>();
        var put = await F.Admin.PutAsJsonAsync($"/api/1/datasets/{slug}/resources/{id}/",
            new { schema = new { name = "test/nitrates", version = "1.0.0" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("test/nitrates@1.0.0", (await Json(put))["schema"]!.GetValue<string>());
        put = await F.Admin.PutAsJsonAsync($"/api/1/datasets/{slug}/resources/{id}/", new { schema = new { name = "test/nitrates", version = "7.0.0" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        put = await F.Admin.PutAsJsonAsync($"/api/1/datasets/{slug}/resources/{id}/", new { schema = new { name = "test/nitrates", version = "2.0.0" } }, Ct);
        Assert.Equal("test/nitrates@2.0.0", (await Json(put))["schema"]!.GetValue<string>());
        await F.DrainJobsAsync();

        // The listing counts every version's resources for the schema, and says which version the dataset follows.
        var listed = (await Json(await F.Anonymous.GetAsync("/api/1/schemas/", Ct))).AsArray();
        var nitrates = Assert.Single(listed, s => s!["name"]!.GetValue<string>().StartsWith("test/nitrates", StringComparison.Ordinal))!;
        Assert.Equal(2, nitrates["resources"]!.GetValue<int>());
        Assert.Equal(1, nitrates["valid"]!.GetValue<int>());
        Assert.Equal(1, nitrates["invalid"]!.GetValue<int>());
        var dataset = nitrates["followed_by"]![0]!;
        Assert.False(dataset["follows_latest"]!.GetValue<bool>());
        Assert.Equal(["2.0.0", "1.0.0"], dataset["versions"]!.AsArray().Select(v => v!.GetValue<string>()));

        // DCAT: a version registered from a URL conforms to that URL (what national harvesters know); an uploaded one, to its file here.
        var ttl = await F.Admin.GetStringAsync($"/api/1/datasets/{slug}/rdf.ttl", Ct);
        Assert.Contains($"<{(Remote.Base + "/nitrates/2.0.0/schema.json")}>", ttl);
        Assert.Contains("<http://localhost/api/1/schemas/test/nitrates@1.0.0/schema.json>", ttl);
    }

    /// <summary>
    /// A catalogue in schema.data.gouv.fr's <c>schemas.json</c> form, its schema URLs on the test server: a Table Schema in
    /// three versions (the last one missing), a JSON Schema (skipped) and a Table Schema whose one version is not one.
    /// </summary>
    private string Catalogue() => $$"""
        {
          "$schema": "https://opendataschema.frama.io/catalog/schema-catalog.json",
          "version": 1,
          "schemas": [
            {
              "name": "test/equipements",
              "title": "Équipements sportifs (test)",
              "description": "Liste des équipements sportifs d'une collectivité.",
              "schema_url": "{{Remote.Base}}/schemas/test/equipements/latest/schema.json",
              "schema_type": "tableschema",
              "contact": "donnees@example.org",
              "examples": [{ "title": "Exemple valide", "path": "{{Remote.Base}}/exemple-valide.csv" }],
              "labels": ["Socle Commun des Données Locales"],
              "consolidation_dataset_id": null,
              "versions": [
                { "version_name": "1.0.0", "schema_url": "{{Remote.Base}}/schemas/test/equipements/1.0.0/schema.json" },
                { "version_name": "1.1.0", "schema_url": "{{Remote.Base}}/schemas/test/equipements/1.1.0/schema.json" },
                { "version_name": "1.2.0", "schema_url": "{{Remote.Base}}/schemas/test/equipements/1.2.0/schema.json" }
              ],
              "external_doc": null,
              "external_tool": null,
              "homepage": "https://example.org/schema-equipements"
            },
            {
              "name": "test/amenagements-cyclables",
              "title": "Aménagements cyclables (test)",
              "description": "Un schéma JSON.",
              "schema_url": "{{Remote.Base}}/schemas/test/amenagements-cyclables/latest/schema.json",
              "schema_type": "jsonschema",
              "contact": "donnees@example.org",
              "examples": [],
              "labels": [],
              "consolidation_dataset_id": null,
              "versions": [{ "version_name": "0.3.3", "schema_url": "{{Remote.Base}}/schemas/test/amenagements-cyclables/0.3.3/schema.json" }],
              "external_doc": null,
              "external_tool": null,
              "homepage": "https://example.org/schema-amenagements"
            },
            {
              "name": "test/lieux",
              "title": "Lieux (test)",
              "schema_type": "tableschema",
              "versions": [{ "version_name": "0.1.0", "schema_url": "{{Remote.Base}}/schemas/test/lieux/0.1.0/schema.json" }]
            }
          ]
        }
        """;

    private static string Equipements(string version, string extra = "") => $$"""
        { "name": "equipements", "title": "Équipements sportifs", "version": "{{version}}",
          "fields": [ { "name": "id", "type": "string" }, { "name": "nom", "type": "string" }{{extra}} ] }
        """;

    [Fact]
    public async Task A_schema_data_gouv_fr_catalogue_is_imported_version_by_version_and_importing_it_again_changes_nothing()
    {
        Remote.Text("/schemas.json", Catalogue());
        Remote.Text("/schemas/test/equipements/1.0.0/schema.json", Equipements("1.0.0"));
        Remote.Text("/schemas/test/equipements/1.1.0/schema.json", Equipements("1.1.0", """, { "name": "capacite", "type": "integer" }"""));
        Remote.Text("/schemas/test/amenagements-cyclables/0.3.3/schema.json", """{ "$schema": "http://json-schema.org/draft-07/schema#", "type": "object" }""");
        Remote.Text("/schemas/test/lieux/0.1.0/schema.json", """{ "title": "pas de champs" }""");

        var queued = await Platform.PostAsJsonAsync("/api/1/schemas/import/", new { url = (Remote.Base + "/schemas.json") }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var jobUrl = queued.Headers.Location!.OriginalString;
        Assert.Equal("schemas.import", (await Json(queued))["kind"]!.GetValue<string>());
        await F.DrainJobsAsync();

        var job = await Json(await Platform.GetAsync(jobUrl, Ct));
        Assert.Equal("succeeded", job["state"]!.GetValue<string>());
        Assert.Equal("4 / 4", job["progress_note"]!.GetValue<string>());
        var report = job["result"]!;
        Assert.Equal(3, report["schemas"]!.GetValue<int>());
        Assert.Equal(2, report["versions_added"]!.GetValue<int>());
        Assert.Equal(0, report["unchanged"]!.GetValue<int>());
        var skipped = Assert.Single(report["skipped"]!.AsArray())!;
        Assert.Equal("test/amenagements-cyclables", skipped["name"]!.GetValue<string>());
        Assert.Equal("not-tableschema", skipped["reason"]!.GetValue<string>());
        Assert.Contains("jsonschema", skipped["message"]!["fr"]!.GetValue<string>());
        var failed = report["failed"]!.AsArray();
        Assert.Equal(2, failed.Count);
        var missing = Assert.Single(failed, f => f!["version"]!.GetValue<string>() == "1.2.0")!;
        Assert.Equal("fetch", missing["reason"]!.GetValue<string>());
        Assert.Contains("HTTP 404", missing["message"]!["fr"]!.GetValue<string>());
        Assert.Contains("answered HTTP 404", missing["message"]!["en"]!.GetValue<string>());
        var notSchema = Assert.Single(failed, f => f!["name"]!.GetValue<string>() == "test/lieux")!;
        Assert.Equal("not-table-schema", notSchema["reason"]!.GetValue<string>());
        Assert.False(Directory.Exists(Folder("test", "lieux")));
        Assert.False(Directory.Exists(Folder("test", "amenagements-cyclables")));

        // The schema, with the catalogue's description, its versions and where each came from.
        var schema = await Json(await F.Anonymous.GetAsync("/api/1/schemas/test/equipements/", Ct));
        Assert.Equal("Équipements sportifs (test)", schema["title"]!.GetValue<string>());
        Assert.Equal("https://example.org/schema-equipements", schema["homepage"]!.GetValue<string>());
        Assert.Equal("1.1.0", schema["latest_version"]!.GetValue<string>());
        Assert.Equal((Remote.Base + "/schemas/test/equipements/1.0.0/schema.json"), schema["versions"]![1]!["source_url"]!.GetValue<string>());
        var registry = await System.IO.File.ReadAllBytesAsync(Folder("test", "equipements", "registry.json"), Ct);

        // Again, from an uploaded copy of the catalogue: nothing new, nothing rewritten, the same failures.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Catalogue()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "schemas.json");
        var second = await Platform.PostAsync("/api/1/schemas/import/", form, Ct);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await F.DrainJobsAsync();
        var again = await Json(await Platform.GetAsync(second.Headers.Location!.OriginalString, Ct));
        Assert.Equal("succeeded", again["state"]!.GetValue<string>());
        Assert.Equal(0, again["result"]!["versions_added"]!.GetValue<int>());
        Assert.Equal(2, again["result"]!["unchanged"]!.GetValue<int>());
        Assert.Equal(2, again["result"]!["failed"]!.AsArray().Count);
        Assert.Single(again["result"]!["skipped"]!.AsArray());
        Assert.Equal(registry, await System.IO.File.ReadAllBytesAsync(Folder("test", "equipements", "registry.json"), Ct));
        // The uploaded catalogue was read from the blob store, then removed from it.
        var files = Path.Combine(F.DataFolder, "files");
        Assert.Empty(Directory.Exists(files) ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.tmp/")) : []);

        // A document that is not a catalogue fails the job, saying why.
        Remote.Text("/autre.json", """{ "datasets": [] }""");
        var wrong = await Platform.PostAsJsonAsync("/api/1/schemas/import/", new { url = (Remote.Base + "/autre.json") }, Ct);
        await F.DrainJobsAsync();
        var failedJob = await Json(await Platform.GetAsync(wrong.Headers.Location!.OriginalString, Ct));
        Assert.Equal("failed", failedJob["state"]!.GetValue<string>());
        Assert.Contains("schemas", failedJob["error"]!.GetValue<string>());
    }
}

public sealed class SchemaRegistryTestsSqlite() : SchemaRegistryTests(Db.Sqlite);
public sealed class SchemaRegistryTestsPostgres() : SchemaRegistryTests(Db.Postgres);
