using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Storage.Jobs;
using Socle.Catalog.Search;

namespace Socle.Catalog.Services;

/// <summary>
/// Datasets: creation, edition, the draft → proposed → published/rejected workflow, revisions and comments.
/// Every write checks the actor's role, applies all or nothing in one transaction, records a revision and
/// refreshes the search index and the quality score with it.
/// </summary>
public sealed class DatasetService(CatalogDb db, CatalogSettings settings, DatasetIndexer indexer, TimeProvider clock)
{
    /// <summary>A dataset by id or slug, if the actor may see it (others get the same 404 as a missing one).</summary>
    public async Task<Dataset> GetAsync(string idOrSlug, Actor actor, CancellationToken ct = default)
    {
        var d = await Find(idOrSlug).Include(x => x.Organization).Include(x => x.License)
            .Include(x => x.Resources.OrderBy(r => r.Position)).ThenInclude(r => r.Table).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (d is null || !CanSee(d, actor)) throw CatalogException.NotFound("dataset", idOrSlug);
        return d;
    }

    private IQueryable<Dataset> Find(string idOrSlug) => Guid.TryParse(idOrSlug, out var id)
        ? db.Datasets.Where(d => d.Id == id)
        : db.Datasets.Where(d => d.Slug == idOrSlug);

    /// <summary>Published and archived datasets are public (an archived one keeps its address, out of search); the rest, to its people.</summary>
    public static bool CanSee(Dataset d, Actor a) =>
        d.Status is DatasetStatus.Published or DatasetStatus.Archived || a.IsAdmin || (a.AccountId is { } me && d.OwnerId == me)
        || a.Has(d.OrganizationId, OrganizationRole.Contributor);

    /// <summary>
    /// Editors of the organisation edit at any stage; contributors and the owner while it is not published. Nobody edits a
    /// harvested dataset here: it is changed at its source and the next run brings the change.
    /// </summary>
    public static bool CanEdit(Dataset d, Actor a) =>
        d.HarvestSourceId is null && a.Has(d.OrganizationId, OrganizationRole.Editor)
        || d.HarvestSourceId is null && d.Status != DatasetStatus.Published
           && (a.Has(d.OrganizationId, OrganizationRole.Contributor) || (a.AccountId is { } me && d.OwnerId == me));

    /// <summary>
    /// Creates a dataset. A member of the organisation creates a draft; anyone else signed in proposes one
    /// (status proposed), which the organisation's editors then review.
    /// </summary>
    public async Task<Dataset> CreateAsync(Actor actor, JsonObject body, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var now = clock.GetUtcNow();
        var d = new Dataset { Slug = "", Title = "", OwnerId = me, CreatedAt = now, UpdatedAt = now, StatusChangedAt = now, StatusChangedBy = me };
        var errors = await ApplyAsync(body, d, creating: true, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        d.Status = actor.Has(d.OrganizationId, OrganizationRole.Contributor) ? DatasetStatus.Draft : DatasetStatus.Proposed;
        d.Slug = d.Slug.Length > 0 ? d.Slug : await FreeSlugAsync(Slugs.From(d.Title), ct);
        if (await db.Datasets.AnyAsync(x => x.Slug == d.Slug, ct)) throw CatalogException.Invalid("slug", "slug-taken", d.Slug);
        d.Version = 1;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Datasets.Add(d);
        await db.SaveChangesAsync(ct);
        var after = await SnapshotAsync(d, ct);
        await AddRevisionAsync(d, actor, DatasetSnapshot.Diff([], after), after, null, now, ct);
        await indexer.RefreshAsync(d, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return d;
    }

    /// <summary>Changes the properties present in <paramref name="patch"/>; <paramref name="expectedVersion"/> (If-Match) guards against lost updates.</summary>
    public async Task<Dataset> UpdateAsync(Actor actor, string idOrSlug, JsonObject patch, int? expectedVersion = null, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var d = await GetAsync(idOrSlug, actor, ct);
        RefuseIfHarvested(d);
        if (!CanEdit(d, actor)) throw CatalogException.Forbidden("dataset.edit");
        if (expectedVersion is { } v && v != d.Version) throw new CatalogException(Problem.PreconditionFailed, "version", null, d.Version);
        var oldOrg = d.OrganizationId;
        var before = await SnapshotAsync(d, ct);
        var errors = await ApplyAsync(patch, d, creating: false, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        // Moving a dataset to another organisation needs a role in the new one too.
        if (d.OrganizationId != oldOrg && d.OrganizationId is not null && !actor.Has(d.OrganizationId, OrganizationRole.Contributor))
            throw CatalogException.Forbidden("dataset.move");
        if (d.Slug != before["slug"]!.GetValue<string>() && await db.Datasets.AnyAsync(x => x.Slug == d.Slug && x.Key != d.Key, ct))
            throw CatalogException.Invalid("slug", "slug-taken", d.Slug);
        var after = await SnapshotAsync(d, ct);
        var changes = DatasetSnapshot.Diff(before, after);
        if (changes.Count == 0) return d;
        await SaveChangeAsync(d, actor, changes, after, null, ct);
        return d;
    }

    /// <summary>Workflow moves: propose, publish, reject, unpublish (back to draft), reopen (a rejected one, to draft).</summary>
    public async Task<Dataset> TransitionAsync(Actor actor, string idOrSlug, string action, string? note, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var d = await GetAsync(idOrSlug, actor, ct);
        RefuseIfHarvested(d);
        if (!Workflow.May(action, d.OrganizationId, d.OwnerId, actor)) throw CatalogException.Forbidden("dataset." + action);
        var target = Workflow.Target(action, d.Status)
                     ?? throw new CatalogException(Problem.Conflict, "transition", null, action, DatasetSnapshot.StatusName(d.Status));
        if (target == DatasetStatus.Published && d.OrganizationId is null)
            throw CatalogException.Invalid("organization", "required");
        var before = await SnapshotAsync(d, ct);
        d.Status = target;
        d.StatusChangedAt = clock.GetUtcNow();
        d.StatusChangedBy = me;
        d.ReviewNote = note;
        var after = await SnapshotAsync(d, ct);
        await SaveChangeAsync(d, actor, DatasetSnapshot.Diff(before, after), after, note, ct);
        return d;
    }

    public async Task DeleteAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var d = await GetAsync(idOrSlug, actor, ct);
        RefuseIfHarvested(d);
        if (!actor.Has(d.OrganizationId, OrganizationRole.Editor) && !(d.Status != DatasetStatus.Published && d.OwnerId == actor.AccountId))
            throw CatalogException.Forbidden("dataset.delete");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Tombstones.Add(new DatasetTombstone { DatasetKey = d.Key, Generation = await DatasetIndexer.NextGenerationAsync(db, ct) });
        // The resources' tables are files of the tabular module: a job removes them once the rows are gone.
        foreach (var r in d.Resources.Where(r => r.Table is not null))
            JobQueue.Enqueue(db, ResourceTable.DropJob, ResourceService.Subject(r), new TablePayload(r.Id, null), clock);
        db.Datasets.Remove(d);
        await db.SaveChangesAsync(ct);
        await AlgorithmTerms.RefreshLinkedAsync(db, settings.AlgorithmProfile, d.Id, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A harvested dataset is read-only here: the refusal says where to change it.</summary>
    internal static void RefuseIfHarvested(Dataset d)
    {
        if (d.HarvestSourceId is not null) throw new CatalogException(Problem.Conflict, "harvested");
    }

    public async Task<List<DatasetRevision>> RevisionsAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        var d = await GetAsync(idOrSlug, actor, ct);
        return await db.Revisions.Where(r => r.DatasetKey == d.Key).OrderByDescending(r => r.Number).ToListAsync(ct);
    }

    /// <summary>What changed between two revisions (by number), property by property.</summary>
    public async Task<JsonArray> CompareAsync(Actor actor, string idOrSlug, int from, int to, CancellationToken ct = default)
    {
        var d = await GetAsync(idOrSlug, actor, ct);
        var pair = await db.Revisions.Where(r => r.DatasetKey == d.Key && (r.Number == from || r.Number == to)).ToListAsync(ct);
        var a = pair.FirstOrDefault(r => r.Number == from) ?? throw CatalogException.NotFound("revision", from.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var b = pair.FirstOrDefault(r => r.Number == to) ?? throw CatalogException.NotFound("revision", to.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return DatasetSnapshot.Diff((JsonObject)JsonNode.Parse(a.Snapshot)!, (JsonObject)JsonNode.Parse(b.Snapshot)!);
    }

    public async Task<List<Comment>> CommentsAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        var d = await GetAsync(idOrSlug, actor, ct);
        return await db.Comments.Include(c => c.Author).Where(c => c.DatasetKey == d.Key).OrderBy(c => c.CreatedAt).ToListAsync(ct);
    }

    public async Task<Comment> CommentAsync(Actor actor, string idOrSlug, string body, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var d = await GetAsync(idOrSlug, actor, ct);
        body = body.Trim();
        if (body.Length == 0) throw CatalogException.Invalid("body", "required");
        if (body.Length > 10_000) throw CatalogException.Invalid("body", "too-long", 10_000);
        var c = new Comment { DatasetKey = d.Key, AuthorId = me, Body = body, CreatedAt = clock.GetUtcNow() };
        db.Comments.Add(c);
        await db.SaveChangesAsync(ct);
        await db.Entry(c).Reference(x => x.Author).LoadAsync(ct);
        return c;
    }

    /// <summary>Saves a metadata change with its revision and refreshed index, atomically.</summary>
    internal async Task SaveChangeAsync(Dataset d, Actor actor, JsonArray changes, JsonObject after, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        d.UpdatedAt = now;
        d.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AddRevisionAsync(d, actor, changes, after, note, now, ct);
        await indexer.RefreshAsync(d, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new CatalogException(Problem.Conflict, "concurrent-change");
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<DatasetRevision>().Any(e => e.State == EntityState.Added))
        {
            // Two writers numbered the same revision: the unique index kept history linear; the caller retries.
            throw new CatalogException(Problem.Conflict, "concurrent-change");
        }
        // Algorithm register entries linking it are found by its title while it is published.
        if (changes.Any(c => c?["field"]?.GetValue<string>() is "title" or "status"))
        {
            await AlgorithmTerms.RefreshLinkedAsync(db, settings.AlgorithmProfile, d.Id, ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private Task AddRevisionAsync(Dataset d, Actor actor, JsonArray changes, JsonObject after, string? note, DateTimeOffset at, CancellationToken ct) =>
        AddRevisionAsync(db, d, actor.AccountId, actor.Name, changes, after, note, at, ct);

    /// <summary>Records a revision (the next number of the dataset's history) in the caller's transaction.</summary>
    internal static async Task AddRevisionAsync(CatalogDb db, Dataset d, Guid? authorId, string? authorName, JsonArray changes, JsonObject after,
        string? note, DateTimeOffset at, CancellationToken ct)
    {
        var last = await db.Revisions.Where(r => r.DatasetKey == d.Key).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        db.Revisions.Add(new DatasetRevision
        {
            DatasetKey = d.Key, Number = last + 1, AuthorId = authorId, AuthorName = authorName, At = at,
            Changes = changes.ToJsonString(), Snapshot = after.ToJsonString(), Note = note,
        });
    }

    private async Task<JsonObject> SnapshotAsync(Dataset d, CancellationToken ct)
    {
        var slug = d.OrganizationId is { } id
            ? await db.Organizations.Where(o => o.Id == id).Select(o => o.Slug).FirstOrDefaultAsync(ct)
            : null;
        return DatasetSnapshot.Of(d, slug);
    }

    private async Task<List<FieldError>> ApplyAsync(JsonObject body, Dataset d, bool creating, CancellationToken ct)
    {
        var licenses = (await db.Licenses.Select(l => l.Id).ToListAsync(ct)).ToHashSet();
        var orgs = await db.Organizations.Select(o => new { o.Id, o.Slug }).ToListAsync(ct);
        return DatasetInput.Apply(body, d, settings.Profile, licenses,
            s => orgs.FirstOrDefault(o => o.Slug == s || o.Id.ToString() == s)?.Id, creating);
    }

    private async Task<string> FreeSlugAsync(string slug, CancellationToken ct)
    {
        var taken = await db.Datasets.Where(d => d.Slug == slug || d.Slug.StartsWith(slug + "-")).Select(d => d.Slug).ToListAsync(ct);
        return Slugs.FirstFree(slug, taken);
    }
}
