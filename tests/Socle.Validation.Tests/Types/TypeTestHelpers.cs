using System.Text.Json;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>Builds fields from descriptor JSON (as the schema reader does) and reads cells with their reader.</summary>
internal static class Fld
{
    public static Field Of(string descriptorJson)
    {
        using var doc = JsonDocument.Parse("{\"fields\":[" + descriptorJson + "]}");
        return SchemaReader.Read(doc.RootElement).Fields[0];
    }

    public static Field Of(string type, string format, string extra = "") =>
        Of($"{{\"name\":\"f\",\"type\":\"{type}\",\"format\":{JsonSerializer.Serialize(format)}{(extra.Length > 0 ? "," + extra : "")}}}");

    public static CellReader Reader(string type, string format = "default", string extra = "") =>
        CellReaders.Create(Of(type, format, extra));

    public static bool Reads(string type, string format, string cell, string extra = "") =>
        Reader(type, format, extra).TryRead(cell, out _);

    public static CellValue Read(CellReader reader, string cell)
    {
        Assert.True(reader.TryRead(cell, out var v), $"'{cell}' should read as {reader.TypeLabel}");
        return v;
    }

    public static string Key(CellReader reader, string cell) => reader.ToKey(cell, Read(reader, cell));
}
