using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Harvest;

/// <summary>
/// Applies what a run read to the catalogue: each remote dataset is found by its identity (source + remote id, else the
/// remote URI, so a changed id does not duplicate it), created, updated or left unchanged (same fingerprint), and the
/// source's datasets that were not read this time are archived — never deleted — once all the others are written.
/// Transactions hold 50 datasets each, every dataset whole (row, resources, revision, index, jobs): a run stopped
/// midway leaves whole datasets and no archiving, and the next run completes it. Values the catalogue cannot take (an
/// unknown licence, a profile value out of its vocabulary) are left out and noted.
/// </summary>
internal sealed class HarvestApplier(CatalogDb db, CatalogSettings settings, DatasetIndexer indexer, SchemaResolver schemas,
    SchemaRegistry registry, TimeProvider clock)
{
    /// <summary>Datasets written per transaction.</summary>
    private const int ChunkSize = 50;

    /// <summary>The lengths of <c>harvest_links.remote_id</c> and <c>remote_uri</c>.</summary>
    private const int MaxRemoteId = 500, MaxRemoteUri = 2000;

    public async Task<List<HarvestItem>> ApplyAsync(HarvestSource source, HarvestRun run, HarvestListing listing,
        Func<int, Task> progress, CancellationToken ct)
    {
        var licenses = await db.Licenses.AsNoTracking().ToListAsync(ct);
        var orgSlug = await db.Organizations.Where(o => o.Id == source.OrganizationId).Select(o => o.Slug).FirstAsync(ct);
        var links = await db.HarvestLinks.Where(l => l.SourceId == source.Id).ToListAsync(ct);
        var byId = links.ToDictionary(l => l.RemoteId, StringComparer.Ordinal);
        var byUri = links.Where(l => l.RemoteUri is not null).GroupBy(l => l.RemoteUri!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<long>();
        var items = new List<HarvestItem>(listing.Unreadable);
        var now = clock.GetUtcNow();

        var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var done = 0;
            foreach (var candidate in listing.Datasets)
            {
                // Identities longer than the columns that hold them would fail the whole transaction: refused one by one.
                if (candidate.RemoteId.Length > MaxRemoteId)
                {
                    items.Add(new HarvestItem(candidate.RemoteId[..MaxRemoteId], candidate.Title, HarvestItem.Failed, Reason: HarvestProblem.Of("harvest.item.id-too-long", MaxRemoteId)));
                    continue;
                }
                var remote = candidate.RemoteUri is { Length: > MaxRemoteUri } ? candidate with { RemoteUri = null } : candidate;
                var link = byId.GetValueOrDefault(remote.RemoteId) ?? (remote.RemoteUri is { } uri ? byUri.GetValueOrDefault(uri) : null);
                if (link is not null && !seen.Add(link.DatasetKey))
                {
                    items.Add(new HarvestItem(remote.RemoteId, remote.Title, HarvestItem.Failed, Reason: HarvestProblem.Of("harvest.item.duplicate")));
                    continue;
                }
                var notes = new List<HarvestProblem>();
                var values = Resolve(remote, licenses, notes);
                if (values is null)
                {
                    items.Add(new HarvestItem(remote.RemoteId, remote.Title, HarvestItem.Failed, Reason: HarvestProblem.Of("harvest.item.no-title")));
                    continue;
                }
                var fingerprint = Fingerprint(values);
                if (link is null)
                {
                    var d = await CreateAsync(source, run, remote, values, fingerprint, orgSlug, now, ct);
                    seen.Add(d.Key);
                    items.Add(new HarvestItem(remote.RemoteId, d.Title, HarvestItem.Created, d.Slug, Notes: notes.Count > 0 ? notes : null));
                }
                else
                {
                    var (d, changed) = await UpdateAsync(source, run, link, remote, values, fingerprint, orgSlug, now, ct);
                    items.Add(new HarvestItem(remote.RemoteId, d.Title, changed ? HarvestItem.Updated : HarvestItem.Unchanged, d.Slug,
                        Notes: notes.Count > 0 ? notes : null));
                }
                if (++done % ChunkSize == 0)
                {
                    // SQLite has one writer: a transaction held for the whole run would lock out every other write (the
                    // job's own progress included) for as long as it lasts. Each chunk commits whole datasets.
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    await tx.DisposeAsync();
                    // What is written need not be tracked: a tracker holding every dataset of a large source would make
                    // each save slower than the last. The run, its source and the links still to update are attached again.
                    db.ChangeTracker.Clear();
                    db.Attach(source);
                    db.Attach(run);
                    await progress(done);
                    tx = await db.Database.BeginTransactionAsync(ct);
                }
            }

            // Gone from the source: archived, so links to them keep working and the history stays.
            foreach (var link in links.Where(l => !seen.Contains(l.DatasetKey) && l.ArchivedAt is null))
            {
                Track(link);
                var d = await db.Datasets.FirstAsync(x => x.Key == link.DatasetKey, ct);
                var before = DatasetSnapshot.Of(d, orgSlug);
                d.Status = DatasetStatus.Archived;
                d.StatusChangedAt = now;
                d.StatusChangedBy = null;
                d.UpdatedAt = now;
                d.Version++;
                link.ArchivedAt = now;
                link.LastRunId = run.Id;
                await SaveRevisionAsync(d, source, before, DatasetSnapshot.Of(d, orgSlug), ct);
                items.Add(new HarvestItem(link.RemoteId, d.Title, HarvestItem.Archived, d.Slug));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            // Rolls back the chunk in progress when something failed; a committed one is kept.
            await tx.DisposeAsync();
        }
        return items;
    }

    /// <summary>A link loaded before a chunk was committed is tracked again before it changes.</summary>
    private void Track(HarvestLink link)
    {
        if (db.Entry(link).State == EntityState.Detached) db.HarvestLinks.Attach(link);
    }

    private async Task<Dataset> CreateAsync(HarvestSource source, HarvestRun run, RemoteDataset remote, Values values, string fingerprint,
        string orgSlug, DateTimeOffset now, CancellationToken ct)
    {
        var slug = Slugs.From(values.Title);
        var taken = await db.Datasets.Where(d => d.Slug == slug || d.Slug.StartsWith(slug + "-")).Select(d => d.Slug).ToListAsync(ct);
        var d = new Dataset
        {
            Slug = Slugs.FirstFree(slug, taken), Title = values.Title, OrganizationId = source.OrganizationId, HarvestSourceId = source.Id,
            Status = DatasetStatus.Published, StatusChangedAt = now, CreatedAt = now, UpdatedAt = now, DataUpdatedAt = now, Version = 1,
        };
        Apply(values, d, now);
        db.Datasets.Add(d);
        await db.SaveChangesAsync(ct);
        db.HarvestLinks.Add(new HarvestLink
        {
            DatasetKey = d.Key, SourceId = source.Id, RemoteId = remote.RemoteId, RemoteUri = remote.RemoteUri, RemotePage = remote.Page,
            Fingerprint = fingerprint, FirstSeenAt = now, LastSeenAt = now, LastRunId = run.Id,
        });
        await SyncResourcesAsync(d, values.Resources, now, ct);
        await SaveRevisionAsync(d, source, [], DatasetSnapshot.Of(d, orgSlug), ct);
        return d;
    }

    private async Task<(Dataset, bool Changed)> UpdateAsync(HarvestSource source, HarvestRun run, HarvestLink link, RemoteDataset remote,
        Values values, string fingerprint, string orgSlug, DateTimeOffset now, CancellationToken ct)
    {
        var d = await db.Datasets.Include(x => x.Resources.OrderBy(r => r.Position)).ThenInclude(r => r.Table).AsSplitQuery()
            .FirstAsync(x => x.Key == link.DatasetKey, ct);
        Track(link);
        // The identity follows the source: a new id for the same URI is the same dataset.
        link.RemoteId = remote.RemoteId;
        link.RemoteUri = remote.RemoteUri ?? link.RemoteUri;
        link.RemotePage = remote.Page ?? link.RemotePage;
        link.LastSeenAt = now;
        link.LastRunId = run.Id;
        if (link.Fingerprint == fingerprint && link.ArchivedAt is null && d.Status == DatasetStatus.Published)
            return (d, false);
        var before = DatasetSnapshot.Of(d, orgSlug);
        Apply(values, d, now);
        if (d.Status != DatasetStatus.Published)
        {
            d.Status = DatasetStatus.Published;
            d.StatusChangedAt = now;
            d.StatusChangedBy = null;
        }
        link.Fingerprint = fingerprint;
        link.ArchivedAt = null;
        d.UpdatedAt = now;
        d.Version++;
        await SyncResourcesAsync(d, values.Resources, now, ct);
        await SaveRevisionAsync(d, source, before, DatasetSnapshot.Of(d, orgSlug), ct);
        return (d, true);
    }

    private async Task SaveRevisionAsync(Dataset d, HarvestSource source, JsonObject before, JsonObject after, CancellationToken ct)
    {
        var changes = DatasetSnapshot.Diff(before, after);
        // The author is the source: the history says where each version came from.
        await DatasetService.AddRevisionAsync(db, d, null, source.Name, changes, after, null, clock.GetUtcNow(), ct);
        await indexer.RefreshAsync(d, ct);
        await db.SaveChangesAsync(ct);
        if (changes.Any(c => c?["field"]?.GetValue<string>() is "title" or "status"))
        {
            await AlgorithmTerms.RefreshLinkedAsync(db, settings.AlgorithmProfile, d.Id, ct);
            await db.SaveChangesAsync(ct);
        }
    }

    private static void Apply(Values v, Dataset d, DateTimeOffset now)
    {
        d.Title = v.Title;
        d.Description = v.Description;
        d.LicenseId = v.License;
        d.Keywords = [.. v.Keywords];
        d.Territories = [.. v.Territories];
        d.TemporalStart = v.TemporalStart;
        d.TemporalEnd = v.TemporalEnd;
        d.Frequency = v.Frequency;
        d.ContactName = v.ContactName;
        d.ContactEmail = v.ContactEmail;
        d.Extras = (JsonObject)v.Extras.DeepClone();
    }

    /// <summary>Resources follow the source's list: matched by URL, updated, added or removed; a new URL or schema means a new validation.</summary>
    private async Task SyncResourcesAsync(Dataset d, IReadOnlyList<ResourceValues> wanted, DateTimeOffset now, CancellationToken ct)
    {
        var existing = d.Resources.OrderBy(r => r.Position).ToList();
        var kept = new List<Resource>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var w = wanted[i];
            var r = existing.FirstOrDefault(x => x.Url == w.Url && !kept.Contains(x));
            var isNew = r is null;
            r ??= new Resource { Title = w.Title, DatasetKey = d.Key, FileType = "remote", Url = w.Url, CreatedAt = now, UpdatedAt = now };
            var schemaChanged = r.Schema != w.Schema;
            var changed = isNew || schemaChanged || r.Title != w.Title || r.Description != w.Description || r.Format != w.Format
                          || r.Mime != w.Mime || r.Size != w.Size || r.Type != w.Type || r.Position != i;
            r.Title = w.Title;
            r.Description = w.Description;
            r.Format = w.Format;
            r.Mime = w.Mime;
            r.Size = w.Size;
            r.Type = w.Type;
            r.Schema = w.Schema;
            r.Position = i;
            if (changed) r.UpdatedAt = now;
            if (isNew || schemaChanged)
            {
                r.ValidationStatus = ValidationStatus.NotValidated;
                r.ValidatedChecksum = null;
                r.ValidatedAt = null;
                r.ValidationReport = null;
                r.ValidationError = null;
            }
            if (isNew)
            {
                d.Resources.Add(r);
                db.Resources.Add(r);
            }
            kept.Add(r);
            if (changed) await ResourceService.QueueWorkAsync(db, r, clock, ct);
        }
        foreach (var r in existing.Where(x => !kept.Contains(x)))
        {
            d.Resources.Remove(r);
            db.Resources.Remove(r);
            if (r.Table is not null || await db.ResourceTables.AnyAsync(t => t.ResourceId == r.Id, ct))
                JobQueue.Enqueue(db, ResourceTable.DropJob, ResourceService.Subject(r), new TablePayload(r.Id, null), clock);
        }
    }

    private sealed record Values(string Title, string Description, string? License, IReadOnlyList<string> Keywords, IReadOnlyList<string> Territories,
        DateOnly? TemporalStart, DateOnly? TemporalEnd, string? Frequency, string? ContactName, string? ContactEmail, JsonObject Extras,
        IReadOnlyList<ResourceValues> Resources);

    private sealed record ResourceValues(string Title, string? Description, string Url, string? Format, string? Mime, long? Size, string Type, string? Schema);

    /// <summary>The remote values this catalogue can hold; null when there is no title to show.</summary>
    private Values? Resolve(RemoteDataset r, List<License> licenses, List<HarvestProblem> notes)
    {
        var title = r.Title?.Trim();
        if (string.IsNullOrEmpty(title)) return null;
        if (title.Length > 500) title = title[..500];
        var profile = settings.Profile;

        string? license = null;
        if (r.License.Count > 0)
        {
            license = r.License.Select(hint => FindLicense(licenses, hint)).FirstOrDefault(l => l is not null);
            if (license is null) notes.Add(HarvestProblem.Of("harvest.note.license", r.License[0]));
        }
        string? frequency = null;
        if (r.Frequency is { } f)
        {
            frequency = profile.Vocabulary(MetadataProfile.FrequencyVocabulary)?.Find(f)?.Value;
            if (frequency is null) notes.Add(HarvestProblem.Of("harvest.note.frequency", f));
        }
        var territories = new List<string>();
        foreach (var t in r.Territories.Distinct(StringComparer.Ordinal))
            if (Territory.IsCode(t)) territories.Add(t);
            else notes.Add(HarvestProblem.Of("harvest.note.territory", t));
        var email = r.ContactEmail is { } e && MailAddress.TryCreate(e, out _) ? e : null;
        if (r.ContactEmail is not null && email is null) notes.Add(HarvestProblem.Of("harvest.note.email", r.ContactEmail));
        var start = r.TemporalStart;
        var end = r.TemporalEnd;
        if (start is not null && end is not null && end < start) { notes.Add(HarvestProblem.Of("harvest.note.temporal")); start = end = null; }

        // Profile fields: what fits is kept; what does not is noted. A required field the source lacks is not a failure:
        // the quality score shows what is missing.
        var checkedExtras = MetadataValidator.Validate(profile, r.Extras);
        foreach (var error in checkedExtras.Errors.Where(x => x.Code != "required"))
            notes.Add(HarvestProblem.Of("harvest.note.field", error.Field));

        var resources = new List<ResourceValues>();
        foreach (var res in r.Resources)
        {
            var url = new Uri(res.Url).ToString();
            var format = Formats.Normalize(res.Format) ?? Formats.Normalize(res.Mime) ?? Formats.FromFileName(new Uri(url).AbsolutePath);
            var resTitle = res.Title?.Trim() is { Length: > 0 } t ? (t.Length > 500 ? t[..500] : t)
                : Path.GetFileName(new Uri(url).AbsolutePath) is { Length: > 0 } name ? name : new Uri(url).Host;
            resources.Add(new ResourceValues(resTitle, res.Description, url, format, res.Mime ?? Formats.Mime(format), res.Size,
                res.Type is { } type && ResourceTypes.All.Contains(type) ? type : ResourceTypes.Main, SchemaFor(res, notes)));
        }
        return new Values(title, r.Description, license,
            [.. r.Keywords.Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length is > 0 and <= 100).Distinct()],
            territories, start, end, frequency, r.ContactName, email, checkedExtras.Extras, resources);
    }

    /// <summary>A registered version when the source names one (or its URL is a registered version's), else the URL itself.</summary>
    private string? SchemaFor(RemoteResource r, List<HarvestProblem> notes)
    {
        if (r.SchemaName is { } name && registry.ReferenceFor(name, r.SchemaVersion) is { } registered) return registered;
        if (r.Schema is not { } s) return null;
        // The registry reads its folder for each lookup; a source names the same few schemas many times.
        if (!registeredByUrl.TryGetValue(s, out var byUrl)) registeredByUrl[s] = byUrl = registry.ReferenceFor(s);
        if (byUrl is not null) return byUrl;
        if (Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && schemas.IsReference(s)) return s;
        notes.Add(HarvestProblem.Of("harvest.note.schema", s));
        return null;
    }

    private readonly Dictionary<string, string?> registeredByUrl = new(StringComparer.Ordinal);

    private static string? FindLicense(List<License> licenses, string hint)
    {
        var h = hint.Trim();
        var url = NormalizeUrl(h);
        return licenses.FirstOrDefault(l => string.Equals(l.Id, h, StringComparison.OrdinalIgnoreCase)
                                            || l.Url is not null && url is not null && NormalizeUrl(l.Url) == url
                                            || l.Aliases.Any(a => string.Equals(a, h, StringComparison.OrdinalIgnoreCase))
                                            || string.Equals(l.Title, h, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    /// <summary>Licence URLs are written with and without https, www and a final slash: compared without them.</summary>
    private static string? NormalizeUrl(string s)
    {
        if (!Uri.TryCreate(s, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) return null;
        var host = u.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? u.Host[4..] : u.Host;
        return (host + u.AbsolutePath.TrimEnd('/')).ToLowerInvariant();
    }

    private static string Fingerprint(Values v)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(v with { Extras = [] }) + v.Extras.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
