using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Files;
using Socle.Catalog.Search;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Services;

/// <summary>The metadata of a resource a client sends with an upload or a link (udata's names).</summary>
public sealed record ResourceInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Type { get; init; }
    public string? Format { get; init; }
    public string? Schema { get; init; }
    public string? Url { get; init; }
}

/// <summary>
/// Resources of a dataset: files uploaded to the blob store (streamed to a temporary file, checksummed, checked,
/// then moved into place) and remote links. A change of content resets the validation status and queues a new
/// validation, so a resource never shows "valid" for content that was not validated.
/// </summary>
public sealed class ResourceService(CatalogDb db, IBlobStore blobs, CatalogSettings settings, DatasetService datasets,
    DatasetIndexer indexer, SchemaResolver schemas, TimeProvider clock)
{
    public async Task<(Dataset Dataset, Resource Resource)> GetAsync(Actor actor, string dataset, Guid id, CancellationToken ct = default)
    {
        var d = await datasets.GetAsync(dataset, actor, ct);
        var r = d.Resources.FirstOrDefault(x => x.Id == id) ?? throw CatalogException.NotFound("resource", id.ToString());
        return (d, r);
    }

    /// <summary>Adds an uploaded file. Nothing is kept when any check fails.</summary>
    public async Task<Resource> UploadAsync(Actor actor, string dataset, Stream content, string fileName, ResourceInput input, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var r = new Resource { Title = "", DatasetKey = d.Key, FileType = "file", CreatedAt = clock.GetUtcNow(), Position = d.Resources.Count };
        await StoreAsync(d, r, content, fileName, input, isNew: true, actor, ct);
        return r;
    }

    /// <summary>Replaces the file of an existing resource (udata's <c>…/resources/{id}/upload/</c>).</summary>
    public async Task<Resource> ReplaceFileAsync(Actor actor, string dataset, Guid id, Stream content, string fileName, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var r = d.Resources.FirstOrDefault(x => x.Id == id) ?? throw CatalogException.NotFound("resource", id.ToString());
        var oldBlob = r.BlobKey;
        await StoreAsync(d, r, content, fileName, new ResourceInput(), isNew: false, actor, ct);
        if (oldBlob is not null && oldBlob != r.BlobKey) blobs.Delete(oldBlob);
        return r;
    }

    private async Task StoreAsync(Dataset d, Resource r, Stream content, string fileName, ResourceInput input, bool isNew, Actor actor, CancellationToken ct)
    {
        var name = FileNames.Check(fileName);
        var errors = CheckInput(input, creating: false, current: r.Schema);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        StoredBlob blob;
        try
        {
            blob = await blobs.PutAsync(content, settings.MaxUploadBytes, ct);
        }
        catch (BlobTooLargeException e)
        {
            throw new CatalogException(Problem.TooLarge, "too-large", null, e.Limit);
        }
        var committed = false;
        try
        {
            var format = Formats.Normalize(input.Format) ?? Formats.FromFileName(name) ?? r.Format;
            await using (var head = blobs.OpenRead(blob.Key))
                Formats.CheckContent(head, format);
            r.Title = input.Title?.Trim() is { Length: > 0 } t ? t : r.Title.Length > 0 ? r.Title : name;
            if (input.Description is not null) r.Description = input.Description;
            if (input.Type is not null) r.Type = input.Type;
            if (input.Schema is not null) r.Schema = input.Schema.Length == 0 ? null : input.Schema;
            r.FileType = "file";
            r.Url = null;
            r.FileName = name;
            r.Format = format;
            r.Mime = Formats.Mime(format);
            r.BlobKey = blob.Key;
            r.Size = blob.Size;
            r.Checksum = blob.Sha256;
            r.Available = true;
            r.UpdatedAt = clock.GetUtcNow();
            ResetValidation(r);
            d.DataUpdatedAt = r.UpdatedAt;
            // Added explicitly: a new resource's id is set already, which EF would otherwise take for an existing row.
            if (isNew) { d.Resources.Add(r); db.Resources.Add(r); }
            await SaveAsync(d, r, actor, ct);
            committed = true;
        }
        finally
        {
            if (!committed) blobs.Delete(blob.Key);
        }
    }

    /// <summary>Adds a link to a file or an API elsewhere; its availability is checked by a job.</summary>
    public async Task<Resource> LinkAsync(Actor actor, string dataset, ResourceInput input, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var errors = CheckInput(input, creating: true);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        var now = clock.GetUtcNow();
        var url = new Uri(input.Url!);
        var r = new Resource
        {
            Title = input.Title?.Trim() is { Length: > 0 } t ? t : Path.GetFileName(url.AbsolutePath) is { Length: > 0 } f ? f : url.Host,
            Description = input.Description, Type = input.Type ?? ResourceTypes.Main, FileType = "remote", Url = url.ToString(),
            Format = Formats.Normalize(input.Format) ?? Formats.FromFileName(url.AbsolutePath), Schema = input.Schema is { Length: > 0 } s ? s : null,
            DatasetKey = d.Key, CreatedAt = now, UpdatedAt = now, Position = d.Resources.Count,
        };
        r.Mime = Formats.Mime(r.Format);
        d.Resources.Add(r);
        db.Resources.Add(r);
        d.DataUpdatedAt = now;
        await SaveAsync(d, r, actor, ct);
        return r;
    }

    /// <summary>Changes a resource's metadata; a new schema or URL means a new validation.</summary>
    public async Task<Resource> UpdateAsync(Actor actor, string dataset, Guid id, ResourceInput input, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var r = d.Resources.FirstOrDefault(x => x.Id == id) ?? throw CatalogException.NotFound("resource", id.ToString());
        var errors = CheckInput(input, creating: false, current: r.Schema);
        if (input.Url is not null && r.FileType != "remote") errors.Add(FieldError.Of("url", "not-remote"));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        if (input.Title is not null) r.Title = input.Title.Trim().Length > 0 ? input.Title.Trim() : r.Title;
        if (input.Description is not null) r.Description = input.Description;
        if (input.Type is not null) r.Type = input.Type;
        if (input.Format is not null) { r.Format = Formats.Normalize(input.Format); r.Mime = Formats.Mime(r.Format); }
        var contentChanged = false;
        if (input.Schema is not null && (input.Schema.Length == 0 ? null : input.Schema) != r.Schema)
        {
            r.Schema = input.Schema.Length == 0 ? null : input.Schema;
            contentChanged = true;
        }
        if (input.Url is not null && input.Url != r.Url) { r.Url = new Uri(input.Url).ToString(); r.Available = null; contentChanged = true; }
        r.UpdatedAt = clock.GetUtcNow();
        if (contentChanged) ResetValidation(r);
        await SaveAsync(d, r, actor, ct);
        return r;
    }

    public async Task DeleteAsync(Actor actor, string dataset, Guid id, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var r = d.Resources.FirstOrDefault(x => x.Id == id) ?? throw CatalogException.NotFound("resource", id.ToString());
        d.Resources.Remove(r);
        db.Resources.Remove(r);
        if (await db.ResourceTables.AnyAsync(t => t.ResourceId == r.Id, ct))
            JobQueue.Enqueue(db, ResourceTable.DropJob, Subject(r), new TablePayload(r.Id, null), clock);
        await SaveAsync(d, null, actor, ct);
        if (r.BlobKey is not null) blobs.Delete(r.BlobKey);
    }

    /// <summary>Queues a validation of the current content (the API's "validate again").</summary>
    public async Task<Job> RevalidateAsync(Actor actor, string dataset, Guid id, CancellationToken ct = default)
    {
        var d = await EditableAsync(actor, dataset, ct);
        var r = d.Resources.FirstOrDefault(x => x.Id == id) ?? throw CatalogException.NotFound("resource", id.ToString());
        if (r.Schema is null) throw CatalogException.Invalid("schema", "required");
        var job = JobQueue.Enqueue(db, ResourceValidationJob.Kind, Subject(r), new ValidationPayload(r.Id, r.Checksum), clock);
        await db.SaveChangesAsync(ct);
        return job;
    }

    public static string Subject(Resource r) => $"resource:{r.Id}";

    /// <summary>Opens an uploaded file for download.</summary>
    public async Task<(Resource Resource, Stream Content)> OpenAsync(Actor actor, string dataset, Guid id, CancellationToken ct = default)
    {
        var (_, r) = await GetAsync(actor, dataset, id, ct);
        if (r.BlobKey is null) throw CatalogException.NotFound("file", id.ToString());
        return (r, blobs.OpenRead(r.BlobKey));
    }

    private static void ResetValidation(Resource r)
    {
        r.ValidationStatus = ValidationStatus.NotValidated;
        r.ValidatedChecksum = null;
        r.ValidatedAt = null;
        r.ValidationReport = null;
        r.ValidationError = null;
    }

    /// <summary>Saves the resource change with the dataset's refreshed index and the jobs it calls for, in one transaction.</summary>
    private async Task SaveAsync(Dataset d, Resource? r, Actor actor, CancellationToken ct)
    {
        if (r is not null) await QueueWorkAsync(db, r, clock, ct);
        d.Version++;
        d.UpdatedAt = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await indexer.RefreshAsync(d, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The jobs a new or changed resource calls for — validation (with a schema), availability (a link), its table (a
    /// tabular file) — queued with the caller's change; the harvester uses it for the resources it writes.
    /// </summary>
    internal static async Task QueueWorkAsync(CatalogDb db, Resource r, TimeProvider clock, CancellationToken ct)
    {
        if (r.Schema is not null && r.ValidationStatus == ValidationStatus.NotValidated && (r.FileType == "file" || r.Url is not null))
            JobQueue.Enqueue(db, ResourceValidationJob.Kind, Subject(r), new ValidationPayload(r.Id, r.Checksum), clock);
        if (r.FileType == "remote" && r.Available is null)
            JobQueue.Enqueue(db, AvailabilityCheckJob.Kind, Subject(r), new ValidationPayload(r.Id, null), clock);
        await QueueTableAsync(db, r, clock, ct);
    }

    /// <summary>
    /// A tabular file whose content, format or schema changed gets its table (re)built by a job, queued in the same
    /// transaction; until the job ends, queries keep reading the previous table. A resource that stops being tabular loses it.
    /// </summary>
    private static async Task QueueTableAsync(CatalogDb db, Resource r, TimeProvider clock, CancellationToken ct)
    {
        r.Table ??= await db.ResourceTables.FirstOrDefaultAsync(t => t.ResourceId == r.Id, ct);
        var tabular = Formats.IsTabular(r.Format) && (r.FileType == "file" ? r.BlobKey is not null : r.Url is not null);
        if (!tabular)
        {
            if (r.Table is null) return;
            db.ResourceTables.Remove(r.Table);
            r.Table = null;
            JobQueue.Enqueue(db, ResourceTable.DropJob, Subject(r), new TablePayload(r.Id, null), clock);
            return;
        }
        var key = $"{(r.FileType == "file" ? r.Checksum : r.Url)}|{r.Format}|{r.Schema}";
        if (r.Table?.SourceKey == key) return;
        if (r.Table is null)
        {
            r.Table = new ResourceTable { ResourceId = r.Id };
            db.ResourceTables.Add(r.Table);
        }
        r.Table.SourceKey = key;
        r.Table.Status = TableStatus.Pending;
        r.Table.Error = null;
        r.Table.UpdatedAt = clock.GetUtcNow();
        JobQueue.Enqueue(db, ResourceTable.IngestJob, Subject(r), new TablePayload(r.Id, key), clock);
    }

    private async Task<Dataset> EditableAsync(Actor actor, string dataset, CancellationToken ct)
    {
        actor.RequireAccount();
        var d = await datasets.GetAsync(dataset, actor, ct);
        DatasetService.RefuseIfHarvested(d);
        if (!DatasetService.CanEdit(d, actor)) throw CatalogException.Forbidden("resource.edit");
        return d;
    }

    private List<FieldError> CheckInput(ResourceInput input, bool creating, string? current = null)
    {
        var errors = new List<FieldError>();
        if (input.Type is not null && !ResourceTypes.All.Contains(input.Type))
            errors.Add(FieldError.Of("type", "not-in-list", input.Type, string.Join(", ", ResourceTypes.All)));
        if (input.Title is { Length: > 500 }) errors.Add(FieldError.Of("title", "too-long", 500));
        if (creating && string.IsNullOrWhiteSpace(input.Url)) errors.Add(FieldError.Of("url", "required"));
        if (input.Url is not null && !(Uri.TryCreate(input.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            errors.Add(FieldError.Of("url", "url", input.Url));
        if (input.Format is { Length: > 0 } f && Formats.Normalize(f) is null) errors.Add(FieldError.Of("format", "format", f));
        if (input.Schema is { Length: > 0 } s && s != current && SchemaError(s) is { } e) errors.Add(e);
        return errors;
    }

    /// <summary>
    /// A schema is any http(s) URL, or a name registered here, following its latest version (<c>name</c>) or pinned to
    /// one (<c>name@version</c>). A reference the resource holds already is not checked again (its schema may have gone).
    /// </summary>
    private FieldError? SchemaError(string s)
    {
        if (SchemaResolver.IsUrl(s) || schemas.RegisteredPath(s) is not null) return null;
        return SchemaResolver.Split(s) is ({ } name, { } version) && schemas.RegisteredPath(name) is not null
            ? FieldError.Of("schema", "schema-version-unknown", name, version)
            : FieldError.Of("schema", "schema", s);
    }
}

internal sealed record ValidationPayload(Guid ResourceId, string? Checksum);

/// <summary>The job payload of a table build or drop: the resource, and the source key the build is for.</summary>
public sealed record TablePayload(Guid ResourceId, string? SourceKey);
