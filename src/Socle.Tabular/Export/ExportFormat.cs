namespace Socle.Tabular.Export;

/// <summary>The formats a table is exported in. Parquet is written by DuckDB's COPY; the others by <see cref="TableWriter"/>.</summary>
public enum ExportFormat { Csv, Json, Jsonl, GeoJson, Xlsx, Parquet }

public static class ExportFormats
{
    /// <summary>Reads a URL segment: csv, json, jsonl, geojson, xlsx, parquet (any case).</summary>
    public static bool TryParse(string? segment, out ExportFormat format)
    {
        ExportFormat? f = segment?.ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "json" => ExportFormat.Json,
            "jsonl" => ExportFormat.Jsonl,
            "geojson" => ExportFormat.GeoJson,
            "xlsx" => ExportFormat.Xlsx,
            "parquet" => ExportFormat.Parquet,
            _ => null,
        };
        format = f.GetValueOrDefault();
        return f.HasValue;
    }

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        ExportFormat.Jsonl => "application/x-ndjson; charset=utf-8",
        ExportFormat.GeoJson => "application/geo+json", // RFC 7946: always UTF-8, no charset parameter
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat.Parquet => "application/vnd.apache.parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The file name extension, without the dot (the same word as the URL segment).</summary>
    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Json => "json",
        ExportFormat.Jsonl => "jsonl",
        ExportFormat.GeoJson => "geojson",
        ExportFormat.Xlsx => "xlsx",
        ExportFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
