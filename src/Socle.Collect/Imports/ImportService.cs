using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;

namespace Socle.Collect.Imports;

/// <summary>What an import is asked to do: which crosswalk (a saved one by name, or one given whole), for which source, as of which day.</summary>
public sealed record ImportRequest(string? Crosswalk, JsonElement? CrosswalkDefinition, string? Source, DateOnly? ValidFrom, string? Comment);

/// <summary>
/// Imports: a file uploaded with a crosswalk is planned by a job (the dry run), then committed whole by another — or
/// discarded. Stewards import; those named on territories import rows of their territories only.
/// </summary>
public sealed class ImportService(CollectDb db, CollectionService collections, IBlobStore blobs, CatalogOptions options, CatalogSettings settings, TimeProvider clock)
{
    public const string PlanJob = "collect.import.plan", CommitJob = "collect.import.commit";

    internal static string WorkFolder(CatalogOptions options, Guid import) => Path.Combine(options.DataFolder, "collect", "imports", import.ToString("N"));

    public async Task<ImportBatch> CreateAsync(Actor actor, string collection, Stream file, string fileName, ImportRequest request, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var def = CollectionService.DefinitionOf(c);
        var rights = await collections.RightsAsync(c, actor, ct);
        rights.Require(CollectionRole.Steward, "import.create", anywhere: true);
        var errors = new List<FieldError>();
        string? crosswalkJson = null;
        Crosswalk? crosswalk = null;
        if (request.CrosswalkDefinition is { } given)
        {
            crosswalk = Crosswalk.Parse(given, def.Schema);
            crosswalkJson = given.GetRawText();
        }
        else if (request.Crosswalk is { Length: > 0 } name)
        {
            var entry = await db.Crosswalks.AsNoTracking().FirstOrDefaultAsync(x => x.CollectionId == c.Id && x.Name == name, ct);
            if (entry is null) errors.Add(RecordValues.Error("crosswalk", "collect-unknown-crosswalk", name));
            else { crosswalk = Crosswalk.Parse(entry.Definition); crosswalkJson = entry.Definition; }
        }
        else errors.Add(RecordValues.Error("crosswalk", "collect-required"));
        var source = request.Source ?? crosswalk?.Source ?? def.Sources[0].Id;
        if (!def.HasSource(source)) errors.Add(RecordValues.Error("source", "collect-unknown-source", source));
        var safeName = Path.GetFileName(fileName ?? "");
        if (safeName.Length == 0) errors.Add(RecordValues.Error("file", "collect-required"));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);

        StoredBlob blob;
        try
        {
            blob = await blobs.PutAsync(file, settings.MaxUploadBytes, ct);
        }
        catch (BlobTooLargeException e)
        {
            throw new CatalogException(Problem.TooLarge, "too-large", null, e.Limit);
        }
        var now = clock.GetUtcNow();
        var batch = new ImportBatch
        {
            CollectionId = c.Id,
            FileName = safeName.Length > 300 ? safeName[^300..] : safeName,
            BlobKey = blob.Key,
            Size = blob.Size,
            Crosswalk = crosswalkJson!,
            CrosswalkName = crosswalk!.Id,
            Source = source,
            ValidFrom = request.ValidFrom ?? DateOnly.FromDateTime(now.UtcDateTime),
            Territories = rights.Territories,
            CreatedBy = actor.AccountId,
            CreatedByName = actor.Name,
            CreatedAt = now,
            Comment = request.Comment,
        };
        db.Imports.Add(batch);
        batch.JobId = JobQueue.Enqueue(db, PlanJob, batch.Id.ToString(), new ImportJobPayload(batch.Id), clock, maxAttempts: 2).Id;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            blobs.Delete(blob.Key);
            throw;
        }
        return batch;
    }

    public async Task<List<ImportBatch>> ListAsync(string collection, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        return await db.Imports.AsNoTracking().Where(i => i.CollectionId == c.Id).OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task<ImportBatch> GetAsync(string collection, Guid id, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        return await db.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.CollectionId == c.Id, ct)
            ?? throw RecordValues.NotFound("import", id.ToString());
    }

    /// <summary>
    /// Commits a planned import (stewards): refused while the dry run has errors unless <paramref name="skipInvalid"/>
    /// says to leave those rows out. The commit job writes it all in one transaction, or nothing.
    /// </summary>
    public async Task<ImportBatch> CommitAsync(Actor actor, string collection, Guid id, bool skipInvalid, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "import.commit", anywhere: true);
        var batch = await db.Imports.FirstOrDefaultAsync(i => i.Id == id && i.CollectionId == c.Id, ct) ?? throw RecordValues.NotFound("import", id.ToString());
        if (batch.Status != ImportStatus.Planned)
            throw new CatalogException(Problem.Conflict, "collect-import-not-planned", null, Status(batch.Status));
        var plan = ImportPlan.FromJson(batch.Plan)!;
        if (plan.Errors > 0 && !skipInvalid)
            throw new CatalogException(Problem.Conflict, "collect-import-has-errors", null, plan.Errors.ToString(CultureInfo.InvariantCulture));
        batch.Status = ImportStatus.Committing;
        batch.SkipInvalid = skipInvalid;
        batch.CommittedBy = actor.AccountId;
        batch.Error = null;
        batch.JobId = JobQueue.Enqueue(db, CommitJob, batch.Id.ToString(), new ImportJobPayload(batch.Id), clock, maxAttempts: 1).Id;
        await db.SaveChangesAsync(ct);
        return batch;
    }

    /// <summary>Drops an import that was not committed: its file and its work files go.</summary>
    public async Task<ImportBatch> DiscardAsync(Actor actor, string collection, Guid id, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "import.discard", anywhere: true);
        var batch = await db.Imports.FirstOrDefaultAsync(i => i.Id == id && i.CollectionId == c.Id, ct) ?? throw RecordValues.NotFound("import", id.ToString());
        if (batch.Status is ImportStatus.Committed or ImportStatus.Committing)
            throw new CatalogException(Problem.Conflict, "collect-import-not-planned", null, Status(batch.Status));
        batch.Status = ImportStatus.Discarded;
        await db.SaveChangesAsync(ct);
        blobs.Delete(batch.BlobKey);
        var folder = WorkFolder(options, batch.Id);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return batch;
    }

    public static string Status(ImportStatus s) => s.ToString().ToLowerInvariant();
}

internal sealed record ImportJobPayload(Guid Import);
