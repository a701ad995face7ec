using Microsoft.AspNetCore.Identity;

namespace Socle.Catalog.Model;

/// <summary>A person who signs in (ASP.NET Core Identity); rights come from organisation memberships.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }
    /// <summary>Platform administrators may act on every organisation.</summary>
    public bool IsAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Membership> Memberships { get; set; } = [];
}

/// <summary>A key for scripts: shown once at creation, stored as a SHA-256 hash; the prefix finds it without a scan.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
