using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Collect.Publication;

/// <summary>Where a collection is published: its dataset (null before the first publication) and the publication jobs.</summary>
public sealed record PublicationView(Guid CollectionId, Dataset? Dataset, Job? Pending, Job? Last);

/// <summary>What one publication run did.</summary>
public sealed record PublicationResult(string Dataset, int Files, int Replaced, long Records, double Seconds);

/// <summary>
/// A collection published as a dataset of the catalogue, in its organisation: the register's current state (CSV,
/// GeoJSON), its events, its measures and its state at each of the last year-ends, regenerated from the register
/// after every change (the job <see cref="JobKind"/>, queued by the writes with a short delay so a burst publishes
/// once). Files keep their resource ids from one run to the next, so links and the tabular API's addresses stay; a
/// file whose content did not change is not replaced. The catalogue sees an ordinary dataset: search, DCAT, tables.
/// </summary>
public sealed class PublicationService(CollectDb db, CatalogDb catalog, CollectionService collections, CatalogSettings settings,
    CatalogOptions options, DatasetIndexer indexer, IBlobStore blobs, TimeProvider clock)
{
    public const string JobKind = "collect.publish";
    /// <summary>How long a change waits before it is published: the writes that follow within it join the same run.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);
    /// <summary>Year-end snapshots written: the last completed years, at most this many.</summary>
    public const int MaxSnapshots = 10;
    /// <summary>Licence Ouverte 2.0 (etalab-2.0): the built-in licence id.</summary>
    public const string License = "lov2";

    public static string Subject(Guid collection) => $"collection:{collection}";

    public async Task<PublicationView> GetAsync(string collection, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var d = c.DatasetId is { } id
            ? await catalog.Datasets.AsNoTracking().Include(x => x.Resources.OrderBy(r => r.Position)).FirstOrDefaultAsync(x => x.Id == id, ct)
            : null;
        var subject = Subject(c.Id);
        var jobs = catalog.Jobs.AsNoTracking().Where(j => j.Kind == JobKind && j.Subject == subject);
        var pending = await jobs.Where(j => j.State == JobState.Queued || j.State == JobState.Running).OrderBy(j => j.CreatedAt).FirstOrDefaultAsync(ct);
        var last = await jobs.Where(j => j.State == JobState.Succeeded || j.State == JobState.Failed).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync(ct);
        return new PublicationView(c.Id, d, pending, last);
    }

    /// <summary>
    /// Publishes a collection (its admins): creates its dataset the first time (published, in the collection's
    /// organisation), publishes it again if it was unpublished, and queues its files' generation at once.
    /// </summary>
    public async Task<PublicationView> PublishAsync(Actor actor, string collection, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        (await collections.RightsAsync(c, actor, ct)).Require(CollectionRole.Admin, "collection.publish", anywhere: true);
        var def = CollectionService.DefinitionOf(c);
        var now = clock.GetUtcNow();
        var d = c.DatasetId is { } existing ? await catalog.Datasets.Include(x => x.Resources).FirstOrDefaultAsync(x => x.Id == existing, ct) : null;
        var orgSlug = await catalog.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Slug).FirstAsync(ct);
        if (d is null)
        {
            var slug = Slugs.From(c.Title);
            var taken = await catalog.Datasets.Where(x => x.Slug == slug || x.Slug.StartsWith(slug + "-")).Select(x => x.Slug).ToListAsync(ct);
            d = new Dataset
            {
                Slug = Slugs.FirstFree(slug, taken), Title = c.Title, OrganizationId = c.OrganizationId, OwnerId = actor.AccountId,
                Status = DatasetStatus.Published, StatusChangedAt = now, StatusChangedBy = actor.AccountId, CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            await DescribeAsync(d, c, def, ct);
            await using var tx = await catalog.Database.BeginTransactionAsync(ct);
            catalog.Datasets.Add(d);
            await catalog.SaveChangesAsync(ct);
            var after = DatasetSnapshot.Of(d, orgSlug);
            await DatasetService.AddRevisionAsync(catalog, d, actor.AccountId, actor.Name, DatasetSnapshot.Diff([], after), after, null, now, ct);
            await indexer.RefreshAsync(d, ct);
            await catalog.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            // Not through the tracked row: its concurrency tokens belong to record writes, which may go on meanwhile.
            await db.Collections.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.DatasetId, d.Id), ct);
            c.DatasetId = d.Id;
        }
        else if (d.Status != DatasetStatus.Published)
        {
            var before = DatasetSnapshot.Of(d, orgSlug);
            d.Status = DatasetStatus.Published;
            d.StatusChangedAt = now;
            d.StatusChangedBy = actor.AccountId;
            d.UpdatedAt = now;
            d.Version++;
            var after = DatasetSnapshot.Of(d, orgSlug);
            await using var tx = await catalog.Database.BeginTransactionAsync(ct);
            await DatasetService.AddRevisionAsync(catalog, d, actor.AccountId, actor.Name, DatasetSnapshot.Diff(before, after), after, null, now, ct);
            await indexer.RefreshAsync(d, ct);
            await catalog.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        // The files follow in a job, started at once: a register of 150,000 records takes longer than a request should.
        await QueueAsync(db, c, clock, ct, immediately: true);
        await db.SaveChangesAsync(ct);
        return await GetAsync(c.Slug, ct);
    }

    /// <summary>
    /// Queues the publication of a published collection, in the caller's transaction (saved with its change), unless
    /// one is queued and not started yet: that one will read this change too. It waits <see cref="Delay"/>.
    /// </summary>
    internal static async Task QueueAsync(CollectDb db, Collection c, TimeProvider clock, CancellationToken ct, bool immediately = false)
    {
        if (c.DatasetId is null) return;
        var subject = Subject(c.Id);
        var at = clock.GetUtcNow() + (immediately ? TimeSpan.Zero : Delay);
        var waiting = db.Jobs.Where(j => j.Kind == JobKind && j.Subject == subject && j.State == JobState.Queued);
        if (immediately ? await waiting.ExecuteUpdateAsync(s => s.SetProperty(j => j.RunAfter, at), ct) > 0 : await waiting.AnyAsync(ct)) return;
        JobQueue.Enqueue(db, JobKind, subject, new PublishPayload(c.Id), clock).RunAfter = at;
    }

    /// <summary>
    /// Writes the files from the register as it is now and puts them in the dataset: a file whose content changed
    /// replaces its resource's (same id); the others are left as they are. Null when the collection is not published
    /// (or its dataset was deleted from the catalogue: it is then no longer published).
    /// </summary>
    internal async Task<PublicationResult?> RegenerateAsync(Guid collectionId, Func<double, Task> progress, CancellationToken ct)
    {
        var clockStart = Stopwatch.StartNew();
        var c = await db.Collections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == collectionId, ct);
        if (c?.DatasetId is not { } datasetId) return null;
        var d = await catalog.Datasets.Include(x => x.Resources).ThenInclude(r => r.Table).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == datasetId, ct);
        if (d is null)
        {
            await db.Collections.Where(x => x.Id == collectionId && x.DatasetId == datasetId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DatasetId, (Guid?)null), ct);
            return null;
        }
        var def = CollectionService.DefinitionOf(c);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = await FirstDayAsync(c.Id, ct);
        var snapshots = new List<DateOnly>();
        if (first is { } f)
            for (var year = Math.Max(f.Year, today.Year - MaxSnapshots); year < today.Year; year++) snapshots.Add(new DateOnly(year, 12, 31));

        var folder = Path.Combine(options.DataFolder, "collect", "publish", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var added = new List<string>();
        var dropped = new List<string>();
        var committed = false;
        try
        {
            var files = await new RegisterExport(db, c, def).WriteAsync(folder, snapshots, p => progress(0.8 * p), ct);
            var now = clock.GetUtcNow();
            var replaced = 0;
            var touched = false;
            var position = 0;
            foreach (var file in files)
            {
                var r = d.Resources.FirstOrDefault(x => x.FileType == "file" && x.FileName == file.Name);
                var isNew = r is null;
                r ??= new Resource { Title = "", DatasetKey = d.Key, FileType = "file", CreatedAt = now };
                var (title, description) = Texts(file, r.Id, def, files[0].Rows);
                touched |= r.Title != title || r.Description != description || r.Position != position || r.Type != ResourceTypes.Main;
                r.Title = title;
                r.Description = description;
                r.Type = ResourceTypes.Main;
                r.Position = position++;
                var sha = await Sha256Async(file.Path, ct);
                if (!isNew && r.Checksum == sha && r.BlobKey is not null) continue;
                StoredBlob blob;
                await using (var content = File.OpenRead(file.Path))
                    blob = await blobs.PutAsync(content, long.MaxValue, ct);
                added.Add(blob.Key);
                if (r.BlobKey is { } old) dropped.Add(old);
                r.FileName = file.Name;
                r.Url = null;
                r.Format = file.Format;
                r.Mime = Formats.Mime(file.Format);
                r.BlobKey = blob.Key;
                r.Size = blob.Size;
                r.Checksum = blob.Sha256;
                r.Available = true;
                r.UpdatedAt = now;
                r.ValidationStatus = ValidationStatus.NotValidated;
                r.ValidatedChecksum = null;
                r.ValidatedAt = null;
                r.ValidationReport = null;
                r.ValidationError = null;
                if (isNew) { d.Resources.Add(r); catalog.Resources.Add(r); }
                // The table of a CSV is (re)built by the catalogue's job, as for any upload: the tabular API follows.
                await ResourceService.QueueWorkAsync(catalog, r, clock, ct);
                replaced++;
            }
            // Resources the publication does not write (added by hand, a snapshot older than the window) stay, after ours.
            foreach (var other in d.Resources.Where(x => files.All(f => f.Name != x.FileName || x.FileType != "file")).OrderBy(x => x.Position).ToList())
            {
                touched |= other.Position != position;
                other.Position = position++;
            }

            var orgSlug = await catalog.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
            var before = DatasetSnapshot.Of(d, orgSlug);
            await DescribeAsync(d, c, def, ct);
            var after = DatasetSnapshot.Of(d, orgSlug);
            var changes = DatasetSnapshot.Diff(before, after);
            if (changes.Count > 0 || replaced > 0 || touched)
            {
                d.Version++;
                d.UpdatedAt = now;
                if (replaced > 0) d.DataUpdatedAt = now;
                await using var tx = await catalog.Database.BeginTransactionAsync(ct);
                // The author is the register: the dataset's history says its changes come from there.
                if (changes.Count > 0)
                    await DatasetService.AddRevisionAsync(catalog, d, null, Messages.Format("collect.publication.author", "fr", c.Title), changes, after, null, now, ct);
                await indexer.RefreshAsync(d, ct);
                await catalog.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            committed = true;
            await progress(1);
            return new PublicationResult(d.Slug, files.Count, replaced, files[0].Rows, Math.Round(clockStart.Elapsed.TotalSeconds, 3));
        }
        finally
        {
            foreach (var key in committed ? dropped : added) blobs.Delete(key);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The first day any revision holds from: where the register's time starts.</summary>
    private Task<DateOnly?> FirstDayAsync(Guid collection, CancellationToken ct) =>
        db.Revisions.Where(v => v.CollectionId == collection).Select(v => (DateOnly?)v.ValidFrom).MinAsync(ct);

    /// <summary>The dataset's metadata from the collection: title, description, licence, keywords, regions, period, frequency.</summary>
    private async Task DescribeAsync(Dataset d, Collection c, CollectionDefinition def, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = await FirstDayAsync(c.Id, ct);
        var regions = await db.Records.Where(r => r.CollectionId == c.Id && !r.Removed && r.Region != null).Select(r => r.Region!).Distinct().ToListAsync(ct);
        var intro = c.Description is { Length: > 0 } own ? own : def.Description?.Fr ?? "";
        var about = Messages.Format("collect.publication.dataset.about", "fr", c.Title);
        d.Title = c.Title;
        d.Description = intro.Length > 0 ? intro.TrimEnd() + "\n\n" + about : about;
        if (await catalog.Licenses.AnyAsync(l => l.Id == License, ct)) d.LicenseId = License;
        d.Keywords = Keywords(def);
        d.Territories = [.. regions.Select(r => "fr:region:" + r).Where(Territory.IsCode).Order(StringComparer.Ordinal)];
        d.TemporalStart = first is { } f ? new DateOnly(f.Year, 1, 1) : null;
        d.TemporalEnd = first is null ? null : today;
        var frequencies = settings.Profile.Vocabulary(MetadataProfile.FrequencyVocabulary);
        d.Frequency = frequencies?.Find("continuous")?.Value ?? frequencies?.Find("daily")?.Value ?? d.Frequency;
    }

    /// <summary>The definition's <c>keywords</c> (a list, or {fr: […]}), as the catalogue keeps them: lower case, distinct.</summary>
    internal static List<string> Keywords(CollectionDefinition def)
    {
        if (!def.Json.TryGetProperty("keywords", out var k)) return [];
        if (k.ValueKind == JsonValueKind.Object && k.TryGetProperty("fr", out var fr)) k = fr;
        if (k.ValueKind != JsonValueKind.Array) return [];
        return [.. k.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim().ToLowerInvariant())
            .Where(x => x.Length is > 0 and <= 100).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A file's title and description, in French (the catalogue's language for content).</summary>
    private (string Title, string Description) Texts(ExportFile file, Guid resource, CollectionDefinition def, long records)
    {
        const string fr = "fr";
        var rows = Count(file.Rows);
        // Snapshots are year-ends: the year says the day.
        if (file.AsOf is { } day)
            return (Messages.Format("collect.publication.snapshot.title", fr, day.Year), Messages.Format("collect.publication.snapshot.description", fr, day.Year, rows));
        var key = file.Name switch
        {
            RegisterExport.Register => "register",
            RegisterExport.RegisterGeo => "geojson",
            RegisterExport.Events => "events",
            _ => "measures",
        };
        var table = CatalogExports.Link(settings, $"/api/1/resources/{resource}/");
        var units = string.Join(", ", def.Measures.Select(m => $"`{m.Id}` ({m.Unit})"));
        return (Messages.Get($"collect.publication.{key}.title", fr),
            Messages.Format($"collect.publication.{key}.description", fr, rows, def.Schema.Fields.Count, table, units, Count(records)));
    }

    /// <summary>12 345 (French grouping with a narrow no-break space; the process runs with the invariant culture only).</summary>
    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '\u202F');

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }
}

internal sealed record PublishPayload(Guid Collection);

/// <summary>Regenerates a published collection's files (<see cref="PublicationService.JobKind"/>).</summary>
internal sealed class PublishJob : IJobHandler
{
    public string Kind => PublicationService.JobKind;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var id = context.PayloadAs<PublishPayload>().Collection;
        var service = context.Services.GetRequiredService<PublicationService>();
        return await service.RegenerateAsync(id, p => context.ReportAsync(p), ct);
    }
}
