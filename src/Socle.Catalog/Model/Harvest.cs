namespace Socle.Catalog.Model;

/// <summary>
/// A remote catalogue an organisation harvests: its datasets are copied into the catalogue under that organisation,
/// kept in step on every run, and stay read-only here (they are edited at the source).
/// </summary>
public sealed class HarvestSource
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>One of <see cref="HarvestTypes.All"/>.</summary>
    public required string Type { get; set; }
    /// <summary>DCAT: the catalogue document (first page); CKAN and udata: the portal's root URL.</summary>
    public required string Url { get; set; }
    public Guid OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    /// <summary>udata: an organisation of the remote portal (id or slug) to harvest alone; CKAN: a Solr <c>fq</c> filter.</summary>
    public string? Filter { get; set; }
    /// <summary>One of <see cref="HarvestFrequencies.All"/>: "manual" runs only on demand.</summary>
    public string Frequency { get; set; } = HarvestFrequencies.Manual;
    /// <summary>Inactive sources are never run (neither on schedule nor on demand); their datasets stay as they are.</summary>
    public bool Active { get; set; } = true;
    /// <summary>When the next scheduled run is due; null for manual or inactive sources.</summary>
    public DateTimeOffset? NextRunAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>One run of a source: what it did to each remote dataset, and why it failed when it did.</summary>
public sealed class HarvestRun
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SourceId { get; set; }
    public HarvestSource? Source { get; set; }
    public Guid? JobId { get; set; }
    /// <summary>"manual" (asked for) or "schedule".</summary>
    public string Trigger { get; set; } = "manual";
    public HarvestRunStatus Status { get; set; } = HarvestRunStatus.Queued;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Pages { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Archived { get; set; }
    public int Failed { get; set; }
    /// <summary>Why the whole run failed: a message key and its arguments, as JSON (null when it did not).</summary>
    public string? Error { get; set; }
    /// <summary>The outcome of each remote dataset, as a JSON array (see <c>HarvestItem</c>).</summary>
    public string Items { get; set; } = "[]";
}

/// <summary>
/// How a harvested dataset is known at its source: the stable identity (source + remote id, or the remote URI when the
/// id changed), a fingerprint of what was last applied (so an unchanged dataset is not rewritten), and when it was last seen.
/// </summary>
public sealed class HarvestLink
{
    public long DatasetKey { get; set; }
    public Guid SourceId { get; set; }
    public required string RemoteId { get; set; }
    public string? RemoteUri { get; set; }
    /// <summary>The remote dataset's own page, shown as "see at the source".</summary>
    public string? RemotePage { get; set; }
    /// <summary>SHA-256 of the mapped metadata and resources last applied.</summary>
    public required string Fingerprint { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public Guid? LastRunId { get; set; }
}

public enum HarvestRunStatus { Queued, Running, Succeeded, Failed }

public static class HarvestTypes
{
    public const string Dcat = "dcat";
    public const string Ckan = "ckan";
    public const string Udata = "udata";
    public static readonly string[] All = [Dcat, Ckan, Udata];
}

public static class HarvestFrequencies
{
    public const string Manual = "manual";
    public static readonly string[] All = [Manual, "hourly", "daily", "weekly", "monthly"];

    /// <summary>The time between two scheduled runs; null for manual.</summary>
    public static TimeSpan? Interval(string frequency) => frequency switch
    {
        "hourly" => TimeSpan.FromHours(1),
        "daily" => TimeSpan.FromDays(1),
        "weekly" => TimeSpan.FromDays(7),
        "monthly" => TimeSpan.FromDays(30),
        _ => null,
    };
}
