using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>Who is asking: an anonymous visitor, a signed-in account with its organisation roles, or a platform admin.</summary>
public sealed record Actor(Guid? AccountId, string? Name, bool IsAdmin, IReadOnlyDictionary<Guid, OrganizationRole> Roles)
{
    public static readonly Actor Anonymous = new(null, null, false, new Dictionary<Guid, OrganizationRole>());

    public bool SignedIn => AccountId is not null;

    public bool Has(Guid? organizationId, OrganizationRole role) =>
        IsAdmin || organizationId is { } org && Roles.TryGetValue(org, out var r) && r >= role;

    /// <summary>Throws unless signed in: the first check of every write.</summary>
    public Guid RequireAccount() => AccountId ?? throw CatalogException.Unauthorized();

    public void Require(Guid? organizationId, OrganizationRole role, string action)
    {
        RequireAccount();
        if (!Has(organizationId, role)) throw CatalogException.Forbidden(action);
    }

    public static Actor For(Account account) => new(account.Id, account.DisplayName, account.IsAdmin,
        account.Memberships.ToDictionary(m => m.OrganizationId, m => m.Role));
}
