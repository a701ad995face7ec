using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Storage.Blobs;

namespace Socle.Collect.Records;

/// <summary>A document attached to an event (the permit's decree, the appeal's judgment…).</summary>
public sealed record EventDocument(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("added_at")] DateTimeOffset AddedAt,
    [property: JsonPropertyName("added_by")] string? AddedBy);

/// <summary>
/// Documents of events: stored in the blob store (temporary file, then moved), listed on the event. Those who may add
/// events to the record add documents; everyone reads them, as the register is public.
/// </summary>
public sealed class EventDocumentService(CollectDb db, CollectionService collections, IBlobStore blobs, CatalogSettings settings, TimeProvider clock)
{
    public static List<EventDocument> Read(string json) => JsonSerializer.Deserialize<List<EventDocument>>(json) ?? [];

    public async Task<EventDocument> AddAsync(Actor actor, string collection, long number, Guid eventId, Stream content, string fileName, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var record = await db.Records.AsNoTracking().FirstOrDefaultAsync(r => r.CollectionId == c.Id && r.Number == number, ct)
            ?? throw RecordValues.NotFound("record", number.ToString(CultureInfo.InvariantCulture));
        (await collections.RightsAsync(c, actor, ct)).Require(Model.CollectionRole.Contributor, "event.document", record.Region, record.Departement);
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == eventId && x.RecordId == record.Id && x.WithdrawnAt == null, ct)
            ?? throw RecordValues.NotFound("event", eventId.ToString());
        var name = Path.GetFileName(fileName ?? "");
        if (name.Length == 0) throw CatalogException.Invalid([RecordValues.Error("file", "collect-required")]);
        StoredBlob blob;
        try
        {
            blob = await blobs.PutAsync(content, settings.MaxUploadBytes, ct);
        }
        catch (BlobTooLargeException x)
        {
            throw new CatalogException(Problem.TooLarge, "too-large", null, x.Limit);
        }
        var document = new EventDocument(Guid.NewGuid(), name.Length > 200 ? name[^200..] : name, blob.Key, blob.Size, blob.Sha256, clock.GetUtcNow(), actor.Name);
        e.Documents = JsonSerializer.Serialize(Read(e.Documents).Append(document));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            blobs.Delete(blob.Key);
            throw;
        }
        return document;
    }

    /// <summary>The document and a stream of its content.</summary>
    public async Task<(EventDocument Document, Stream Content)> OpenAsync(string collection, long number, Guid eventId, Guid documentId, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var e = await (from x in db.Events.AsNoTracking()
                       join r in db.Records.AsNoTracking() on x.RecordId equals r.Id
                       where x.Id == eventId && r.CollectionId == c.Id && r.Number == number
                       select x).FirstOrDefaultAsync(ct) ?? throw RecordValues.NotFound("event", eventId.ToString());
        var document = Read(e.Documents).FirstOrDefault(d => d.Id == documentId) ?? throw RecordValues.NotFound("document", documentId.ToString());
        return (document, blobs.OpenRead(document.Key));
    }
}
