using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog.Files;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

/// <summary>
/// The schema registry: the schemas with the datasets that follow them (<c>/api/1/schemas/</c>, <c>.csv</c>), a schema's
/// files and versions, registering a version by URL or upload, and importing a schema.data.gouv.fr catalogue. Names
/// contain '/', so one catch-all route reads <c>{name}/schema.json</c> (latest), <c>{name}@{version}/schema.json</c>,
/// <c>{name}/versions/</c> and <c>{name}/</c> by their ending.
/// </summary>
internal static class SchemaEndpoints
{
    private const string FileSuffix = "/schema.json", VersionsSuffix = "/versions/";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/schemas").WithTags("schemas");
        api.MapGet("/", async (HttpContext http, SchemaUsage usage) => Http.Json(http, (await usage.ListAsync(http.RequestAborted)).Select(s => Use(s, http))))
            .WithSummary("Schémas : enregistrés ou cités, versions, jeux qui les suivent, taux de conformité / Schemas: registered or named, versions, datasets following them, conformance rate");
        app.MapGet("/api/1/schemas.csv", (HttpContext http, SchemaUsage usage) => SiteEndpoints.Export(http, "schemas.csv", async (w, ct) =>
        {
            await Csv.RowAsync(w, ["name", "title", "registered", "datasets", "resources", "valid", "invalid", "not_validated", "conformance"]);
            foreach (var s in await usage.ListAsync(ct))
                await Csv.RowAsync(w, [s.Reference, s.Title, s.Registered ? "true" : "false", Invariant(s.Datasets.Count), Invariant(s.Resources), Invariant(s.Valid),
                    Invariant(s.Invalid), Invariant(s.NotValidated), s.Conformance is { } c ? Invariant(c) : null]);
        })).WithTags("schemas").WithSummary("Les schémas en CSV / The schemas as CSV");

        api.MapGet("/{**path}", (HttpContext http, string path, SchemaResolver resolver, SchemaRegistry registry) => Read(http, path, resolver, registry))
            .WithSummary("Un schéma : {nom}/schema.json (dernière version), {nom}@{version}/schema.json, {nom}/versions/, {nom}/ / " +
                         "A schema: {name}/schema.json (latest version), {name}@{version}/schema.json, {name}/versions/, {name}/");

        api.MapPost("/", async (HttpContext http, SchemaRegistry registry) =>
        {
            var done = await RegisterAsync(http, registry);
            http.Response.Headers.Location = $"/api/1/schemas/{done.Schema.Name}@{done.Version}/schema.json";
            // 201 for a new version; 200 when it was registered already with this content (nothing changed).
            return Http.Json(http, Registration(done, http), done.Added ? 201 : 200);
        }).DisableAntiforgery()
            .WithSummary("Enregistrer une version (admin ; JSON {name, version?, url} ou multipart name, version?, file) / " +
                         "Register a version (admin; JSON {name, version?, url} or multipart name, version?, file)");

        api.MapPost("/import/", async (HttpContext http, SchemaRegistry registry) =>
        {
            var actor = await http.ActorAsync();
            SchemaRegistry.RequireAdmin(actor, "schemas.import");
            var job = IsMultipart(http, out var boundary)
                ? await ImportUploadAsync(http, boundary, actor, registry)
                : await registry.ImportAsync(actor, Text(await http.BodyAsync(), "url") ?? throw CatalogException.Invalid("url", "required"), http.RequestAborted);
            http.Response.Headers.Location = $"/api/1/jobs/{job.Id}/";
            return Http.Json(http, ApiJson.Job(job), 202);
        }).DisableAntiforgery()
            .WithSummary("Importer un catalogue schema.data.gouv.fr (schemas.json ; admin ; JSON {url} ou multipart file) : une tâche / " +
                         "Import a schema.data.gouv.fr catalogue (schemas.json; admin; JSON {url} or multipart file): a job");
    }

    private static Task<byte[]> ReadCapped(Stream body, long max, CancellationToken ct) =>
        CappedStream.ReadAllAsync(body, max, () => new CatalogException(Problem.TooLarge, "too-large", null, max), ct);

    private static IResult Read(HttpContext http, string path, SchemaResolver resolver, SchemaRegistry registry)
    {
        if (path.EndsWith(FileSuffix, StringComparison.Ordinal))
        {
            var file = resolver.RegisteredPath(path[..^FileSuffix.Length]) ?? throw CatalogException.NotFound("schema", path);
            return Results.File(file, "application/json");
        }
        var folder = path.EndsWith('/') ? path : path + "/";
        var versions = folder.EndsWith(VersionsSuffix, StringComparison.Ordinal);
        var name = versions ? folder[..^VersionsSuffix.Length] : folder[..^1];
        var entry = registry.Get(name) ?? throw CatalogException.NotFound("schema", name);
        return versions ? Http.Json(http, Versions(entry, http)) : Http.Json(http, Entry(entry, http));
    }

    /// <summary>A registration from JSON (the schema downloaded from <c>url</c>) or from a multipart upload (<c>file</c>, at most 5 MB).</summary>
    private static async Task<SchemaRegistration> RegisterAsync(HttpContext http, SchemaRegistry registry)
    {
        var actor = await http.ActorAsync();
        SchemaRegistry.RequireAdmin(actor, "schemas.register");
        var ct = http.RequestAborted;
        if (!IsMultipart(http, out var boundary))
        {
            var body = await http.BodyAsync();
            var url = Text(body, "url") ?? throw CatalogException.Invalid("url", "required");
            return await registry.RegisterFromUrlAsync(actor, Text(body, "name") ?? "", Text(body, "version"), url, Meta(k => Text(body, k)), ct);
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        byte[]? content = null;
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                if (name == "file" && content is null) content = await ReadCapped(section.Body, SchemaRegistry.MaxSchemaBytes, ct);
            }
            else if (name is "name" or "version" or "title" or "description" or "homepage")
            {
                fields[name] = await ReadCappedTextAsync(section.Body, name, ct);
            }
        }
        string? F(string k) => fields.TryGetValue(k, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
        return await registry.RegisterAsync(actor, F("name") ?? "", F("version"), content ?? throw CatalogException.Invalid("file", "required"),
            null, Meta(F), ct);
    }

    private static async Task<Socle.Storage.Jobs.Job> ImportUploadAsync(HttpContext http, string boundary, Actor actor, SchemaRegistry registry)
    {
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(http.RequestAborted)) is not null)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var d) && d.IsFileDisposition()
                && HeaderUtilities.RemoveQuotes(d.Name).Value == "file")
                // Streamed to the blob store, read by the job: the request never holds the catalogue.
                return await registry.ImportAsync(actor, section.Body, http.RequestAborted);
        }
        throw CatalogException.Invalid("file", "required");
    }

    private static SchemaMeta? Meta(Func<string, string?> value) =>
        value("title") is null && value("description") is null && value("homepage") is null ? null
            : new SchemaMeta(value("title"), value("description"), value("homepage"));

    private static string? Text(JsonObject body, string key) =>
        body.TryGetPropertyValue(key, out var n) && n is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;

    private static bool IsMultipart(HttpContext http, out string boundary)
    {
        boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "" : "";
        return boundary.Length > 0;
    }


    private static async Task<string> ReadCappedTextAsync(Stream body, string field, CancellationToken ct)
    {
        const int max = 20_000;
        var bytes = await ReadCapped(body, max * 4, ct);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return text.Length > max ? throw CatalogException.Invalid(field, "too-long", max) : text;
    }

    // --- JSON shapes ---------------------------------------------------------------------------------------------------

    private static string FileUrl(HttpContext http, string name, string? version) =>
        $"{ApiJson.Base(http)}/api/1/schemas/{SchemaResolver.Reference(name, version)}/schema.json";

    private static object Use(SchemaUse s, HttpContext http) => new
    {
        name = s.Reference, title = s.Title, registered = s.Registered,
        url = s.Registered ? FileUrl(http, s.Reference, null) : s.Reference,
        latest_version = s.LatestVersion, versions = s.Versions,
        datasets = s.Datasets.Count,
        followed_by = s.Datasets.Select(d => new
        {
            slug = d.Slug, title = d.Title, uri = $"{ApiJson.Base(http)}/api/1/datasets/{d.Slug}/", follows_latest = d.FollowsLatest, versions = d.Pinned,
        }),
        resources = s.Resources, valid = s.Valid, invalid = s.Invalid, not_validated = s.NotValidated,
        conformance = s.Conformance,
    };

    private static object Entry(SchemaEntry e, HttpContext http) => new
    {
        name = e.Name, title = e.Title, description = e.Description, homepage = e.Homepage, schema_type = e.SchemaType,
        url = FileUrl(http, e.Name, null), latest_version = e.Latest, versions = Versions(e, http),
    };

    private static IEnumerable<object> Versions(SchemaEntry e, HttpContext http) => e.NewestFirst.Select(v => new
    {
        version = v.Version, latest = v.Version == e.Latest, url = FileUrl(http, e.Name, v.Version), source_url = v.SourceUrl,
        sha256 = v.Sha256, registered_at = v.RegisteredAt,
    });

    /// <summary>The schema as <c>{name}/</c> shows it, with what the registration did.</summary>
    private static object Registration(SchemaRegistration r, HttpContext http) => new
    {
        name = r.Schema.Name, title = r.Schema.Title, description = r.Schema.Description, homepage = r.Schema.Homepage,
        schema_type = r.Schema.SchemaType, url = FileUrl(http, r.Schema.Name, null), latest_version = r.Schema.Latest,
        versions = Versions(r.Schema, http),
        version = r.Version, version_url = FileUrl(http, r.Schema.Name, r.Version), added = r.Added, latest_changed = r.LatestChanged,
        revalidations = r.Revalidations,
    };

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
