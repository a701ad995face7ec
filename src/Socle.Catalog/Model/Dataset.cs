using System.Text.Json.Nodes;

namespace Socle.Catalog.Model;

/// <summary>
/// A dataset: core metadata as columns (what every catalogue and DCAT needs), profile fields as a JSON object
/// (<see cref="Extras"/>, checked against the active metadata profile).
/// </summary>
public sealed class Dataset
{
    /// <summary>Row number: the full-text index is keyed by it (FTS5 rowids are integers).</summary>
    public long Key { get; set; }
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public Guid? OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    /// <summary>Who created it (the proposer of a missing dataset, or an editor).</summary>
    public Guid? OwnerId { get; set; }
    public string? LicenseId { get; set; }
    public License? License { get; set; }
    public List<string> Keywords { get; set; } = [];
    /// <summary>Territories by official code: "fr:commune:75056", "fr:departement:33", "fr:region:75", "fr:pays:fr".</summary>
    public List<string> Territories { get; set; } = [];
    public string? SpatialGranularity { get; set; }
    public DateOnly? TemporalStart { get; set; }
    public DateOnly? TemporalEnd { get; set; }
    /// <summary>A value of the profile's <c>frequency</c> vocabulary.</summary>
    public string? Frequency { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public JsonObject Extras { get; set; } = [];
    public DatasetStatus Status { get; set; } = DatasetStatus.Draft;
    public DateTimeOffset StatusChangedAt { get; set; }
    public Guid? StatusChangedBy { get; set; }
    public string? ReviewNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change of the metadata.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Last change of a resource's content: what "updated on time" is judged on.</summary>
    public DateTimeOffset? DataUpdatedAt { get; set; }
    public int Quality { get; set; }
    /// <summary>The criteria behind <see cref="Quality"/>, as JSON (met or not, and why).</summary>
    public string QualityDetails { get; set; } = "[]";
    /// <summary>The catalogue generation of the last change of its searchable state (see <see cref="CatalogState"/>).</summary>
    public long SearchGeneration { get; set; }
    /// <summary>Bumped on every change: ETags and optimistic concurrency.</summary>
    public int Version { get; set; }
    /// <summary>The harvest source it is copied from: such a dataset is read-only here (see <see cref="HarvestLink"/>).</summary>
    public Guid? HarvestSourceId { get; set; }
    public List<Resource> Resources { get; set; } = [];
}

/// <summary>Archived: a harvested dataset that disappeared from its source — kept, still readable, out of search and DCAT.</summary>
public enum DatasetStatus { Draft, Proposed, Published, Rejected, Archived }
