using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Catalog.Algorithms;

/// <summary>A catalogue dataset an entry links to, as a reader may see it.</summary>
public sealed record LinkedDataset(Guid Id, string Slug, string Title, bool Published);

/// <summary>
/// The algorithm register: entries' creation, edition, the datasets' workflow (<see cref="Workflow"/>), revisions.
/// An entry belongs to the organisation that uses the algorithm; its contributors write drafts, its editors publish.
/// Every write applies all or nothing in one transaction, with its revision and its refreshed search terms.
/// </summary>
public sealed class AlgorithmService(CatalogDb db, CatalogSettings settings, AlgorithmSnapshot snapshot, TimeProvider clock)
{
    public MetadataProfile Profile => settings.AlgorithmProfile;

    /// <summary>Names of the register's own pages and routes (<c>/algorithms/mapping/</c>, <c>/api/1/algorithms/profile/</c>): never an entry's slug.</summary>
    private static readonly string[] ReservedSlugs = ["mapping", "profile", "new"];

    /// <summary>An entry by id or slug, if the actor may see it (others get the same 404 as a missing one).</summary>
    public async Task<Algorithm> GetAsync(string idOrSlug, Actor actor, CancellationToken ct = default)
    {
        var query = Guid.TryParse(idOrSlug, out var id) ? db.Algorithms.Where(a => a.Id == id) : db.Algorithms.Where(a => a.Slug == idOrSlug);
        var a = await query.Include(x => x.Organization).FirstOrDefaultAsync(ct);
        if (a is null || !CanSee(a, actor)) throw CatalogException.NotFound("algorithm", idOrSlug);
        return a;
    }

    public static bool CanSee(Algorithm a, Actor actor) =>
        a.Status == DatasetStatus.Published || actor.Has(a.OrganizationId, OrganizationRole.Contributor)
        || actor.AccountId is { } me && a.OwnerId == me;

    /// <summary>Editors edit at any stage; contributors and the author while it is not published.</summary>
    public static bool CanEdit(Algorithm a, Actor actor) =>
        actor.Has(a.OrganizationId, OrganizationRole.Editor)
        || a.Status != DatasetStatus.Published
           && (actor.Has(a.OrganizationId, OrganizationRole.Contributor) || actor.AccountId is { } me && a.OwnerId == me);

    /// <summary>Creates a draft entry. Only members of the organisation declare its algorithms.</summary>
    public async Task<Algorithm> CreateAsync(Actor actor, JsonObject body, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var now = clock.GetUtcNow();
        var a = new Algorithm { Slug = "", Name = "", OwnerId = me, CreatedAt = now, UpdatedAt = now, StatusChangedAt = now, StatusChangedBy = me };
        var errors = await ApplyAsync(body, a, creating: true, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        if (!actor.Has(a.OrganizationId, OrganizationRole.Contributor)) throw CatalogException.Forbidden("algorithm.create");
        a.Slug = a.Slug.Length > 0 ? a.Slug : await FreeSlugAsync(Slugs.From(a.Name, fallback: "algorithme"), ct);
        if (ReservedSlugs.Contains(a.Slug) || await db.Algorithms.AnyAsync(x => x.Slug == a.Slug, ct)) throw CatalogException.Invalid("slug", "slug-taken", a.Slug);
        a.Version = 1;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AlgorithmTerms.RefreshAsync(db, Profile, a, ct);
        await DatasetIndexer.NextGenerationAsync(db, ct, CatalogState.Algorithms);
        db.Algorithms.Add(a);
        await db.SaveChangesAsync(ct);
        var after = await SnapshotAsync(a, ct);
        await AddRevisionAsync(a, actor, DatasetSnapshot.Diff([], after), after, null, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return a;
    }

    /// <summary>Changes the properties present in <paramref name="patch"/>; <paramref name="expectedVersion"/> (If-Match) guards against lost updates.</summary>
    public async Task<Algorithm> UpdateAsync(Actor actor, string idOrSlug, JsonObject patch, int? expectedVersion = null, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var a = await GetAsync(idOrSlug, actor, ct);
        if (!CanEdit(a, actor)) throw CatalogException.Forbidden("algorithm.edit");
        if (expectedVersion is { } v && v != a.Version) throw new CatalogException(Problem.PreconditionFailed, "algorithm-version", null, a.Version);
        var oldOrg = a.OrganizationId;
        var before = await SnapshotAsync(a, ct);
        var errors = await ApplyAsync(patch, a, creating: false, ct);
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        if (a.OrganizationId != oldOrg && !actor.Has(a.OrganizationId, OrganizationRole.Contributor))
            throw CatalogException.Forbidden("algorithm.move");
        if (a.Slug != before["slug"]!.GetValue<string>() && (ReservedSlugs.Contains(a.Slug) || await db.Algorithms.AnyAsync(x => x.Slug == a.Slug && x.Key != a.Key, ct)))
            throw CatalogException.Invalid("slug", "slug-taken", a.Slug);
        var after = await SnapshotAsync(a, ct);
        var changes = DatasetSnapshot.Diff(before, after);
        if (changes.Count == 0) return a;
        await SaveChangeAsync(a, actor, changes, after, null, ct);
        return a;
    }

    /// <summary>Workflow moves, as for datasets: propose, publish, reject, unpublish, reopen.</summary>
    public async Task<Algorithm> TransitionAsync(Actor actor, string idOrSlug, string action, string? note, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var a = await GetAsync(idOrSlug, actor, ct);
        if (!Workflow.May(action, a.OrganizationId, a.OwnerId, actor)) throw CatalogException.Forbidden("algorithm." + action);
        var target = Workflow.Target(action, a.Status)
                     ?? throw new CatalogException(Problem.Conflict, "algorithm-transition", null, action, DatasetSnapshot.StatusName(a.Status));
        var before = await SnapshotAsync(a, ct);
        a.Status = target;
        a.StatusChangedAt = clock.GetUtcNow();
        a.StatusChangedBy = me;
        a.ReviewNote = note;
        var after = await SnapshotAsync(a, ct);
        await SaveChangeAsync(a, actor, DatasetSnapshot.Diff(before, after), after, note, ct);
        return a;
    }

    public async Task DeleteAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var a = await GetAsync(idOrSlug, actor, ct);
        if (!actor.Has(a.OrganizationId, OrganizationRole.Editor) && !(a.Status != DatasetStatus.Published && a.OwnerId == actor.AccountId))
            throw CatalogException.Forbidden("algorithm.delete");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await DatasetIndexer.NextGenerationAsync(db, ct, CatalogState.Algorithms);
        db.Algorithms.Remove(a); // revisions go with it (cascade)
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<List<AlgorithmRevision>> RevisionsAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        var a = await GetAsync(idOrSlug, actor, ct);
        return await db.AlgorithmRevisions.Where(r => r.AlgorithmKey == a.Key).OrderByDescending(r => r.Number).ToListAsync(ct);
    }

    /// <summary>What changed between two revisions (by number), property by property.</summary>
    public async Task<JsonArray> CompareAsync(Actor actor, string idOrSlug, int from, int to, CancellationToken ct = default)
    {
        var a = await GetAsync(idOrSlug, actor, ct);
        var pair = await db.AlgorithmRevisions.Where(r => r.AlgorithmKey == a.Key && (r.Number == from || r.Number == to)).ToListAsync(ct);
        var x = pair.FirstOrDefault(r => r.Number == from) ?? throw CatalogException.NotFound("revision", from.ToString(CultureInfo.InvariantCulture));
        var y = pair.FirstOrDefault(r => r.Number == to) ?? throw CatalogException.NotFound("revision", to.ToString(CultureInfo.InvariantCulture));
        return DatasetSnapshot.Diff((JsonObject)JsonNode.Parse(x.Snapshot)!, (JsonObject)JsonNode.Parse(y.Snapshot)!);
    }

    /// <summary>The datasets an entry links to that the actor may see, in the entry's order.</summary>
    public async Task<List<LinkedDataset>> DatasetsAsync(Algorithm a, Actor actor, CancellationToken ct = default) =>
        (await DatasetsAsync([a], actor, ct))[a.Id];

    /// <summary>The same for many entries (by entry id) in one query: what the JSON export of the register lists.</summary>
    public async Task<Dictionary<Guid, List<LinkedDataset>>> DatasetsAsync(IReadOnlyList<Algorithm> entries, Actor actor, CancellationToken ct = default)
    {
        var ids = entries.SelectMany(a => a.DatasetIds).Distinct().ToList();
        var found = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return entries.ToDictionary(a => a.Id, a => a.DatasetIds.Where(found.ContainsKey).Select(id => found[id]).Where(d => DatasetService.CanSee(d, actor))
            .Select(d => new LinkedDataset(d.Id, d.Slug, d.Title, d.Status == DatasetStatus.Published)).ToList());
    }

    /// <summary>The published entries that process a dataset: what its page lists under "algorithms using it".</summary>
    public async Task<List<Algorithm>> UsingDatasetAsync(Guid datasetId, CancellationToken ct = default)
    {
        // Every dataset page asks: answered from the search snapshot, then only the matching entries are read.
        var state = await snapshot.CurrentAsync(db, ct);
        var keys = state.Entries.Where(e => e.Datasets.Contains(datasetId)).Select(e => e.Key).ToList();
        if (keys.Count == 0) return [];
        var found = await db.Algorithms.AsNoTracking().Include(a => a.Organization)
            .Where(a => keys.Contains(a.Key) && a.Status == DatasetStatus.Published).ToListAsync(ct);
        return [.. found.OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    /// <summary>The entries an actor may edit (all for a platform admin), newest change first: the back office's list.</summary>
    public async Task<List<Algorithm>> ManageableAsync(Actor actor, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var all = await db.Algorithms.AsNoTracking().Include(a => a.Organization).OrderByDescending(a => a.UpdatedAt).ToListAsync(ct);
        return [.. all.Where(a => CanEdit(a, actor) || actor.Has(a.OrganizationId, OrganizationRole.Contributor))];
    }

    private async Task SaveChangeAsync(Algorithm a, Actor actor, JsonArray changes, JsonObject after, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        a.UpdatedAt = now;
        a.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AlgorithmTerms.RefreshAsync(db, Profile, a, ct);
        await DatasetIndexer.NextGenerationAsync(db, ct, CatalogState.Algorithms);
        await AddRevisionAsync(a, actor, changes, after, note, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new CatalogException(Problem.Conflict, "algorithm-concurrent-change");
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<AlgorithmRevision>().Any(e => e.State == EntityState.Added))
        {
            // Two writers numbered the same revision: the unique index kept the history linear.
            throw new CatalogException(Problem.Conflict, "algorithm-concurrent-change");
        }
        await tx.CommitAsync(ct);
    }

    private async Task AddRevisionAsync(Algorithm a, Actor actor, JsonArray changes, JsonObject after, string? note, DateTimeOffset at, CancellationToken ct)
    {
        var last = await db.AlgorithmRevisions.Where(r => r.AlgorithmKey == a.Key).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        db.AlgorithmRevisions.Add(new AlgorithmRevision
        {
            AlgorithmKey = a.Key, Number = last + 1, AuthorId = actor.AccountId, AuthorName = actor.Name, At = at,
            Changes = changes.ToJsonString(), Snapshot = after.ToJsonString(), Note = note,
        });
    }

    private async Task<JsonObject> SnapshotAsync(Algorithm a, CancellationToken ct)
    {
        var slug = await db.Organizations.Where(o => o.Id == a.OrganizationId).Select(o => o.Slug).FirstOrDefaultAsync(ct);
        var ids = a.DatasetIds;
        var slugs = await db.Datasets.Where(d => ids.Contains(d.Id)).Select(d => new { d.Id, d.Slug }).ToDictionaryAsync(d => d.Id, d => d.Slug, ct);
        return AlgorithmInput.Snapshot(a, slug, ids.Select(i => slugs.GetValueOrDefault(i, i.ToString())));
    }

    private async Task<List<FieldError>> ApplyAsync(JsonObject body, Algorithm a, bool creating, CancellationToken ct)
    {
        var orgs = await db.Organizations.Select(o => new { o.Id, o.Slug }).ToListAsync(ct);
        var wanted = (body["datasets"] as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null)
            .Where(s => s is not null).Select(s => s!).ToList();
        var guids = wanted.Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var datasets = await db.Datasets.Where(d => wanted.Contains(d.Slug) || guids.Contains(d.Id)).Select(d => new { d.Id, d.Slug }).ToListAsync(ct);
        return AlgorithmInput.Apply(body, a, Profile,
            s => orgs.FirstOrDefault(o => o.Slug == s || o.Id.ToString() == s)?.Id,
            s => datasets.FirstOrDefault(d => d.Slug == s || d.Id.ToString() == s)?.Id, creating);
    }

    private async Task<string> FreeSlugAsync(string slug, CancellationToken ct)
    {
        var taken = await db.Algorithms.Where(a => a.Slug == slug || a.Slug.StartsWith(slug + "-")).Select(a => a.Slug).ToListAsync(ct);
        taken.AddRange(ReservedSlugs);
        return Slugs.FirstFree(slug, taken);
    }
}
