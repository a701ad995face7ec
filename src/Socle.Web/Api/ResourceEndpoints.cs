using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

/// <summary>Resources of a dataset, with udata's routes: <c>upload/</c> for files, <c>resources/</c> for links.</summary>
internal static class ResourceEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/datasets/{dataset}").WithTags("resources");

        api.MapGet("/resources/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var d = await datasets.GetAsync(dataset, await http.ActorAsync());
            return Http.Json(http, d.Resources.OrderBy(r => r.Position).Select(r => ApiJson.Resource(r, d, http)));
        }).WithSummary("Ressources d'un jeu de données / A dataset's resources");

        api.MapPost("/upload/", async (HttpContext http, string dataset, ResourceService resources, DatasetService datasets) =>
        {
            var actor = await http.ActorAsync();
            var r = await StreamUploadAsync(http, (body, name, input) => resources.UploadAsync(actor, dataset, body, name, input),
                (stored, input) => resources.UpdateAsync(actor, dataset, stored.Id, input));
            var d = await datasets.GetAsync(dataset, actor);
            r = d.Resources.First(x => x.Id == r.Id);
            http.Response.Headers.Location = $"/api/1/datasets/{d.Slug}/resources/{r.Id}/";
            return Http.Json(http, ApiJson.Resource(r, d, http), 201);
        }).DisableAntiforgery().WithSummary("Téléverser un fichier (multipart, champ file) / Upload a file (multipart, field file)");

        api.MapPost("/resources/", async (HttpContext http, string dataset, ResourceService resources, DatasetService datasets) =>
        {
            var body = await http.BodyAsync();
            var r = await resources.LinkAsync(await http.ActorAsync(), dataset, Input(body));
            var d = await datasets.GetAsync(dataset, await http.ActorAsync());
            http.Response.Headers.Location = $"/api/1/datasets/{d.Slug}/resources/{r.Id}/";
            return Http.Json(http, ApiJson.Resource(r, d, http), 201);
        }).WithSummary("Ajouter un lien (url) / Add a link (url)");

        api.MapGet("/resources/{id:guid}/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var (d, r) = await resources.GetAsync(await http.ActorAsync(), dataset, id);
            return Http.Json(http, ApiJson.Resource(r, d, http));
        }).WithSummary("Une ressource / A resource");

        api.MapPut("/resources/{id:guid}/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var actor = await http.ActorAsync();
            var body = await http.BodyAsync();
            foreach (var (k, _) in body)
                if (k is not ("title" or "description" or "type" or "format" or "schema" or "url"))
                    throw CatalogException.Invalid(k, "unknown-field");
            await resources.UpdateAsync(actor, dataset, id, Input(body));
            var (d, r) = await resources.GetAsync(actor, dataset, id);
            return Http.Json(http, ApiJson.Resource(r, d, http));
        }).WithSummary("Modifier une ressource / Update a resource");

        api.MapDelete("/resources/{id:guid}/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            await resources.DeleteAsync(await http.ActorAsync(), dataset, id);
            return Results.NoContent();
        }).WithSummary("Supprimer une ressource / Delete a resource");

        api.MapPost("/resources/{id:guid}/upload/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var actor = await http.ActorAsync();
            await StreamUploadAsync(http, (body, name, _) => resources.ReplaceFileAsync(actor, dataset, id, body, name),
                (stored, input) => resources.UpdateAsync(actor, dataset, stored.Id, input));
            var (d, r) = await resources.GetAsync(actor, dataset, id);
            return Http.Json(http, ApiJson.Resource(r, d, http));
        }).DisableAntiforgery().WithSummary("Remplacer le fichier / Replace the file");

        api.MapGet("/resources/{id:guid}/download", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var (r, content) = await resources.OpenAsync(await http.ActorAsync(), dataset, id);
            return Results.Stream(content, r.Mime ?? "application/octet-stream", r.FileName, enableRangeProcessing: true,
                entityTag: r.Checksum is null ? null : new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{r.Checksum}\""));
        }).WithSummary("Télécharger le fichier / Download the file");

        api.MapGet("/resources/{id:guid}/validation/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var (_, r) = await resources.GetAsync(await http.ActorAsync(), dataset, id);
            var report = r.ValidationReport is null ? null : System.Text.Json.Nodes.JsonNode.Parse(r.ValidationReport);
            return Http.Json(http, new { status = ResourceStatus.Name(r), validated_at = r.ValidatedAt, schema = r.Schema, error = r.ValidationError, report });
        }).WithSummary("Rapport de validation / Validation report");

        api.MapPost("/resources/{id:guid}/validate/", async (HttpContext http, string dataset, Guid id, ResourceService resources) =>
        {
            var job = await resources.RevalidateAsync(await http.ActorAsync(), dataset, id);
            http.Response.Headers.Location = $"/api/1/jobs/{job.Id}/";
            return Http.Json(http, ApiJson.Job(job), 202);
        }).WithSummary("Relancer la validation / Validate again");
    }

    /// <summary>
    /// Reads a multipart upload section by section: text fields before the file are the resource's metadata, and the
    /// file part streams straight into <paramref name="store"/> (to the blob store's temporary file) — never buffered
    /// whole in memory or in a second temporary file. Fields after the file are applied as an update.
    /// </summary>
    private static async Task<Resource> StreamUploadAsync(HttpContext http, Func<Stream, string, ResourceInput, Task<Resource>> store,
        Func<Resource, ResourceInput, Task> updateAfter)
    {
        var boundary = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw CatalogException.Invalid("file", "multipart-expected");
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = null };
        var before = new Dictionary<string, string>();
        var after = new Dictionary<string, string>();
        Resource? stored = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(http.RequestAborted)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition() && name == "file" && stored is null)
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                stored = await store(section.Body, fileName, Input(before));
            }
            else if (!disposition.IsFileDisposition())
            {
                using var text = new StreamReader(section.Body);
                (stored is null ? before : after)[name] = await text.ReadToEndAsync(http.RequestAborted);
            }
        }
        if (stored is null) throw CatalogException.Invalid("file", "required");
        if (after.Count > 0) await updateAfter(stored, Input(after));
        return stored;
    }

    private static ResourceInput Input(Dictionary<string, string> form)
    {
        string? F(string k) => form.TryGetValue(k, out var v) ? v : null;
        return new ResourceInput { Title = F("title"), Description = F("description"), Type = F("type"), Format = F("format"), Schema = F("schema") };
    }

    private static ResourceInput Input(System.Text.Json.Nodes.JsonObject body)
    {
        string? S(string k) => body.TryGetPropertyValue(k, out var n) ? n?.ToString() ?? "" : null;
        return new ResourceInput { Title = S("title"), Description = S("description"), Type = S("type"), Format = S("format"), Schema = Schema(body), Url = S("url") };
    }

    /// <summary>
    /// The schema as a string (a URL, <c>name</c> or <c>name@version</c>), or in udata's form <c>{"name", "version"}</c> or
    /// <c>{"url"}</c>, stored as the string; null or <c>{}</c> removes it, an absent property leaves it unchanged.
    /// </summary>
    private static string? Schema(System.Text.Json.Nodes.JsonObject body)
    {
        if (!body.TryGetPropertyValue("schema", out var n)) return null;
        if (n is not System.Text.Json.Nodes.JsonObject o) return n?.ToString() ?? "";
        string? S(string k) => o[k] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;
        return S("name") is { } name ? Socle.Catalog.Files.SchemaResolver.Reference(name, S("version")) : S("url") ?? "";
    }
}
