namespace Socle.Collect.Model;

/// <summary>
/// A register bound to a definition (schema, identity rules, stages, events, measures, sources, crosswalks), owned by
/// a catalogue organisation and published as one of its datasets.
/// </summary>
public sealed class Collection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>The definition as JSON (the template it was made from, with the collection's own changes).</summary>
    public required string Definition { get; set; }
    /// <summary>The template id it was created from ("installations-enr"), for display only.</summary>
    public string? Template { get; set; }
    /// <summary>The catalogue dataset it publishes to, once published.</summary>
    public Guid? DatasetId { get; set; }
    /// <summary>The next record number (records are numbered 1, 2, … within their collection).</summary>
    public long NextNumber { get; set; } = 1;
    /// <summary>Taken by every write to the collection's records, in its transaction: a dry run knows whether it is stale.</summary>
    public long Changes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>What a member may do in a collection. Organisation admins and platform admins are collection admins.</summary>
public enum CollectionRole { Contributor = 1, Steward = 2, Admin = 3 }

/// <summary>An account's role in a collection, limited to territories (region or department codes) when any are given.</summary>
public sealed class CollectionMember
{
    public Guid CollectionId { get; set; }
    public Guid AccountId { get; set; }
    public CollectionRole Role { get; set; }
    /// <summary>Territory codes (<c>fr:region:76</c>, <c>fr:departement:31</c>) the member works on; empty: all.</summary>
    public string[] Territories { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A reusable column mapping from a source's files to the collection's schema.</summary>
public sealed class CrosswalkEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectionId { get; set; }
    /// <summary>Its id in the definition format ("odre-registre"), unique in the collection.</summary>
    public required string Name { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}
