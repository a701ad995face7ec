namespace Socle.Catalog.Model;

/// <summary>A file of a dataset: uploaded to the blob store, or a remote URL.</summary>
public sealed class Resource
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public long DatasetKey { get; set; }
    public Dataset? Dataset { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>udata's resource types: main, documentation, update, api, code, other.</summary>
    public string Type { get; set; } = ResourceTypes.Main;
    /// <summary>"file" (uploaded here) or "remote" (a link), as udata's filetype.</summary>
    public string FileType { get; set; } = "file";
    public string? Url { get; set; }
    public string? BlobKey { get; set; }
    public string? FileName { get; set; }
    public string? Format { get; set; }
    public string? Mime { get; set; }
    public long? Size { get; set; }
    /// <summary>SHA-256 of the current content (lowercase hex).</summary>
    public string? Checksum { get; set; }
    /// <summary>A Table Schema by URL, or a registered schema name.</summary>
    public string? Schema { get; set; }
    public ValidationStatus ValidationStatus { get; set; } = ValidationStatus.NotValidated;
    /// <summary>The checksum the stored report is about: a report of older content never counts.</summary>
    public string? ValidatedChecksum { get; set; }
    public DateTimeOffset? ValidatedAt { get; set; }
    public string? ValidationReport { get; set; }
    public string? ValidationError { get; set; }
    /// <summary>For remote resources: did the URL answer at the last check.</summary>
    public bool? Available { get; set; }
    public DateTimeOffset? AvailabilityCheckedAt { get; set; }
    public int Position { get; set; }
    /// <summary>The queryable table built from a tabular file (CSV, Excel, JSON, Parquet); null for other formats.</summary>
    public ResourceTable? Table { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ValidationStatus { NotValidated, Valid, Invalid, Failed }

public static class ResourceTypes
{
    public const string Main = "main";
    public const string Documentation = "documentation";
    public const string Update = "update";
    public const string Api = "api";
    public const string Code = "code";
    public const string Other = "other";
    public static readonly string[] All = [Main, Documentation, Update, Api, Code, Other];
}
