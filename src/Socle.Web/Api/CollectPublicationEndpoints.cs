using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Services;
using Socle.Collect.Publication;
using Socle.Collect.Records;

namespace Socle.Web.Api;

/// <summary>A collection's publication as a catalogue dataset, and the documents attached to its records' events.</summary>
internal static class CollectPublicationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/collections").WithTags("collections");

        api.MapGet("/{collection}/publication/", async (HttpContext http, string collection, PublicationService publication) =>
            Http.Json(http, View(await publication.GetAsync(collection, http.RequestAborted))))
            .WithSummary("Le jeu de données où le registre est publié, et la dernière régénération de ses fichiers / The dataset the register publishes to, and its files' last regeneration");

        api.MapPost("/{collection}/publish/", async (HttpContext http, string collection, PublicationService publication) =>
            Http.Json(http, View(await publication.PublishAsync(await http.ActorAsync(), collection, http.RequestAborted)), 202))
            .WithSummary("Publier le registre comme jeu de données du catalogue (administrateurs) ; ses fichiers sont régénérés à chaque changement / Publish the register as a catalogue dataset (admins); its files follow every change");

        api.MapPost("/{collection}/records/{number:long}/events/{id:guid}/documents/", async (HttpContext http, string collection, long number, Guid id, EventDocumentService documents) =>
        {
            var actor = await http.ActorAsync();
            actor.RequireAccount();
            if (!http.Request.HasFormContentType) throw CatalogException.Invalid("file", "multipart-expected");
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var file = form.Files.GetFile("file") ?? throw CatalogException.Invalid("file", "required");
            await using var content = file.OpenReadStream();
            var d = await documents.AddAsync(actor, collection, number, id, content, file.FileName, http.RequestAborted);
            var uri = $"/api/1/collections/{collection}/records/{number}/events/{id}/documents/{d.Id}/";
            http.Response.Headers.Location = uri;
            return Http.Json(http, Document(d, uri), 201);
        }).DisableAntiforgery()
          .WithSummary("Joindre un document à un événement (multipart : file) / Attach a document to an event (multipart: file)");

        api.MapGet("/{collection}/records/{number:long}/events/{id:guid}/documents/{document:guid}/", async (HttpContext http, string collection, long number, Guid id, Guid document, EventDocumentService documents) =>
        {
            var (d, content) = await documents.OpenAsync(collection, number, id, document, http.RequestAborted);
            return Results.Stream(content, "application/octet-stream", d.Name);
        }).WithSummary("Télécharger un document d'événement / Download an event's document");
    }

    internal static object Document(EventDocument d, string uri) => new { id = d.Id, name = d.Name, size = d.Size, sha256 = d.Sha256, added_at = d.AddedAt, added_by = d.AddedBy, uri };

    private static object View(PublicationView v) => new
    {
        collection = v.CollectionId,
        dataset = v.Dataset is null ? null : new
        {
            id = v.Dataset.Id, slug = v.Dataset.Slug, title = v.Dataset.Title, status = v.Dataset.Status.ToString().ToLowerInvariant(),
            uri = $"/api/1/datasets/{v.Dataset.Slug}/", page = $"/datasets/{v.Dataset.Slug}/",
            resources = v.Dataset.Resources.Select(r => new { id = r.Id, title = r.Title, url = $"/api/1/datasets/{v.Dataset.Slug}/resources/{r.Id}/download" }),
        },
        pending = v.Pending is null ? null : new { id = v.Pending.Id, state = v.Pending.State.ToString().ToLowerInvariant(), run_after = v.Pending.RunAfter },
        last = v.Last is null ? null : new { id = v.Last.Id, state = v.Last.State.ToString().ToLowerInvariant(), finished_at = v.Last.FinishedAt, error = v.Last.Error },
    };
}
