using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Harvest;

/// <summary>A source with what the listing shows of it: how many datasets it brought and its last run.</summary>
public sealed record HarvestSourceView(HarvestSource Source, int Datasets, int Archived, HarvestRun? LastRun);

/// <summary>
/// Harvest sources and their runs. Sources are public (a portal says where its harvested datasets come from); editors of
/// the organisation configure them and run them; runs are persisted jobs, queued on demand or by the source's schedule.
/// </summary>
public sealed class HarvestService(CatalogDb db, TimeProvider clock)
{
    private static readonly string[] Properties = ["name", "description", "type", "url", "organization", "filter", "frequency", "active"];

    public async Task<List<HarvestSourceView>> ListAsync(Guid? organization = null, CancellationToken ct = default)
    {
        var q = db.HarvestSources.AsNoTracking().Include(s => s.Organization).AsQueryable();
        if (organization is { } org) q = q.Where(s => s.OrganizationId == org);
        var sources = await q.OrderBy(s => s.Name).ToListAsync(ct);
        return await ViewsAsync(sources, ct);
    }

    public async Task<HarvestSourceView> GetAsync(string idOrSlug, CancellationToken ct = default)
    {
        var s = await Find(idOrSlug).AsNoTracking().Include(x => x.Organization).FirstOrDefaultAsync(ct)
                ?? throw CatalogException.NotFound("harvest-source", idOrSlug);
        return (await ViewsAsync([s], ct))[0];
    }

    private async Task<List<HarvestSourceView>> ViewsAsync(List<HarvestSource> sources, CancellationToken ct)
    {
        var ids = sources.Select(s => s.Id).ToList();
        var counts = await db.HarvestLinks.Where(l => ids.Contains(l.SourceId)).GroupBy(l => l.SourceId)
            .Select(g => new { g.Key, Total = g.Count(), Archived = g.Count(l => l.ArchivedAt != null) }).ToListAsync(ct);
        var runs = new Dictionary<Guid, HarvestRun>();
        foreach (var id in ids)
            if (await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct) is { } run)
                runs[id] = run;
        return [.. sources.Select(s =>
        {
            var c = counts.FirstOrDefault(x => x.Key == s.Id);
            return new HarvestSourceView(s, (c?.Total ?? 0) - (c?.Archived ?? 0), c?.Archived ?? 0, runs.GetValueOrDefault(s.Id));
        })];
    }

    private IQueryable<HarvestSource> Find(string idOrSlug) => Guid.TryParse(idOrSlug, out var id)
        ? db.HarvestSources.Where(s => s.Id == id)
        : db.HarvestSources.Where(s => s.Slug == idOrSlug);

    public async Task<HarvestSource> CreateAsync(Actor actor, JsonObject body, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var now = clock.GetUtcNow();
        var s = new HarvestSource { Slug = "", Name = "", Type = "", Url = "", CreatedBy = me, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var errors = await ApplyAsync(body, s, creating: true, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        actor.Require(s.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        var taken = await db.HarvestSources.Select(x => x.Slug).ToListAsync(ct);
        s.Slug = Slugs.FirstFree(Slugs.From(s.Name, fallback: "source"), taken);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.HarvestSources.Add(s);
        Schedule(s, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return s;
    }

    public async Task<HarvestSource> UpdateAsync(Actor actor, string idOrSlug, JsonObject patch, int? expectedVersion = null, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var s = await Find(idOrSlug).FirstOrDefaultAsync(ct) ?? throw CatalogException.NotFound("harvest-source", idOrSlug);
        actor.Require(s.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        if (expectedVersion is { } v && v != s.Version) throw new CatalogException(Problem.PreconditionFailed, "version", null, s.Version);
        var org = s.OrganizationId;
        var schedule = (s.Frequency, s.Active);
        var errors = await ApplyAsync(patch, s, creating: false, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        // Its datasets belong to the organisation that harvests them: moving the source would orphan them.
        if (s.OrganizationId != org && await db.HarvestLinks.AnyAsync(l => l.SourceId == s.Id, ct))
            throw CatalogException.Invalid("organization", "harvest-source-in-use");
        actor.Require(s.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        s.UpdatedAt = clock.GetUtcNow();
        s.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (schedule != (s.Frequency, s.Active)) Schedule(s, s.UpdatedAt);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new CatalogException(Problem.Conflict, "concurrent-change");
        }
        await tx.CommitAsync(ct);
        return s;
    }

    /// <summary>Only a source that brought no dataset can go; otherwise it is deactivated (its datasets keep their provenance).</summary>
    public async Task DeleteAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var s = await Find(idOrSlug).FirstOrDefaultAsync(ct) ?? throw CatalogException.NotFound("harvest-source", idOrSlug);
        actor.Require(s.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        if (await db.HarvestLinks.AnyAsync(l => l.SourceId == s.Id, ct)) throw new CatalogException(Problem.Conflict, "harvest-source-in-use");
        db.HarvestSources.Remove(s);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Queues a run now; the report fills in as the job runs.</summary>
    public async Task<HarvestRun> RunAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var s = await Find(idOrSlug).FirstOrDefaultAsync(ct) ?? throw CatalogException.NotFound("harvest-source", idOrSlug);
        actor.Require(s.OrganizationId, OrganizationRole.Editor, "harvest.run");
        if (!s.Active) throw new CatalogException(Problem.Conflict, "harvest-source-inactive");
        var run = new HarvestRun { SourceId = s.Id, Trigger = "manual", CreatedAt = clock.GetUtcNow() };
        var job = JobQueue.Enqueue(db, HarvestJob.Kind, Subject(s), new HarvestPayload(s.Id, run.Id, null), clock, maxAttempts: 3);
        run.JobId = job.Id;
        db.HarvestRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public async Task<(List<HarvestRun> Runs, int Total)> RunsAsync(string idOrSlug, int page, int pageSize, CancellationToken ct = default)
    {
        var s = await Find(idOrSlug).AsNoTracking().FirstOrDefaultAsync(ct) ?? throw CatalogException.NotFound("harvest-source", idOrSlug);
        var q = db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == s.Id);
        return (await q.Include(r => r.Source).OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct),
            await q.CountAsync(ct));
    }

    public async Task<HarvestRun> GetRunAsync(Guid id, CancellationToken ct = default) =>
        await db.HarvestRuns.AsNoTracking().Include(r => r.Source).ThenInclude(s => s!.Organization).FirstOrDefaultAsync(r => r.Id == id, ct)
        ?? throw CatalogException.NotFound("harvest-run", id.ToString());

    /// <summary>Where a harvested dataset comes from, or null for a local one.</summary>
    public async Task<(HarvestLink Link, HarvestSource Source)?> OriginAsync(Dataset d, CancellationToken ct = default)
    {
        if (d.HarvestSourceId is null) return null;
        var link = await db.HarvestLinks.AsNoTracking().FirstOrDefaultAsync(l => l.DatasetKey == d.Key, ct);
        var source = await db.HarvestSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == d.HarvestSourceId, ct);
        return link is null || source is null ? null : (link, source);
    }

    internal static string Subject(HarvestSource s) => $"harvest:{s.Id}";

    /// <summary>
    /// Sets the next scheduled run and queues its job (to run then). A job whose due time no longer matches the source's
    /// (the schedule changed since) does nothing, so rescheduling needs no job to be found and removed.
    /// </summary>
    internal void Schedule(HarvestSource s, DateTimeOffset from)
    {
        s.NextRunAt = s.Active && HarvestFrequencies.Interval(s.Frequency) is { } every ? from + every : null;
        if (s.NextRunAt is not { } due) return;
        var job = JobQueue.Enqueue(db, HarvestJob.Kind, Subject(s), new HarvestPayload(s.Id, null, due.ToUnixTimeMilliseconds()), clock, maxAttempts: 3);
        job.RunAfter = due;
    }

    private async Task<List<FieldError>> ApplyAsync(JsonObject body, HarvestSource s, bool creating, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var staged = new List<Action<HarvestSource>>();
        foreach (var (name, _) in body)
            if (!Properties.Contains(name)) errors.Add(FieldError.Of(name, "unknown-field"));
        string? Text(string name, int max, bool required)
        {
            if (!body.TryGetPropertyValue(name, out var node) && !creating) return null;
            var v = DatasetInput.Text(node, name, errors)?.Trim();
            if (string.IsNullOrEmpty(v)) { if (required) errors.Add(FieldError.Of(name, "required")); return null; }
            if (v.Length > max) { errors.Add(FieldError.Of(name, "too-long", max)); return null; }
            return v;
        }
        if (Text("name", 300, true) is { } n) staged.Add(x => x.Name = n);
        if (body.ContainsKey("description") || creating) { var d = Text("description", 5000, false); staged.Add(x => x.Description = d); }
        if (Text("type", 16, true) is { } type)
        {
            if (HarvestTypes.All.Contains(type)) staged.Add(x => x.Type = type);
            else errors.Add(FieldError.Of("type", "not-in-list", type, string.Join(", ", HarvestTypes.All)));
        }
        if (Text("url", 2000, true) is { } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") staged.Add(x => x.Url = u.ToString());
            else errors.Add(FieldError.Of("url", "url", url));
        }
        if (Text("organization", 200, true) is { } org)
        {
            var id = await db.Organizations.Where(o => o.Slug == org || o.Id.ToString() == org).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            if (id is { } found) staged.Add(x => x.OrganizationId = found);
            else errors.Add(FieldError.Of("organization", "unknown-organization", org));
        }
        if (body.ContainsKey("filter") || creating) { var f = Text("filter", 500, false); staged.Add(x => x.Filter = f); }
        if (Text("frequency", 16, false) is { } frequency)
        {
            if (HarvestFrequencies.All.Contains(frequency)) staged.Add(x => x.Frequency = frequency);
            else errors.Add(FieldError.Of("frequency", "not-in-list", frequency, string.Join(", ", HarvestFrequencies.All)));
        }
        if (body.TryGetPropertyValue("active", out var active))
        {
            if (active is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                var a = v.GetValue<bool>();
                staged.Add(x => x.Active = a);
            }
            else errors.Add(FieldError.Of("active", "wrong-type", "boolean"));
        }
        if (errors.Count == 0) foreach (var apply in staged) apply(s);
        return errors;
    }
}
