namespace Socle.Catalog.Files;

/// <summary>One registered version of a schema: where it came from (null when uploaded), its SHA-256, when.</summary>
public sealed record SchemaVersion(string Version, string? SourceUrl, string Sha256, DateTimeOffset RegisteredAt);

/// <summary>What describes a schema beside its versions (the fields of schema.data.gouv.fr's catalogue); null: unknown or unchanged.</summary>
public sealed record SchemaMeta(string? Title = null, string? Description = null, string? Homepage = null, string? SchemaType = null);

/// <summary>
/// A schema of the registry: its description, its versions (oldest first, in <see cref="SchemaVersionOrder"/>) and the
/// latest of them. A schema written before versions existed (only <c>&lt;name&gt;/schema.json</c>) has no versions; its
/// <see cref="Latest"/> is then the version its descriptor declares, if any, for display only.
/// </summary>
public sealed record SchemaEntry(string Name, string? Title, string? Description, string? Homepage, string? SchemaType,
    IReadOnlyList<SchemaVersion> Versions, string? Latest)
{
    public bool Legacy => Versions.Count == 0;

    public SchemaVersion? Version(string version) => Versions.FirstOrDefault(v => v.Version == version);

    /// <summary>The versions newest first, as lists show them.</summary>
    public IEnumerable<SchemaVersion> NewestFirst => Versions.Reverse();
}

/// <summary>What a registration did: the version (added, or already there with the same content) and whether the latest moved.</summary>
public sealed record SchemaRegistration(SchemaEntry Schema, string Version, bool Added, bool LatestChanged, int Revalidations);
