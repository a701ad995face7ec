using System.Text.Json.Serialization;

namespace Socle.Tabular;

/// <summary>
/// A column of an ingested table, typed with Table Schema's type names (string, integer, number, boolean, date,
/// datetime, time, year) so reusers read the same words as in the resource's schema.
/// </summary>
public sealed record TableColumn(string Name, string Type)
{
    /// <summary>The column's label in the schema, when it has one.</summary>
    public string? Title { get; init; }
    /// <summary>Full-text (<c>q=</c>) covers this column.</summary>
    public bool Searchable { get; init; }
    /// <summary>The hidden column holding this column's text in lower case without accents (searchable columns), so that
    /// <c>__contains</c> and the word index read it without folding every cell at every query.</summary>
    public string? Folded { get; init; }
    /// <summary>An index answers exact filters on this column without a scan.</summary>
    public bool Indexed { get; init; }
    /// <summary>
    /// Values of an indexed column with many rows (as text), with their row counts: DuckDB's index reads each match one
    /// by one (about 75 µs a row), so for these a scan finds a page's rows sooner, and the total is already known.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Frequent { get; init; }
    /// <summary>The column has empty cells (when it has none, counting its values is counting rows).</summary>
    public bool HasNulls { get; init; } = true;
    /// <summary>The column was declared with another type but some values do not read as it: kept as text, nothing lost.</summary>
    public string? DeclaredType { get; init; }

    [JsonIgnore] public bool IsNumeric => Type is ColumnTypes.Integer or ColumnTypes.Number or ColumnTypes.Year;
    [JsonIgnore] public bool IsTemporal => Type is ColumnTypes.Date or ColumnTypes.DateTime or ColumnTypes.Time;
}

public static class ColumnTypes
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Time = "time";
    public const string Year = "year";
}

/// <summary>
/// Where a table's points are: two numeric columns, or one text column holding both numbers — "lon, lat" for a
/// Table Schema geopoint, "lat, lon" (<see cref="PointLatFirst"/>) for the geo_point_2d columns of OpenDataSoft exports.
/// </summary>
public sealed record GeoColumns(string? Latitude, string? Longitude, string? Point, bool PointLatFirst = false)
{
    public static GeoColumns LatLon(string lat, string lon) => new(lat, lon, null);
    public static GeoColumns GeoPoint(string column, bool latFirst = false) => new(null, null, column, latFirst);
}
