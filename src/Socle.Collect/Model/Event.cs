namespace Socle.Collect.Model;

/// <summary>A dated step in a record's life (permit filed, commissioning, repowering…), with the fields its type carries.</summary>
public sealed class RecordEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7(); // time-ordered: new rows land at the end of their indexes
    public Guid CollectionId { get; set; }
    public Guid RecordId { get; set; }
    public required string Type { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>The stage this event's type sets (copied from the definition when recorded), or null.</summary>
    public string? Stage { get; set; }
    public string Fields { get; set; } = "{}";
    /// <summary>Attached documents: a JSON array of {name, key, size, media_type}.</summary>
    public string Documents { get; set; } = "[]";
    public required string Source { get; set; }
    public Guid? AuthorId { get; set; }
    public string? AuthorName { get; set; }
    public string? Comment { get; set; }
    public Guid? ImportId { get; set; }
    /// <summary>Made from a dated field of the values (<c>events_from_fields</c>), not entered: follows that field.</summary>
    public bool FromField { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Withdrawn events stay in the history but no longer count.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    public Guid? WithdrawnBy { get; set; }
}

/// <summary>
/// One value of a record's time series (production of 2021 in MWh). A later value for the same measure, period and
/// source supersedes it without erasing it.
/// </summary>
public sealed class Measure
{
    public Guid Id { get; set; } = Guid.CreateVersion7(); // time-ordered: new rows land at the end of their indexes
    public Guid CollectionId { get; set; }
    public Guid RecordId { get; set; }
    public required string Name { get; set; }
    /// <summary>"2021" for a year, "2021-06" for a month.</summary>
    public required string Period { get; set; }
    public double Value { get; set; }
    public required string Source { get; set; }
    public bool Current { get; set; } = true;
    public Guid? AuthorId { get; set; }
    public Guid? ImportId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
