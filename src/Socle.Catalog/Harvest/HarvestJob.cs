using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Harvest;

/// <summary>A run's job: the run asked for (<see cref="RunId"/>), or the scheduled one due at <see cref="Due"/> (Unix ms).</summary>
internal sealed record HarvestPayload(Guid SourceId, Guid? RunId, long? Due);

/// <summary>
/// Runs a harvest: reads the whole source first (every page), then applies it (<see cref="HarvestApplier"/>). A source
/// that cannot be read — timeout, HTTP error, invalid RDF or JSON — fails the run before anything is written, so a broken
/// source never archives or half-updates its datasets. Scheduled runs queue the next one as they start.
/// </summary>
internal sealed class HarvestJob(HarvestOptions options) : IJobHandler
{
    public const string Kind = "harvest.run";
    string IJobHandler.Kind => Kind;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<HarvestPayload>();
        var db = context.Services.GetRequiredService<CatalogDb>();
        var clock = context.Clock;
        var source = await db.HarvestSources.FirstOrDefaultAsync(s => s.Id == payload.SourceId, ct);
        if (source is null) return new { skipped = "gone" };

        HarvestRun? run;
        if (payload.RunId is { } runId)
        {
            run = await db.HarvestRuns.FirstOrDefaultAsync(r => r.Id == runId, ct);
            if (run is null) return new { skipped = "gone" };
            if (run.Status is HarvestRunStatus.Succeeded or HarvestRunStatus.Failed) return new { skipped = "done" };
        }
        else
        {
            // A schedule changed since this job was queued leaves it stale: the new schedule has its own job.
            if (!source.Active || source.NextRunAt?.ToUnixTimeMilliseconds() != payload.Due) return new { skipped = "rescheduled" };
            run = new HarvestRun { SourceId = source.Id, Trigger = "schedule", CreatedAt = clock.GetUtcNow(), JobId = context.Job.Id };
            db.HarvestRuns.Add(run);
            new HarvestService(db, clock).Schedule(source, clock.GetUtcNow());
        }
        run.Status = HarvestRunStatus.Running;
        run.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        var runKey = run.Id;
        try
        {
            if (!source.Active) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.inactive"));
            using var fetcher = new HarvestFetcher(options);
            Task Read(int n) => context.ReportAsync(0, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var listing = source.Type switch
            {
                HarvestTypes.Ckan => await CkanSource.ReadAsync(source.Url, source.Filter, fetcher, options, Read, ct),
                HarvestTypes.Udata => await UdataSource.ReadAsync(source.Url, source.Filter, fetcher, options, Read, ct),
                _ => await DcatSource.ReadAsync(source.Url, context.Services.GetRequiredService<CatalogSettings>().Profile, fetcher, options, Read, ct),
            };
            var total = Math.Max(1, listing.Datasets.Count);
            var applier = context.Services.GetRequiredService<HarvestApplier>();
            var items = await applier.ApplyAsync(source, run, listing,
                n => context.ReportAsync(0.5 + 0.5 * n / total, $"{n}/{total}"), ct);
            run.Pages = listing.Pages;
            run.Created = items.Count(i => i.Outcome == HarvestItem.Created);
            run.Updated = items.Count(i => i.Outcome == HarvestItem.Updated);
            run.Unchanged = items.Count(i => i.Outcome == HarvestItem.Unchanged);
            run.Archived = items.Count(i => i.Outcome == HarvestItem.Archived);
            run.Failed = items.Count(i => i.Outcome == HarvestItem.Failed);
            run.Items = HarvestItem.Serialize(items);
            run.Status = HarvestRunStatus.Succeeded;
        }
        catch (Exception e) when (e is HarvestSourceException or DbUpdateException)
        {
            // A source that could not be read changed nothing; a write that failed rolled back its chunk (datasets of earlier
            // chunks stay, whole, and the next run goes on from them). The tracked changes are dropped, the reason kept.
            db.ChangeTracker.Clear();
            run = await db.HarvestRuns.FirstAsync(r => r.Id == runKey, ct);
            run.Status = HarvestRunStatus.Failed;
            var problem = e is HarvestSourceException h ? h.Problem : HarvestProblem.Of("harvest.error.concurrent");
            run.Error = JsonSerializer.Serialize(problem);
        }
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new
        {
            run = run.Id, status = run.Status.ToString().ToLowerInvariant(),
            created = run.Created, updated = run.Updated, unchanged = run.Unchanged, archived = run.Archived, failed = run.Failed,
        };
    }
}
