using System.Text.Encodings.Web;
using System.Text.Json;

namespace Socle.Validation.Reporting;

/// <summary>
/// Writes a report as JSON shaped like frictionless' (valid, stats, warnings, errors, tasks[] with labels, stats,
/// warnings and errors carrying type, title, message, tags, note, rowNumber, fieldNumber, fieldName, cell, cells),
/// plus <c>errorCounts</c>: every error counted by code, including those past the limit.
/// </summary>
public static class ReportWriter
{
    public static void Write(ValidationReport report, Stream output, string lang, bool indented = true)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        w.WriteStartObject();
        w.WriteBoolean("valid", report.Valid);
        w.WriteStartObject("stats");
        w.WriteNumber("tasks", report.Tasks.Count);
        w.WriteNumber("errors", report.ErrorCount);
        w.WriteNumber("warnings", report.Tasks.Sum(t => t.Warnings.Count));
        w.WriteNumber("seconds", Math.Round(report.Seconds, 3));
        w.WriteEndObject();
        w.WriteStartArray("warnings");
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var e in report.Errors) WriteError(w, e, lang);
        w.WriteEndArray();
        WriteCounts(w, report.ErrorCounts);
        w.WriteStartArray("tasks");
        foreach (var t in report.Tasks) WriteTask(w, t, lang);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string ToJson(ValidationReport report, string lang, bool indented = true)
    {
        using var ms = new MemoryStream();
        Write(report, ms, lang, indented);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteCounts(Utf8JsonWriter w, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject("errorCounts");
        foreach (var (k, v) in counts) w.WriteNumber(k, v);
        w.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter w, TaskReport t, string lang)
    {
        w.WriteStartObject();
        w.WriteString("name", t.Name);
        w.WriteString("type", "table");
        w.WriteBoolean("valid", t.Valid);
        w.WriteString("place", t.Place);
        w.WriteStartArray("labels");
        foreach (var l in t.Labels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartObject("stats");
        w.WriteNumber("errors", t.ErrorCount);
        w.WriteNumber("warnings", t.Warnings.Count);
        w.WriteNumber("seconds", Math.Round(t.Seconds, 3));
        w.WriteNumber("bytes", t.Bytes);
        w.WriteNumber("fields", t.Fields);
        w.WriteNumber("rows", t.Rows);
        w.WriteEndObject();
        w.WriteStartObject("source");
        if (t.Format is not null) w.WriteString("format", t.Format);
        if (t.Encoding is not null) w.WriteString("encoding", t.Encoding);
        if (t.Delimiter is not null) w.WriteString("delimiter", t.Delimiter);
        w.WriteBoolean("schemaInferred", t.SchemaInferred);
        w.WriteEndObject();
        w.WriteStartArray("warnings");
        foreach (var (key, args) in t.Warnings) w.WriteStringValue(Messages.Format(key, lang, args));
        w.WriteEndArray();
        WriteCounts(w, t.ErrorCounts);
        w.WriteStartArray("errors");
        foreach (var e in t.Errors) WriteError(w, e, lang);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, ValidationError e, string lang)
    {
        w.WriteStartObject();
        w.WriteString("type", e.Type);
        w.WriteString("title", Messages.Title(e, lang));
        w.WriteString("message", Messages.Message(e, lang));
        w.WriteStartArray("tags");
        foreach (var tag in ErrorCatalog.TagsOf(e.Type, e.FieldNumber is not null)) w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteString("note", Messages.Note(e, lang));
        if (e.RowNumber is { } r) w.WriteNumber("rowNumber", r);
        if (e.FieldNumber is { } f) w.WriteNumber("fieldNumber", f);
        if (e.FieldName is not null) w.WriteString("fieldName", e.FieldName);
        if (e.Label is not null) w.WriteString("label", e.Label);
        if (e.Cell is not null) w.WriteString("cell", e.Cell);
        if (e.Cells is not null)
        {
            w.WriteStartArray("cells");
            foreach (var c in e.Cells) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        if (e.FieldNames is not null)
        {
            w.WriteStartArray("fieldNames");
            foreach (var c in e.FieldNames) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("fieldCells");
            foreach (var c in e.FieldCells ?? []) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteString("referenceName", e.ReferenceName);
            w.WriteStartArray("referenceFieldNames");
            foreach (var c in e.ReferenceFieldNames ?? []) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
