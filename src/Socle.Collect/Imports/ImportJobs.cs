using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;

namespace Socle.Collect.Imports;

/// <summary>The dry run: crosswalk, validation, matching, classification — nothing of the register is written.</summary>
internal sealed class ImportPlanJob : IJobHandler
{
    public string Kind => ImportService.PlanJob;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var id = context.PayloadAs<ImportJobPayload>().Import;
        var db = context.Services.GetRequiredService<CollectDb>();
        var batch = await db.Imports.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (batch is null || batch.Status is not (ImportStatus.Queued or ImportStatus.Planning)) return null;
        batch.Status = ImportStatus.Planning;
        await db.SaveChangesAsync(ct);
        await ImportPlanning.PlanAsync(context, db, batch, ct);
        return new { batch.Status };
    }
}

/// <summary>The commit: the dry run again against the register as it is, then every row written in one transaction.</summary>
internal sealed class ImportCommitJob : IJobHandler
{
    public string Kind => ImportService.CommitJob;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var id = context.PayloadAs<ImportJobPayload>().Import;
        var db = context.Services.GetRequiredService<CollectDb>();
        var batch = await db.Imports.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (batch is null || batch.Status != ImportStatus.Committing) return null;
        try
        {
            await ImportPlanning.CommitAsync(context, db, batch, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing of the import was kept (the transaction rolled back): say why, and let it be committed again.
            db.ChangeTracker.Clear();
            await db.Imports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ImportStatus.Planned)
                .SetProperty(i => i.Error, JsonSerializer.Serialize(new { key = "collect.import.commit-failed", args = new[] { e.Message } })), CancellationToken.None);
            throw new JobFailedException(e.Message);
        }
        return new { batch.Status };
    }
}

internal static class ImportPlanning
{
    private sealed record Setup(Collection Collection, Records.CollectRights Rights, ImportRun Run, string Input);

    private static async Task<Setup> SetUpAsync(JobContext context, CollectDb db, ImportBatch batch, CancellationToken ct)
    {
        var collection = await db.Collections.AsNoTracking().FirstAsync(c => c.Id == batch.CollectionId, ct);
        var def = CollectionService.DefinitionOf(collection);
        var rights = new Records.CollectRights(Actor.Anonymous, CollectionRole.Steward, batch.Territories);
        var options = context.Services.GetRequiredService<CatalogOptions>();
        var blobs = context.Services.GetRequiredService<IBlobStore>();
        var run = new ImportRun(db, def, batch, rights) { WorkFolder = ImportService.WorkFolder(options, batch.Id) };
        var input = blobs.LocalPath(batch.BlobKey);
        if (input is null)
        {
            // A remote store: the crosswalk reads a local copy.
            Directory.CreateDirectory(run.WorkFolder);
            input = Path.Combine(run.WorkFolder, "input" + Path.GetExtension(batch.FileName));
            await using var from = blobs.OpenRead(batch.BlobKey);
            await using var to = File.Create(input);
            await from.CopyToAsync(to, ct);
        }
        return new Setup(collection, rights, run, input);
    }

    /// <summary>Plans the import and records the plan (or why the file cannot be imported).</summary>
    public static async Task PlanAsync(JobContext context, CollectDb db, ImportBatch batch, CancellationToken ct)
    {
        var setup = await SetUpAsync(context, db, batch, ct);
        var plan = new ImportPlan();
        try
        {
            var invalid = setup.Run.Prepare(setup.Input, plan, p => context.ReportAsync(p), ct);
            await context.ReportAsync(0.5);
            var clock = Stopwatch.StartNew();
            var index = await RegisterIndex.LoadAsync(db, setup.Collection.Id, batch.Source, ct);
            var changed = new List<ImportRun.Decision>();
            var decided = new List<ImportRun.Decision>();
            foreach (var d in setup.Run.Decide(index, invalid, ct))
            {
                if (d.Outcome is RowOutcome.New or RowOutcome.Changed) decided.Add(d with { Values = [], Json = "" });
                if (d.Outcome == RowOutcome.Changed) { changed.Add(d); continue; }
                plan.Count(new PlanRow(d.Row, d.Outcome, d.Match?.Number, d.Match?.Label ?? RecordValues.Text(d.Values, CollectionService.DefinitionOf(setup.Collection).Dimensions.Label), null, null, d.Errors));
            }
            await context.ReportAsync(0.8);
            foreach (var (d, changes, conflicts) in await setup.Run.ExplainAsync(changed, ct))
                plan.Count(new PlanRow(d.Row, conflicts.Count > 0 ? RowOutcome.Conflicting : RowOutcome.Changed, d.Match!.Number, d.Match.Label, changes, conflicts.Count > 0 ? conflicts : null, null));
            setup.Run.WriteDecisions(decided);
            plan.Samples.Sort((a, b) => a.Row.CompareTo(b.Row));
            plan.Timings["matching"] = clock.Elapsed.TotalSeconds;
            batch.Plan = plan.ToJson();
            batch.PlannedAt = setup.Collection.Changes;
            batch.Status = ImportStatus.Planned;
        }
        catch (CatalogException e)
        {
            // The file does not fit the crosswalk (missing columns, unreadable): a verdict for the steward, not a job failure.
            batch.Status = ImportStatus.Failed;
            batch.Error = JsonSerializer.Serialize(new { key = $"catalog.problem.{e.Code}", args = e.Args.Select(a => a?.ToString()).ToArray(),
                errors = e.Errors.Select(x => new { field = x.Field, key = x.MessageKey, args = x.Args.Select(a => a?.ToString()).ToArray() }) });
        }
        await db.SaveChangesAsync(ct);
    }

    public static async Task CommitAsync(JobContext context, CollectDb db, ImportBatch batch, CancellationToken ct)
    {
        var setup = await SetUpAsync(context, db, batch, ct);
        if (setup.Collection.Changes != batch.PlannedAt)
        {
            // The register moved since the dry run: what was shown is no longer what would happen. Plan again; the
            // steward reads the new dry run and commits it.
            await PlanAsync(context, db, batch, ct);
            if (batch.Status == ImportStatus.Planned)
            {
                batch.Error = JsonSerializer.Serialize(new { key = "collect.import.replanned", args = Array.Empty<string>() });
                await db.SaveChangesAsync(ct);
            }
            return;
        }
        var def = CollectionService.DefinitionOf(setup.Collection);
        var plan = ImportPlan.FromJson(batch.Plan) ?? new ImportPlan();
        if (!batch.SkipInvalid && plan.Errors > 0)
            throw new InvalidOperationException("The import has rows in error and was not asked to leave them out.");
        // The register is the one the dry run saw: its decisions stand, only the rows that write are read again.
        var decisions = setup.Run.Replay(ct)?.ToList() ?? throw new InvalidOperationException("The dry run's decisions are missing.");
        await context.ReportAsync(0.3, "writing");

        var now = context.Clock.GetUtcNow();
        var w = new WriteContext(batch.Source, batch.ValidFrom, batch.CommittedBy, batch.CreatedByName, batch.Comment, batch.Id, now);
        var collection = setup.Collection; // untracked: its counters are written once, at the end, against the planned value
        var created = new Dictionary<Type, List<object>>();
        var bulk = new RecordWriter(db, def, e => (created.TryGetValue(e.GetType(), out var l) ? l : created[e.GetType()] = []).Add(e));
        var changes = collection.Changes;
        foreach (var d in decisions.Where(d => d.Outcome == RowOutcome.New)) bulk.Create(collection, d.Values, w);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await BulkInsert.InsertAsync(db, Rows<CollectRecord>(created), ct);
        await BulkInsert.InsertAsync(db, Rows<RecordRevision>(created), ct);
        await BulkInsert.InsertAsync(db, Rows<SourceValues>(created), ct);
        await BulkInsert.InsertAsync(db, Rows<RecordEvent>(created), ct);
        await BulkInsert.InsertAsync(db, Rows<Measure>(created), ct);
        created.Clear();

        // Changed rows go through the services' path (sources, consolidation, conflicts, events, measures), in chunks
        // saved within the one transaction; the change tracker is emptied after each so it does not grow with the import.
        var writer = new RecordWriter(db, def);
        foreach (var chunk in decisions.Where(d => d.Outcome == RowOutcome.Changed).Chunk(200))
        {
            var ids = chunk.Select(d => d.Match!.Id).ToList();
            var records = await db.Records.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            await writer.LoadAsync(ids, ct);
            foreach (var d in chunk)
            {
                // The row is the source's whole say on the record: fields it leaves empty are cleared from that source.
                var given = def.Schema.Fields.ToDictionary(f => f.Name, f => d.Values.GetValueOrDefault(f.Name), StringComparer.Ordinal);
                writer.Update(collection, records[d.Match!.Id], given, w);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        var moved = await db.Collections.Where(c => c.Id == collection.Id && c.Changes == changes)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Changes, changes + 1).SetProperty(c => c.NextNumber, collection.NextNumber), ct);
        if (moved == 0) throw new DbUpdateConcurrencyException("The register changed during the import.");
        await Publication.PublicationService.QueueAsync(db, collection, context.Clock, ct);
        await db.SaveChangesAsync(ct);
        await db.Imports.Where(i => i.Id == batch.Id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, ImportStatus.Committed)
            .SetProperty(i => i.CommittedAt, now)
            .SetProperty(i => i.Error, (string?)null), ct);
        await transaction.CommitAsync(ct);
        batch.Status = ImportStatus.Committed;
        await context.ReportAsync(1, "committed");
    }

    private static List<T> Rows<T>(Dictionary<Type, List<object>> created) =>
        created.TryGetValue(typeof(T), out var list) ? list.Cast<T>().ToList() : [];
}
