using System.Collections.Concurrent;
using System.Text.Json;
using Socle.Catalog.Model;

namespace Socle.Tabular;

/// <summary>A ready table as queries see it: its file, columns and row count (one immutable snapshot per built file).</summary>
public sealed record TableInfo(Guid ResourceId, string File, string? Parquet, IReadOnlyList<TableColumn> Columns, long Rows, GeoColumns? Geo)
{
    private static readonly ConcurrentDictionary<string, TableInfo> Parsed = new(StringComparer.Ordinal);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The snapshot of a ready table row; parsed once per file, since a built file never changes.</summary>
    public static TableInfo From(ResourceTable t)
    {
        var file = t.File ?? throw new InvalidOperationException("table without file");
        return Parsed.GetOrAdd(file, _ => new TableInfo(
            t.ResourceId, file, t.ParquetFile,
            JsonSerializer.Deserialize<List<TableColumn>>(t.Columns ?? "[]", Json) ?? [],
            t.Rows ?? 0,
            t.Geo is null ? null : JsonSerializer.Deserialize<GeoColumns>(t.Geo, Json)));
    }

    internal static void Forget(string file) => Parsed.TryRemove(file, out _);
}
