using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>Organisations and their members. Anyone signed in may create one (and becomes its admin); admins manage it.</summary>
public sealed class OrganizationService(CatalogDb db, TimeProvider clock)
{
    private static readonly string[] Properties = ["name", "slug", "acronym", "type", "description", "url", "logo"];

    public async Task<Organization> GetAsync(string idOrSlug, CancellationToken ct = default)
    {
        var q = Guid.TryParse(idOrSlug, out var id) ? db.Organizations.Where(o => o.Id == id) : db.Organizations.Where(o => o.Slug == idOrSlug);
        return await q.FirstOrDefaultAsync(ct) ?? throw CatalogException.NotFound("organization", idOrSlug);
    }

    public async Task<(List<Organization> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var total = await db.Organizations.CountAsync(ct);
        var items = await db.Organizations.OrderBy(o => o.Name).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    public async Task<Organization> CreateAsync(Actor actor, JsonObject body, CancellationToken ct = default)
    {
        var me = actor.RequireAccount();
        var now = clock.GetUtcNow();
        var org = new Organization { Slug = "", Name = "", CreatedAt = now, UpdatedAt = now };
        Apply(body, org, creating: true);
        org.Slug = org.Slug.Length > 0 ? org.Slug : Slugs.From(org.Name, 60);
        if (await db.Organizations.AnyAsync(o => o.Slug == org.Slug, ct)) throw CatalogException.Invalid("slug", "slug-taken", org.Slug);
        org.Members.Add(new Membership { AccountId = me, Role = OrganizationRole.Admin, Since = now });
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        return org;
    }

    public async Task<Organization> UpdateAsync(Actor actor, string idOrSlug, JsonObject body, CancellationToken ct = default)
    {
        var org = await GetAsync(idOrSlug, ct);
        actor.Require(org.Id, OrganizationRole.Admin, "organization.edit");
        var slug = org.Slug;
        Apply(body, org, creating: false);
        if (org.Slug != slug && await db.Organizations.AnyAsync(o => o.Slug == org.Slug && o.Id != org.Id, ct))
            throw CatalogException.Invalid("slug", "slug-taken", org.Slug);
        org.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return org;
    }

    public async Task<List<Membership>> MembersAsync(string idOrSlug, CancellationToken ct = default)
    {
        var org = await GetAsync(idOrSlug, ct);
        return await db.Memberships.Include(m => m.Account).Where(m => m.OrganizationId == org.Id).OrderBy(m => m.Since).ToListAsync(ct);
    }

    /// <summary>Adds or changes a member's role; the last admin cannot be demoted, so an organisation is never orphaned.</summary>
    public async Task<Membership> SetMemberAsync(Actor actor, string idOrSlug, string account, string role, CancellationToken ct = default)
    {
        var org = await GetAsync(idOrSlug, ct);
        actor.Require(org.Id, OrganizationRole.Admin, "organization.members");
        if (!Enum.TryParse<OrganizationRole>(role, ignoreCase: true, out var r) || !Enum.IsDefined(r) || int.TryParse(role, out _))
            throw CatalogException.Invalid("role", "not-in-list", role, "admin, editor, contributor");
        var who = await FindAccountAsync(account, ct) ?? throw CatalogException.NotFound("account", account);
        var m = await db.Memberships.FindAsync([org.Id, who.Id], ct);
        if (m is null) db.Memberships.Add(m = new Membership { OrganizationId = org.Id, AccountId = who.Id, Role = r, Since = clock.GetUtcNow() });
        else
        {
            if (m.Role == OrganizationRole.Admin && r != OrganizationRole.Admin && await AdminCountAsync(org.Id, ct) == 1)
                throw new CatalogException(Problem.Conflict, "last-admin");
            m.Role = r;
        }
        await db.SaveChangesAsync(ct);
        m.Account = who;
        return m;
    }

    public async Task RemoveMemberAsync(Actor actor, string idOrSlug, string account, CancellationToken ct = default)
    {
        var org = await GetAsync(idOrSlug, ct);
        actor.Require(org.Id, OrganizationRole.Admin, "organization.members");
        var who = await FindAccountAsync(account, ct) ?? throw CatalogException.NotFound("account", account);
        var m = await db.Memberships.FindAsync([org.Id, who.Id], ct) ?? throw CatalogException.NotFound("member", account);
        if (m.Role == OrganizationRole.Admin && await AdminCountAsync(org.Id, ct) == 1) throw new CatalogException(Problem.Conflict, "last-admin");
        db.Memberships.Remove(m);
        await db.SaveChangesAsync(ct);
    }

    private Task<int> AdminCountAsync(Guid org, CancellationToken ct) =>
        db.Memberships.CountAsync(x => x.OrganizationId == org && x.Role == OrganizationRole.Admin, ct);

    private async Task<Account?> FindAccountAsync(string idOrEmail, CancellationToken ct) => Guid.TryParse(idOrEmail, out var id)
        ? await db.Users.FirstOrDefaultAsync(a => a.Id == id, ct)
        : await db.Users.FirstOrDefaultAsync(a => a.NormalizedEmail == idOrEmail.ToUpperInvariant(), ct);

    private static void Apply(JsonObject body, Organization org, bool creating)
    {
        var errors = new List<FieldError>();
        foreach (var (k, _) in body)
            if (!Properties.Contains(k)) errors.Add(FieldError.Of(k, "unknown-field"));
        string? Str(string key)
        {
            var n = body[key];
            if (n is null) return null;
            if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>().Trim();
            errors.Add(FieldError.Of(key, "wrong-type", "string"));
            return null;
        }
        var name = Str("name");
        if ((creating || body.ContainsKey("name")) && string.IsNullOrEmpty(name)) errors.Add(FieldError.Of("name", "required"));
        var slug = Str("slug");
        if (slug is not null && !Slugs.IsValid(slug)) errors.Add(FieldError.Of("slug", "slug"));
        var type = Str("type");
        if (type is not null && !OrganizationTypes.All.Contains(type))
            errors.Add(FieldError.Of("type", "not-in-list", type, string.Join(", ", OrganizationTypes.All)));
        var url = Str("url");
        if (url is { Length: > 0 } && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")) errors.Add(FieldError.Of("url", "url", url));
        var logo = Str("logo");
        if (logo is { Length: > 0 } && !(Uri.TryCreate(logo, UriKind.Absolute, out var l) && l.Scheme is "http" or "https")) errors.Add(FieldError.Of("logo", "url", logo));
        if (errors.Count > 0) throw CatalogException.Invalid(errors);
        if (!string.IsNullOrEmpty(name)) org.Name = name;
        if (slug is not null) org.Slug = slug;
        if (body.ContainsKey("acronym")) org.Acronym = Str("acronym");
        if (type is not null) org.Type = type;
        if (body.ContainsKey("description")) org.Description = Str("description");
        if (body.ContainsKey("url")) org.Url = url is { Length: > 0 } ? url : null;
        if (body.ContainsKey("logo")) org.LogoUrl = logo is { Length: > 0 } ? logo : null;
    }
}
