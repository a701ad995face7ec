using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Imports;
using Socle.Collect.Model;

namespace Socle.Collect.Records;

/// <summary>A collection with its definition read, its owner and its size.</summary>
public sealed record CollectionView(Collection Collection, CollectionDefinition Definition, string OrganizationSlug, string OrganizationName, int Records)
{
    public string Slug => Collection.Slug;
}

/// <summary>
/// Collections, their members and their crosswalks. Collections are public (a register is open data); an organisation's
/// admins create them and name stewards and contributors, each on some territories.
/// </summary>
public sealed class CollectionService(CollectDb db, CatalogDb catalog, TimeProvider clock)
{
    // Definitions are read once per collection version: reading a schema is not free and every request needs one.
    private static readonly ConcurrentDictionary<(Guid, int), CollectionDefinition> Definitions = new();

    internal static CollectionDefinition DefinitionOf(Collection c) =>
        Definitions.GetOrAdd((c.Id, c.Version), _ => CollectionDefinition.Read(c.Definition));

    public async Task<List<CollectionView>> ListAsync(CancellationToken ct = default)
    {
        var collections = await db.Collections.AsNoTracking().OrderBy(c => c.Title).ToListAsync(ct);
        return await ViewsAsync(collections, ct);
    }

    public async Task<CollectionView> GetAsync(string idOrSlug, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        return (await ViewsAsync([c], ct))[0];
    }

    /// <summary>A collection's definition alone (read once per version), without the counts <see cref="GetAsync"/> adds.</summary>
    public async Task<CollectionDefinition> DefinitionAsync(string idOrSlug, CancellationToken ct = default) =>
        DefinitionOf(await FindAsync(idOrSlug, ct));

    internal async Task<Collection> FindAsync(string idOrSlug, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.Collections : db.Collections.AsNoTracking();
        q = Guid.TryParse(idOrSlug, out var id) ? q.Where(c => c.Id == id) : q.Where(c => c.Slug == idOrSlug);
        return await q.FirstOrDefaultAsync(ct) ?? throw RecordValues.NotFound("collection", idOrSlug);
    }

    private async Task<List<CollectionView>> ViewsAsync(List<Collection> collections, CancellationToken ct)
    {
        var ids = collections.Select(c => c.Id).ToList();
        var counts = await db.Records.Where(r => ids.Contains(r.CollectionId) && !r.Removed).GroupBy(r => r.CollectionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var orgIds = collections.Select(c => c.OrganizationId).Distinct().ToList();
        var orgs = await catalog.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return [.. collections.Select(c => new CollectionView(c, DefinitionOf(c),
            orgs.GetValueOrDefault(c.OrganizationId)?.Slug ?? "", orgs.GetValueOrDefault(c.OrganizationId)?.Name ?? "", counts.GetValueOrDefault(c.Id)))];
    }

    public async Task<CollectRights> RightsAsync(Collection c, Actor actor, CancellationToken ct = default) =>
        await CollectRights.OfAsync(db, c, actor, ct);

    /// <summary>
    /// Creates a collection from a template (<c>template</c>) or a whole definition (<c>definition</c>), with the
    /// template's crosswalks. Body: title, slug?, description?, organization (id or slug).
    /// </summary>
    public async Task<CollectionView> CreateAsync(Actor actor, JsonObject body, CancellationToken ct = default)
    {
        actor.RequireAccount();
        var errors = new List<FieldError>();
        var title = (body["title"] as JsonValue)?.GetValue<string>()?.Trim();
        if (string.IsNullOrEmpty(title)) errors.Add(RecordValues.Error("title", "collect-required"));
        var orgRef = (body["organization"] as JsonValue)?.GetValue<string>();
        Organization? org = null;
        if (string.IsNullOrEmpty(orgRef)) errors.Add(RecordValues.Error("organization", "collect-required"));
        else
        {
            org = Guid.TryParse(orgRef, out var oid)
                ? await catalog.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == oid, ct)
                : await catalog.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Slug == orgRef, ct);
            if (org is null) errors.Add(RecordValues.Error("organization", "collect-unknown-organization", orgRef));
        }
        CollectionDefinition? definition = null;
        string? template = null;
        if (body["definition"] is JsonObject given)
            definition = CollectionDefinition.Read(given.ToJsonString());
        else if ((body["template"] as JsonValue)?.GetValue<string>() is { } t)
        {
            template = t;
            if (!CollectionDefinition.TemplateIds.Contains(t)) errors.Add(RecordValues.Error("template", "collect-unknown-template", t));
            else definition = CollectionDefinition.Template(t);
        }
        else errors.Add(RecordValues.Error("template", "collect-required"));
        var slug = (body["slug"] as JsonValue)?.GetValue<string>();
        if (slug is not null && !Socle.Catalog.Services.Slugs.IsValid(slug)) errors.Add(RecordValues.Error("slug", "collect-bad-slug", slug));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        actor.Require(org!.Id, OrganizationRole.Admin, "collection.create");

        var crosswalks = definition!.Crosswalks.Select(c => Crosswalk.Parse(c, definition.Schema)).ToList();
        var taken = await db.Collections.Select(c => c.Slug).ToListAsync(ct);
        if (slug is not null && taken.Contains(slug)) throw CatalogException.Invalid([RecordValues.Error("slug", "collect-slug-taken", slug)]);
        var now = clock.GetUtcNow();
        var c = new Collection
        {
            Slug = slug ?? Socle.Catalog.Services.Slugs.FirstFree(Socle.Catalog.Services.Slugs.From(title!, fallback: "registre"), taken),
            Title = title!,
            Description = (body["description"] as JsonValue)?.GetValue<string>(),
            OrganizationId = org.Id,
            Definition = definition.Json.GetRawText(),
            Template = template,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Collections.Add(c);
        foreach (var (json, parsed) in definition.Crosswalks.Zip(crosswalks))
            db.Crosswalks.Add(new CrosswalkEntry { CollectionId = c.Id, Name = parsed.Id, Definition = json.GetRawText(), CreatedAt = now, UpdatedAt = now, Version = 1 });
        await db.SaveChangesAsync(ct);
        return await GetAsync(c.Slug, ct);
    }

    /// <summary>Changes title, description or definition (admins), refused when the version read is not the current one.</summary>
    public async Task<CollectionView> UpdateAsync(Actor actor, string idOrSlug, JsonObject body, int? expectedVersion, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct, tracked: true);
        (await RightsAsync(c, actor, ct)).Require(CollectionRole.Admin, "collection.update", anywhere: true);
        if (expectedVersion is { } v && v != c.Version) throw new CatalogException(Problem.PreconditionFailed, "collect-version", null, c.Version);
        if (body.ContainsKey("title"))
        {
            var title = (body["title"] as JsonValue)?.GetValue<string>()?.Trim();
            if (string.IsNullOrEmpty(title)) throw CatalogException.Invalid([RecordValues.Error("title", "collect-required")]);
            c.Title = title;
        }
        if (body.ContainsKey("description")) c.Description = (body["description"] as JsonValue)?.GetValue<string>();
        if (body["definition"] is JsonObject definition) c.Definition = CollectionDefinition.Read(definition.ToJsonString()).Json.GetRawText();
        c.Version++;
        c.UpdatedAt = clock.GetUtcNow();
        await Publication.PublicationService.QueueAsync(db, c, clock, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new CatalogException(Problem.PreconditionFailed, "collect-version", null, c.Version); }
        return await GetAsync(c.Slug, ct);
    }

    public async Task<List<(CollectionMember Member, Account? Account)>> MembersAsync(Actor actor, string idOrSlug, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        (await RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "collection.members", anywhere: true);
        var members = await db.Members.AsNoTracking().Where(m => m.CollectionId == c.Id).ToListAsync(ct);
        var ids = members.Select(m => m.AccountId).ToList();
        var accounts = await catalog.Users.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return [.. members.Select(m => (m, accounts.GetValueOrDefault(m.AccountId))).OrderBy(x => x.Item2?.Email, StringComparer.Ordinal)];
    }

    /// <summary>Names an account (by id or e-mail) contributor, steward or admin of the collection, on some territories.</summary>
    public async Task<CollectionMember> SetMemberAsync(Actor actor, string idOrSlug, JsonObject body, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        (await RightsAsync(c, actor, ct)).Require(CollectionRole.Admin, "collection.members", anywhere: true);
        var errors = new List<FieldError>();
        var who = (body["account"] as JsonValue)?.GetValue<string>() ?? (body["email"] as JsonValue)?.GetValue<string>();
        Account? account = null;
        if (string.IsNullOrWhiteSpace(who)) errors.Add(RecordValues.Error("account", "collect-required"));
        else
        {
            var normalized = who.Trim().ToUpperInvariant();
            account = Guid.TryParse(who, out var aid)
                ? await catalog.Users.AsNoTracking().FirstOrDefaultAsync(a => a.Id == aid, ct)
                : await catalog.Users.AsNoTracking().FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
            if (account is null) errors.Add(RecordValues.Error("account", "collect-unknown-account", who));
        }
        var roleText = (body["role"] as JsonValue)?.GetValue<string>();
        if (!Enum.TryParse<CollectionRole>(roleText, true, out var role) || !Enum.IsDefined(role))
            errors.Add(RecordValues.Error("role", "collect-bad-role", roleText));
        var territories = (body["territories"] as JsonArray)?.Select(t => (t as JsonValue)?.GetValue<string>() ?? "").ToArray() ?? [];
        foreach (var t in territories)
            if (!Territory.IsCode(t) || Territory.Level(t) is not ("region" or "departement"))
                errors.Add(RecordValues.Error("territories", "collect-bad-territory", t));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);

        var member = await db.Members.FirstOrDefaultAsync(m => m.CollectionId == c.Id && m.AccountId == account!.Id, ct);
        if (member is null)
        {
            member = new CollectionMember { CollectionId = c.Id, AccountId = account!.Id, CreatedAt = clock.GetUtcNow() };
            db.Members.Add(member);
        }
        member.Role = role;
        member.Territories = [.. territories.Distinct()];
        await db.SaveChangesAsync(ct);
        return member;
    }

    public async Task RemoveMemberAsync(Actor actor, string idOrSlug, Guid accountId, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        (await RightsAsync(c, actor, ct)).Require(CollectionRole.Admin, "collection.members", anywhere: true);
        var member = await db.Members.FirstOrDefaultAsync(m => m.CollectionId == c.Id && m.AccountId == accountId, ct)
            ?? throw RecordValues.NotFound("member", accountId.ToString());
        db.Members.Remove(member);
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<CrosswalkEntry>> CrosswalksAsync(string idOrSlug, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        return await db.Crosswalks.AsNoTracking().Where(x => x.CollectionId == c.Id).OrderBy(x => x.Name).ToListAsync(ct);
    }

    public async Task<CrosswalkEntry> CrosswalkAsync(string idOrSlug, string name, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        return await db.Crosswalks.AsNoTracking().FirstOrDefaultAsync(x => x.CollectionId == c.Id && x.Name == name, ct)
            ?? throw RecordValues.NotFound("crosswalk", name);
    }

    /// <summary>Saves a crosswalk under its id (stewards): checked against the collection's schema and sources first.</summary>
    public async Task<CrosswalkEntry> SaveCrosswalkAsync(Actor actor, string idOrSlug, JsonElement definition, int? expectedVersion, CancellationToken ct = default)
    {
        var c = await FindAsync(idOrSlug, ct);
        (await RightsAsync(c, actor, ct)).Require(CollectionRole.Steward, "crosswalk.save", anywhere: true);
        var def = DefinitionOf(c);
        var parsed = Crosswalk.Parse(definition, def.Schema);
        if (parsed.Source is { } source && !def.HasSource(source)) throw CatalogException.Invalid([RecordValues.Error("source", "collect-unknown-source", source)]);
        var now = clock.GetUtcNow();
        var entry = await db.Crosswalks.FirstOrDefaultAsync(x => x.CollectionId == c.Id && x.Name == parsed.Id, ct);
        if (entry is null)
        {
            entry = new CrosswalkEntry { CollectionId = c.Id, Name = parsed.Id, Definition = "", CreatedAt = now, Version = 0 };
            db.Crosswalks.Add(entry);
        }
        else if (expectedVersion is { } v && v != entry.Version)
            throw new CatalogException(Problem.PreconditionFailed, "collect-version", null, entry.Version);
        entry.Definition = definition.GetRawText();
        entry.UpdatedAt = now;
        entry.Version++;
        await db.SaveChangesAsync(ct);
        return entry;
    }
}
