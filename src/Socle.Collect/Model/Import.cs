namespace Socle.Collect.Model;

public enum ImportStatus { Queued, Planning, Planned, Committing, Committed, Failed, Discarded }

/// <summary>
/// One file brought into a collection through a crosswalk: planned (the dry run), then committed whole or discarded.
/// </summary>
public sealed class ImportBatch
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CollectionId { get; set; }
    public required string FileName { get; set; }
    /// <summary>The uploaded file in the blob store.</summary>
    public required string BlobKey { get; set; }
    public long Size { get; set; }
    /// <summary>The crosswalk as it was used (a copy: editing the crosswalk later does not change this import).</summary>
    public required string Crosswalk { get; set; }
    public required string CrosswalkName { get; set; }
    public required string Source { get; set; }
    /// <summary>The date the file describes (a year-end export: 31 December): its values hold from then.</summary>
    public DateOnly ValidFrom { get; set; }
    public ImportStatus Status { get; set; } = ImportStatus.Queued;
    /// <summary>The dry run: counts, the first rows of each outcome, errors — as JSON.</summary>
    public string? Plan { get; set; }
    /// <summary>The collection's change counter the plan was made against: a commit on a moved register plans again.</summary>
    public long PlannedAt { get; set; }
    /// <summary>Why it failed, as JSON {key, args}.</summary>
    public string? Error { get; set; }
    public Guid? JobId { get; set; }
    /// <summary>The importing steward's territories (empty: all): rows outside them are errors.</summary>
    public string[] Territories { get; set; } = [];
    public Guid? CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }
    public Guid? CommittedBy { get; set; }
    public string? Comment { get; set; }
    /// <summary>Commit rows without errors and leave the others out (asked for explicitly), instead of refusing.</summary>
    public bool SkipInvalid { get; set; }
}
