namespace Socle.Catalog.Model;

/// <summary>
/// What the catalogue knows of a resource's queryable table (the table itself is a DuckDB file of the tabular module):
/// its build state, the file queries read, its columns and profile. A rebuild swaps <see cref="File"/> in one update,
/// so a query reads either the old table or the new one, never a half-built one.
/// </summary>
public sealed class ResourceTable
{
    /// <summary>The job kind that builds a table ("resource.ingest"), queued by the catalogue when a tabular file changes.</summary>
    public const string IngestJob = "resource.ingest";
    /// <summary>The job kind that removes a deleted resource's table files.</summary>
    public const string DropJob = "resource.table-drop";

    public Guid ResourceId { get; set; }
    public TableStatus Status { get; set; } = TableStatus.Pending;
    /// <summary>What the table is (to be) built from: content checksum or URL, format and schema. A different key means rebuild.</summary>
    public string? SourceKey { get; set; }
    /// <summary>The DuckDB file of the current table, relative to the tables folder; null until the first build.</summary>
    public string? File { get; set; }
    public string? ParquetFile { get; set; }
    public long? Rows { get; set; }
    /// <summary>JSON array of the columns (name, type, title, searchable, indexed, declared_type).</summary>
    public string? Columns { get; set; }
    /// <summary>JSON: where the points are (latitude/longitude columns or a geopoint column).</summary>
    public string? Geo { get; set; }
    /// <summary>JSON column profile: rows, and per column nulls, distinct, min/max/mean, top values.</summary>
    public string? Profile { get; set; }
    /// <summary>JSON array of columns kept as text because some cells did not read as their declared type.</summary>
    public string? Warnings { get; set; }
    /// <summary>Why the last build failed, as JSON <c>{"fr": …, "en": …}</c>.</summary>
    public string? Error { get; set; }
    public double? BuildSeconds { get; set; }
    public DateTimeOffset? BuiltAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum TableStatus { Pending, Building, Ready, Failed }
