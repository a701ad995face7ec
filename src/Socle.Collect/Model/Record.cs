namespace Socle.Collect.Model;

/// <summary>
/// One thing the register follows (an installation). Its row holds the current published state, derived from its
/// revisions, the sources' values and its events; nothing on it is ever the only copy of a value.
/// </summary>
public sealed class CollectRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7(); // time-ordered: new rows land at the end of their indexes
    public Guid CollectionId { get; set; }
    /// <summary>Stable number within the collection: the record's public id.</summary>
    public long Number { get; set; }
    /// <summary>The published values (field → canonical text), as a JSON object.</summary>
    public string Values { get; set; } = "{}";
    /// <summary>For each published value, the source it comes from (field → source id), as a JSON object.</summary>
    public string Provenance { get; set; } = "{}";
    /// <summary>The stage its dated events lead to today; null before any event that sets one.</summary>
    public string? Stage { get; set; }
    // Dimensions copied from the values for filters, scopes, matching and dashboards.
    public string? Label { get; set; }
    public string? Region { get; set; }
    public string? Departement { get; set; }
    public string? Commune { get; set; }
    public string? Category { get; set; }
    public double? Power { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>The folded name and commune ("parc eolien des cretes|11069"), for matching by name.</summary>
    public string? NameKey { get; set; }
    /// <summary>The revision the row shows (1 at creation); what an If-Match names.</summary>
    public int Version { get; set; } = 1;
    public bool Removed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One state of a record: the whole published values after a change, from the date they hold (<see cref="ValidFrom"/>),
/// with who changed it, from which source and why. Never updated: the history is these rows.
/// </summary>
public sealed class RecordRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7(); // time-ordered: new rows land at the end of their indexes
    public Guid CollectionId { get; set; }
    public Guid RecordId { get; set; }
    public int Version { get; set; }
    public string Values { get; set; } = "{}";
    public string Provenance { get; set; } = "{}";
    /// <summary>The fields this revision changed, as a JSON array.</summary>
    public string Changed { get; set; } = "[]";
    /// <summary>The day from which these values describe the thing (the "as of" axis).</summary>
    public DateOnly ValidFrom { get; set; }
    /// <summary>When it was recorded (the audit axis).</summary>
    public DateTimeOffset RecordedAt { get; set; }
    public required string Source { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public string? Comment { get; set; }
    public Guid? ImportId { get; set; }
    /// <summary>This revision withdraws the record (entered by mistake, a duplicate): absent from "as of" from then on.</summary>
    public bool Removed { get; set; }
    // Dimensions as of this revision, so "as of" listings filter without reading the values.
    public string? Label { get; set; }
    public string? Region { get; set; }
    public string? Departement { get; set; }
    public string? Category { get; set; }
    public double? Power { get; set; }
}

/// <summary>The latest values one source gives for a record (field → text): consolidation picks among these.</summary>
public sealed class SourceValues
{
    public Guid RecordId { get; set; }
    public required string Source { get; set; }
    public Guid CollectionId { get; set; }
    public string Values { get; set; } = "{}";
    /// <summary>xxHash64 of <see cref="Values"/>: an import tells an unchanged row without reading every source's values.</summary>
    public long Hash { get; set; }
    public DateOnly ObservedOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Guid? ImportId { get; set; }
}

public enum ConflictStatus { Open, Resolved }

/// <summary>
/// Sources disagreeing on one field of one record. Priority already decides the published value; a steward confirms
/// it or picks another, which is recorded as the steward's own value.
/// </summary>
public sealed class Conflict
{
    public Guid Id { get; set; } = Guid.CreateVersion7(); // time-ordered: new rows land at the end of their indexes
    public Guid CollectionId { get; set; }
    public Guid RecordId { get; set; }
    public required string Field { get; set; }
    /// <summary>The values in disagreement: a JSON object source → value.</summary>
    public string Values { get; set; } = "{}";
    public ConflictStatus Status { get; set; } = ConflictStatus.Open;
    /// <summary>The value the steward kept (null while open).</summary>
    public string? Resolution { get; set; }
    public Guid? ResolvedBy { get; set; }
    public string? ResolvedByName { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}
