using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Portal.Pages.Validate;

/// <summary>
/// What the <c>_ValidationReport</c> partial draws: the verdict, the counts and the errors grouped by code, structure
/// errors (the file, its header, the shape of its rows) before the cell errors. Built from a report just made (texts
/// in the reader's language) or from one stored as JSON by the resource validation job (its notes are in the language
/// it was written in; titles are re-read in the reader's language from the code).
/// </summary>
public sealed class ReportView
{
    /// <summary>How many errors of one code the page lists; the others are counted ("and N more").</summary>
    public const int ShownPerGroup = 20;

    /// <summary>Codes about the file itself, its header and the shape of its rows, in the order they are shown.</summary>
    private static readonly string[] StructureOrder =
    [
        "error", "package-error", "schema-error", "source-error", "encoding-error",
        "blank-header", "unmatched-header", "missing-label", "extra-label", "blank-label", "duplicate-label", "incorrect-label",
        "blank-row", "duplicate-row", "extra-cell", "missing-cell",
    ];

    public bool Valid { get; init; }
    public long ErrorCount { get; init; }
    public long Rows { get; init; }
    public int Fields { get; init; }
    public long? Bytes { get; init; }
    public double Seconds { get; init; }
    public string? Format { get; init; }
    public string? Encoding { get; init; }
    public bool SchemaInferred { get; init; }
    /// <summary>What was validated: the file's name or its URL.</summary>
    public string? Source { get; init; }
    public SchemaInfo? Schema { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<ErrorGroup> Groups { get; init; } = [];
    /// <summary>The language the notes are written in ("fr"/"en"); a stored report keeps the one it was made in.</summary>
    public string NotesLang { get; init; } = Messages.French;

    public sealed record SchemaInfo(string? Name, string? Title, string? Version, string? Reference);

    public sealed record ErrorGroup(string Type, string Title, bool Structure, long Count, IReadOnlyList<ErrorItem> Errors)
    {
        /// <summary>Errors of this code counted but not listed here (past the page's cap or the report's limit).</summary>
        public long More => Math.Max(0, Count - Errors.Count);
    }

    /// <summary>One error: where (row, column, field), what (the cell), why (the note, or the whole message when the note says nothing alone).</summary>
    public sealed record ErrorItem(long? Row, int? FieldNumber, string? FieldName, string? Label, string? Cell, string Detail);

    /// <summary>The schema's name, title and version as its descriptor declares them.</summary>
    public static SchemaInfo? Describe(TableSchema? schema, string? reference)
    {
        if (schema is null) return reference is null ? null : new SchemaInfo(null, null, null, reference);
        var d = schema.Descriptor;
        string? S(string name) => d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;
        return new SchemaInfo(S("name"), S("title"), S("version"), reference);
    }

    /// <summary>A report made now: every text in <paramref name="lang"/>.</summary>
    public static ReportView From(ValidationReport report, string lang, string? source, SchemaInfo? schema)
    {
        var task = report.Tasks.Count > 0 ? report.Tasks[0] : null;
        var errors = report.Errors.Concat(report.Tasks.SelectMany(t => t.Errors))
            .Select(e => (e.Type, Item: new ErrorItem(e.RowNumber, e.FieldNumber, e.FieldName, Absent(e.Type) ? null : e.Label,
                Absent(e.Type) ? null : e.Cell ?? Join(e.Cells), Detail(e, lang))));
        return new ReportView
        {
            Valid = report.Valid, ErrorCount = report.ErrorCount, Rows = report.Tasks.Sum(t => t.Rows),
            Fields = task?.Fields ?? 0, Bytes = task?.Bytes, Seconds = report.Seconds, Format = task?.Format, Encoding = task?.Encoding,
            SchemaInferred = task?.SchemaInferred ?? false, Source = source, Schema = schema, NotesLang = lang,
            Warnings = report.Tasks.SelectMany(t => t.Warnings).Select(w => Messages.Format(w.Key, lang, w.Args)).ToList(),
            Groups = Group(errors, report.ErrorCounts, lang),
        };
    }

    /// <summary>
    /// A report stored as frictionless-shaped JSON (see <see cref="ReportWriter"/>). Null when it is not one. Its notes
    /// stay in <paramref name="storedLang"/>, the language the job wrote them in.
    /// </summary>
    public static ReportView? FromJson(string json, string lang, string storedLang, string? source, SchemaInfo? schema)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException) { return null; }
        if (root is not JsonObject o) return null;
        var tasks = o["tasks"] as JsonArray ?? [];
        var task = tasks.Count > 0 ? tasks[0] as JsonObject : null;
        var stats = task?["stats"] as JsonObject;
        var sourceInfo = task?["source"] as JsonObject;
        var all = (o["errors"] as JsonArray ?? []).Concat(tasks.OfType<JsonObject>().SelectMany(t => t["errors"] as JsonArray ?? []))
            .OfType<JsonObject>()
            .Select(e =>
            {
                var note = Str(e["note"]);
                var type = Str(e["type"]) ?? "error";
                return (Type: type, Item: new ErrorItem(Long(e["rowNumber"]), (int?)Long(e["fieldNumber"]), Str(e["fieldName"]),
                    Absent(type) ? null : Str(e["label"]),
                    Absent(type) ? null : Str(e["cell"]) ?? Join((e["cells"] as JsonArray)?.Select(c => Str(c) ?? "").ToList()),
                    WantsMessage(type, note) ? Str(e["message"]) ?? "" : note!));
            }).ToList();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (o["errorCounts"] is JsonObject ec)
            foreach (var (k, v) in ec) counts[k] = Long(v) ?? 0;
        foreach (var (type, _) in all)
            if (!counts.ContainsKey(type)) counts[type] = all.Count(x => x.Type == type);
        return new ReportView
        {
            Valid = o["valid"]?.GetValueKind() == JsonValueKind.True,
            ErrorCount = Long((o["stats"] as JsonObject)?["errors"]) ?? all.Count,
            Rows = tasks.OfType<JsonObject>().Sum(t => Long((t["stats"] as JsonObject)?["rows"]) ?? 0),
            Fields = (int)(Long(stats?["fields"]) ?? 0), Bytes = Long(stats?["bytes"]),
            Seconds = (o["stats"] as JsonObject)?["seconds"] is JsonValue s && s.TryGetValue<double>(out var secs) ? secs : 0,
            Format = Str(sourceInfo?["format"]), Encoding = Str(sourceInfo?["encoding"]),
            SchemaInferred = sourceInfo?["schemaInferred"]?.GetValueKind() == JsonValueKind.True,
            Source = source, Schema = schema, NotesLang = storedLang,
            Warnings = tasks.OfType<JsonObject>().SelectMany(t => t["warnings"] as JsonArray ?? []).Select(w => Str(w) ?? "").Where(w => w.Length > 0).ToList(),
            Groups = Group(all, counts, lang),
        };
    }

    private static List<ErrorGroup> Group(IEnumerable<(string Type, ErrorItem Item)> errors, SortedDictionary<string, long> counts, string lang)
    {
        var byType = new Dictionary<string, List<ErrorItem>>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        foreach (var (type, item) in errors)
        {
            if (!byType.TryGetValue(type, out var list)) { byType[type] = list = []; firstSeen.Add(type); }
            if (list.Count < ShownPerGroup) list.Add(item);
        }
        // Codes counted but none listed (past the report's limit) still get their group, after the others.
        foreach (var type in counts.Keys)
            if (!byType.ContainsKey(type)) { byType[type] = []; firstSeen.Add(type); }
        return firstSeen
            .Select((type, seen) => (type, seen, rank: Array.IndexOf(StructureOrder, type)))
            .OrderBy(x => x.rank < 0 ? 1 : 0).ThenBy(x => x.rank).ThenBy(x => x.seen)
            .Select(x => new ErrorGroup(x.type, Messages.Get($"error.{x.type}.title", lang), x.rank >= 0,
                Math.Max(counts.GetValueOrDefault(x.type), byType[x.type].Count), byType[x.type]))
            .ToList();
    }

    /// <summary>The note says why; errors whose note is empty or means little without the row (header, row shape, the
    /// file) show their whole message instead.</summary>
    private static string Detail(ValidationError e, string lang)
    {
        var note = Messages.Note(e, lang);
        return WantsMessage(e.Type, note) ? Messages.Message(e, lang) : note;
    }

    private static bool WantsMessage(string type, string? note) =>
        string.IsNullOrWhiteSpace(note) || Array.IndexOf(StructureOrder, type) >= 0;

    /// <summary>Errors about a cell or a label that is not there: they have no value to show.</summary>
    private static bool Absent(string type) => type is "missing-cell" or "missing-label";

    /// <summary>A row's cells, for row errors (a blank row has none worth showing).</summary>
    private static string? Join(IReadOnlyList<string>? cells) =>
        cells is null || cells.All(string.IsNullOrWhiteSpace) ? null : string.Join(" | ", cells);

    private static string? Str(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static long? Long(JsonNode? n) => n is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : n is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : null;
}
