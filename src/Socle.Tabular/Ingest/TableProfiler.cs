using System.Data.Common;
using System.Text.Json.Nodes;
using Socle.Tabular.Engine;
using Socle.Tabular.Export;

namespace Socle.Tabular.Ingest;

/// <summary>
/// The column profile reusers read before querying: per column its type, empty cells, distinct values, min / max /
/// mean / standard deviation for numbers, min / max for dates and times, and the most frequent values of columns
/// with few distinct values (categories). Two passes over the table: one aggregate query, then one per category.
/// </summary>
internal static class TableProfiler
{
    private const int CategoryMaxDistinct = 1000;
    private const int TopValues = 10;
    /// <summary>Above this, distinct values are estimated (HyperLogLog, a few percent off) rather than counted.</summary>
    private const long ExactDistinctMaxRows = 250_000;

    public static JsonObject Profile(Func<string, DbDataReader> query, IReadOnlyList<TableColumn> columns, long rows)
    {
        var exact = rows <= ExactDistinctMaxRows;
        var parts = new List<string>();
        foreach (var c in columns)
        {
            var x = Sql.Ident(c.Name);
            parts.Add($"count({x})");
            parts.Add(exact ? $"count(DISTINCT {x})" : $"approx_count_distinct({x})");
            if (c.IsNumeric) parts.AddRange([$"min({x})", $"max({x})", $"avg({x})", $"stddev_samp({x})"]);
            else if (c.IsTemporal) parts.AddRange([$"min({x})", $"max({x})"]);
        }
        var result = new JsonArray();
        var profiles = new List<JsonObject>();
        using (var reader = query($"SELECT {string.Join(", ", parts)} FROM data"))
        {
            reader.Read();
            var i = 0;
            foreach (var c in columns)
            {
                var filled = reader.GetInt64(i++);
                var p = new JsonObject
                {
                    ["name"] = c.Name,
                    ["type"] = c.Type,
                    ["filled"] = filled,
                    ["nulls"] = rows - filled,
                    ["distinct"] = reader.GetInt64(i++),
                };
                if (c.IsNumeric)
                {
                    p["min"] = Value(reader, i++);
                    p["max"] = Value(reader, i++);
                    p["mean"] = Value(reader, i++);
                    p["std"] = Value(reader, i++);
                }
                else if (c.IsTemporal)
                {
                    p["min"] = Value(reader, i++);
                    p["max"] = Value(reader, i++);
                }
                profiles.Add(p);
                result.Add(p);
            }
        }
        for (var k = 0; k < columns.Count; k++)
        {
            var c = columns[k];
            var distinct = profiles[k]["distinct"]!.GetValue<long>();
            // Categories only: values that repeat (not identifiers), and not too many of them.
            var filled = profiles[k]["filled"]!.GetValue<long>();
            if (distinct == 0 || distinct > CategoryMaxDistinct || distinct == filled || c.Type is ColumnTypes.Number) continue;
            var x = Sql.Ident(c.Name);
            var top = new JsonArray();
            using var reader = query($"SELECT {x}, count(*) AS n FROM data WHERE {x} IS NOT NULL GROUP BY {x} ORDER BY n DESC, {x} LIMIT {TopValues}");
            while (reader.Read()) top.Add(new JsonObject { ["value"] = Value(reader, 0), ["count"] = reader.GetInt64(1) });
            profiles[k]["top"] = top;
        }
        return new JsonObject { ["rows"] = rows, ["distinct_approximate"] = !exact, ["columns"] = result };
    }

    /// <summary>A value written as the API writes cells (<see cref="CellValues"/>): dates as ISO text, NaN as null.</summary>
    private static JsonNode? Value(DbDataReader reader, int i)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) CellValues.WriteJson(w, CellValues.Read(reader, i));
        return JsonNode.Parse(buffer.WrittenSpan);
    }
}
