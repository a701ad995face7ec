namespace Socle.Catalog.Model;

/// <summary>A data producer: a ministry, a town, a public agency, an association, a company.</summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Acronym { get; set; }
    /// <summary>One of <see cref="OrganizationTypes"/>.</summary>
    public string Type { get; set; } = OrganizationTypes.PublicService;
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? LogoUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<Membership> Members { get; set; } = [];
}

public static class OrganizationTypes
{
    public const string PublicService = "public-service";
    public const string LocalAuthority = "local-authority";
    public const string Company = "company";
    public const string Association = "association";
    public const string Other = "other";
    public static readonly string[] All = [PublicService, LocalAuthority, Company, Association, Other];
}

/// <summary>What a member may do in an organisation: admins manage members, editors publish, contributors draft.</summary>
public enum OrganizationRole { Contributor = 1, Editor = 2, Admin = 3 }

public sealed class Membership
{
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public OrganizationRole Role { get; set; }
    public DateTimeOffset Since { get; set; }
}
