using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Model;

namespace Socle.Collect.Records;

/// <summary>
/// What an actor may do in one collection. Platform admins and the owning organisation's admins administer it; its
/// editors steward it and its contributors contribute, everywhere; members named on the collection hold their role
/// on their territories only (regions or departments).
/// </summary>
public sealed record CollectRights(Actor Actor, CollectionRole? Role, string[] Territories)
{
    public bool Is(CollectionRole role) => Role is { } r && r >= role;

    /// <summary>Whether the member's territories include a record of that region and department.</summary>
    public bool Covers(string? region, string? departement) =>
        Territories.Length == 0
        || Territories.Any(t => region is not null && t == "fr:region:" + region || departement is not null && t == "fr:departement:" + departement);

    public bool May(CollectionRole role, string? region, string? departement) => Is(role) && Covers(region, departement);

    public void Require(CollectionRole role, string action, string? region = null, string? departement = null, bool anywhere = false)
    {
        Actor.RequireAccount();
        if (!Is(role) || !anywhere && !Covers(region, departement)) throw CatalogException.Forbidden(action);
    }

    internal static async Task<CollectRights> OfAsync(CollectDb db, Collection collection, Actor actor, CancellationToken ct)
    {
        if (!actor.SignedIn) return new(actor, null, []);
        if (actor.Has(collection.OrganizationId, OrganizationRole.Admin)) return new(actor, CollectionRole.Admin, []);
        var member = await db.Members.AsNoTracking()
            .FirstOrDefaultAsync(m => m.CollectionId == collection.Id && m.AccountId == actor.AccountId, ct);
        CollectionRole? fromOrg = actor.Has(collection.OrganizationId, OrganizationRole.Editor) ? CollectionRole.Steward
            : actor.Has(collection.OrganizationId, OrganizationRole.Contributor) ? CollectionRole.Contributor : null;
        // The organisation's role holds everywhere; a named role only on its territories — keep whichever gives more.
        if (member is null) return new(actor, fromOrg, []);
        if (fromOrg is { } o && o >= member.Role) return new(actor, o, []);
        return new(actor, member.Role, member.Territories);
    }
}
