using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Collect.Imports;

/// <summary>
/// One column of a crosswalk: where a schema field's value comes from in a source file and how it is converted.
/// </summary>
/// <param name="From">The file's column (matched trimmed, ignoring case); null for a constant.</param>
/// <param name="To">The schema field it fills.</param>
/// <param name="Value">A constant written on every row, when there is no <paramref name="From"/>.</param>
/// <param name="Map">Code → value (codes compared trimmed, ignoring case); values not listed pass through unchanged,
/// so the validator reports them against the field's vocabulary.</param>
/// <param name="SkipUnmapped">When true (<c>"unmapped": "skip"</c>), a code the map does not list gives no value, so the
/// next column for the same field gives it.</param>
/// <param name="Unit">A unit conversion, e.g. "MW->kW" (see <see cref="CellConversions.KnownUnitConversions"/>).</param>
/// <param name="DateFormats">.NET exact date formats the file writes dates in, e.g. "dd/MM/yyyy"; ISO 8601 is always read.</param>
/// <param name="Optional">A file without the column is accepted (the field stays empty).</param>
public sealed record CrosswalkColumn(string? From, string To, string? Value = null, IReadOnlyDictionary<string, string>? Map = null,
    bool SkipUnmapped = false, string? Unit = null, IReadOnlyList<string>? DateFormats = null, bool Optional = false);

/// <summary>
/// How a source file's columns map to a collection schema's fields (renaming, code lists, unit conversions, date
/// formats, constants), stored as JSON and reused from one import to the next:
/// <code>
/// {"id": "odre-registre", "title": {"fr": "…", "en": "…"}, "source": "odre", "decimal": ",",
///  "columns": [{"from": "puisMaxInstallee", "to": "puissance_max_installee_kw", "unit": "MW->kW"},
///              {"from": "codeFiliere", "to": "filiere", "map": {"EOLIE": "eolien"}, "unmapped": "keep"},
///              {"from": "dateMiseEnservice", "to": "date_mise_en_service", "date_format": ["dd/MM/yyyy"]},
///              {"from": "commentaire", "to": "commentaire", "optional": true},
///              {"to": "filiere", "value": "eolien"}]}
/// </code>
/// Several columns may fill one field: the first that gives a non-empty value wins (a constant after them is a default).
/// <see cref="Apply"/> turns a file into the normalized CSV that <c>Socle.Validation</c> then validates.
/// </summary>
public sealed partial class Crosswalk
{
    static Crosswalk() => Messages.Register(typeof(Crosswalk).Assembly);

    /// <summary>Problem code (<c>catalog.problem.*</c>) of a crosswalk that is not well formed or does not fit its schema.</summary>
    public const string DefinitionProblem = "collect-crosswalk-definition";

    /// <summary>Problem code (<c>catalog.problem.*</c>) of a file the crosswalk cannot read (missing columns, unreadable file).</summary>
    public const string FileProblem = "collect-crosswalk";

    public required string Id { get; init; }
    public required Label Title { get; init; }
    public Label? Description { get; init; }
    /// <summary>The collection source the imported values are attributed to (e.g. "odre"), when the crosswalk says so.</summary>
    public string? Source { get; init; }
    /// <summary>The decimal mark of the file's numbers, when it is known; null reads both '.' and ','.</summary>
    public char? Decimal { get; init; }
    public required IReadOnlyList<CrosswalkColumn> Columns { get; init; }
    /// <summary>The JSON it was read from.</summary>
    public required JsonElement Json { get; init; }

    /// <summary>
    /// Reads a crosswalk; a malformed one (no id, no columns, a column without "to" or without "from"/"value", an unknown
    /// unit conversion, an unusable date format, a map that is not an object…) is refused with every reason at once:
    /// <see cref="CatalogException"/> (<see cref="Problem.Invalid"/>, <see cref="DefinitionProblem"/>).
    /// </summary>
    public static Crosswalk Parse(JsonElement json)
    {
        var errors = new List<FieldError>();
        var crosswalk = Read(json, errors);
        if (errors.Count > 0 || crosswalk is null) throw new CatalogException(Problem.Invalid, DefinitionProblem, errors);
        return crosswalk;
    }

    /// <inheritdoc cref="Parse(JsonElement)"/>
    public static Crosswalk Parse(JsonNode json) => Parse(JsonSerializer.SerializeToElement(json));

    /// <inheritdoc cref="Parse(JsonElement)"/>
    public static Crosswalk Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new CatalogException(Problem.Invalid, DefinitionProblem,
                [Error("crosswalk", "not-json", $"{e.LineNumber + 1}:{e.BytePositionInLine + 1}")]);
        }
    }

    /// <summary>Reads a crosswalk and checks it against the schema it fills (<see cref="Check"/>): refused as one.</summary>
    public static Crosswalk Parse(JsonElement json, TableSchema schema)
    {
        var errors = new List<FieldError>();
        var crosswalk = Read(json, errors);
        if (crosswalk is not null) errors.AddRange(crosswalk.Check(schema));
        if (errors.Count > 0 || crosswalk is null) throw new CatalogException(Problem.Invalid, DefinitionProblem, errors);
        return crosswalk;
    }

    /// <summary>The crosswalks of a definition document (its <c>"crosswalks"</c> array), each checked against the schema when given.</summary>
    public static IReadOnlyList<Crosswalk> ParseAll(JsonElement definition, TableSchema? schema = null)
    {
        if (definition.ValueKind != JsonValueKind.Object || !definition.TryGetProperty("crosswalks", out var items)
            || items.ValueKind != JsonValueKind.Array) return [];
        var list = new List<Crosswalk>();
        foreach (var item in items.EnumerateArray()) list.Add(schema is null ? Parse(item) : Parse(item, schema));
        return list;
    }

    /// <summary>The crosswalks shipped with a template of <c>Resources/templates/</c> (e.g. "installations-enr"), checked against its schema.</summary>
    public static IReadOnlyList<Crosswalk> OfTemplate(string templateId)
    {
        using var doc = TemplateDocument(templateId);
        var schema = SchemaReader.Read(doc.RootElement.GetProperty("schema"));
        return ParseAll(doc.RootElement, schema);
    }

    /// <summary>An embedded template's JSON.</summary>
    internal static JsonDocument TemplateDocument(string templateId)
    {
        using var stream = typeof(Crosswalk).Assembly.GetManifestResourceStream($"Socle.Collect.Resources.templates.{templateId}.json")
            ?? throw new ArgumentException($"No embedded template '{templateId}'.", nameof(templateId));
        return JsonDocument.Parse(stream);
    }

    /// <summary>
    /// What in this crosswalk does not fit a schema: a target field the schema lacks, a unit conversion on a field that
    /// is not numeric, a date format on a field that is not a date, a mapped or constant value that is not of the
    /// field's type or outside its vocabulary. Empty when it fits.
    /// </summary>
    public IReadOnlyList<FieldError> Check(TableSchema schema)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < Columns.Count; i++)
        {
            var c = Columns[i];
            var path = $"columns[{i}]";
            var index = schema.IndexOf(c.To);
            if (index < 0)
            {
                errors.Add(Error($"{path}.to", "unknown-field", c.To, string.Join(", ", schema.Fields.Select(f => f.Name))));
                continue;
            }
            var field = schema.Fields[index];
            if (c.Unit is not null && !IsPlainNumber(field))
                errors.Add(Error($"{path}.unit", "unit-not-number", c.To, field.Type));
            if (c.DateFormats is not null && !IsPlainDate(field))
                errors.Add(Error($"{path}.date_format", "date-format-not-date", c.To, field.Type));
            // Constants and mapped values are written as they are: they must be values of the field's type.
            var reader = Socle.Validation.Types.CellReaders.Create(field);
            if (c.Value is { Length: > 0 } constant && !reader.TryRead(constant, out _))
                errors.Add(Error($"{path}.value", "bad-value", c.To, constant, field.Type));
            if (c.Map is not null)
                foreach (var (code, mapped) in c.Map)
                    if (mapped.Length > 0 && !reader.TryRead(mapped, out _))
                        errors.Add(Error($"{path}.map.{code}", "bad-value", c.To, mapped, field.Type));
            if (AllowedTexts(field) is { } allowed)
            {
                var shown = string.Join(", ", allowed.Select(a => "« " + a + " »"));
                if (c.Value is { Length: > 0 } v && !allowed.Contains(v))
                    errors.Add(Error($"{path}.value", "not-allowed", c.To, v, shown));
                if (c.Map is not null)
                    foreach (var (code, mapped) in c.Map)
                        if (mapped.Length > 0 && !allowed.Contains(mapped))
                            errors.Add(Error($"{path}.map.{code}", "not-allowed", c.To, mapped, shown));
            }
        }
        return errors;
    }

    /// <summary>Numbers the crosswalk may rewrite: plain number and integer fields ('.' decimals, no group character).</summary>
    internal static bool IsPlainNumber(Field f) =>
        f.Type is "number" or "integer" && f.DecimalChar == "." && f.GroupChar.Length == 0 && f.BareNumber;

    /// <summary>Dates the crosswalk may rewrite: date and datetime fields in their default (ISO 8601) format.</summary>
    internal static bool IsPlainDate(Field f) => f.Type is "date" or "datetime" && f.Format is "default" or "any";

    /// <summary>The vocabulary of a string field (its enum), or null.</summary>
    private static HashSet<string>? AllowedTexts(Field f)
    {
        if (f.Type != "string" || f.Constraints.Enum is not { ValueKind: JsonValueKind.Array } values) return null;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values.EnumerateArray())
            if (v.ValueKind == JsonValueKind.String) set.Add(v.GetString()!);
        return set;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex IdPattern();

    private static Crosswalk? Read(JsonElement json, List<FieldError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object) { errors.Add(Error("crosswalk", "not-object")); return null; }
        var id = Text(json, "id", "id", errors);
        if (string.IsNullOrEmpty(id)) errors.Add(Error("id", "no-id"));
        else if (!IdPattern().IsMatch(id)) errors.Add(Error("id", "bad-id", id));

        char? decimalMark = null;
        if (Text(json, "decimal", "decimal", errors) is { } d)
        {
            if (d is "." or ",") decimalMark = d[0];
            else errors.Add(Error("decimal", "bad-decimal", d));
        }

        var columns = new List<CrosswalkColumn>();
        if (!json.TryGetProperty("columns", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            errors.Add(Error("columns", "no-columns"));
        else
        {
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (ReadColumn(item, $"columns[{i}]", errors) is { } column) columns.Add(column);
                i++;
            }
        }

        return new Crosswalk
        {
            Id = id ?? "",
            Title = Label.Read(Prop(json, "title"), id ?? ""),
            Description = Prop(json, "description") is { } desc ? Label.Read(desc, "") : null,
            Source = Text(json, "source", "source", errors),
            Decimal = decimalMark,
            Columns = columns,
            Json = json.Clone(),
        };
    }

    private static CrosswalkColumn? ReadColumn(JsonElement item, string path, List<FieldError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object) { errors.Add(Error(path, "column-not-object")); return null; }
        var before = errors.Count;
        var from = Text(item, "from", $"{path}.from", errors)?.Trim();
        var to = Text(item, "to", $"{path}.to", errors)?.Trim();
        var value = Prop(item, "value") is { } v ? CanonicalText(v) : null;
        if (string.IsNullOrEmpty(to)) errors.Add(Error($"{path}.to", "no-target"));
        if (string.IsNullOrEmpty(from) && value is null) errors.Add(Error(path, "no-source"));
        if (!string.IsNullOrEmpty(from) && value is not null) errors.Add(Error(path, "from-and-value"));

        string? unit = null;
        if (Text(item, "unit", $"{path}.unit", errors) is { } u)
        {
            if (CellConversions.TryParseUnit(u, out _, out var canonical)) unit = canonical;
            else errors.Add(Error($"{path}.unit", "bad-unit", u, string.Join(", ", CellConversions.KnownUnitConversions)));
        }

        List<string>? formats = null;
        if (Prop(item, "date_format") is { } df)
        {
            formats = [];
            var list = df.ValueKind == JsonValueKind.Array ? df.EnumerateArray().ToList() : [df];
            foreach (var f in list)
            {
                if (f.ValueKind != JsonValueKind.String) { errors.Add(Error($"{path}.date_format", "not-text")); continue; }
                var format = f.GetString()!;
                if (CellConversions.IsUsableDateFormat(format)) formats.Add(format);
                else errors.Add(Error($"{path}.date_format", "bad-date-format", format));
            }
            if (formats.Count == 0 && list.Count == 0) errors.Add(Error($"{path}.date_format", "bad-date-format", ""));
        }

        Dictionary<string, string>? map = null;
        if (Prop(item, "map") is { } m)
        {
            if (m.ValueKind != JsonValueKind.Object) errors.Add(Error($"{path}.map", "bad-map"));
            else
            {
                map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in m.EnumerateObject())
                {
                    var code = p.Name.Trim();
                    if (CanonicalText(p.Value) is not { } mapped) { errors.Add(Error($"{path}.map.{p.Name}", "bad-map")); continue; }
                    if (!map.TryAdd(code, mapped)) errors.Add(Error($"{path}.map.{p.Name}", "map-duplicate", p.Name));
                }
            }
        }

        var skip = false;
        if (Text(item, "unmapped", $"{path}.unmapped", errors) is { } unmapped)
        {
            if (unmapped is "skip") skip = true;
            else if (unmapped is not "keep") errors.Add(Error($"{path}.unmapped", "bad-unmapped", unmapped));
        }

        var optional = false;
        if (Prop(item, "optional") is { } o)
        {
            if (o.ValueKind is JsonValueKind.True or JsonValueKind.False) optional = o.GetBoolean();
            else errors.Add(Error($"{path}.optional", "not-boolean"));
        }

        if (errors.Count > before) return null;
        return new CrosswalkColumn(string.IsNullOrEmpty(from) ? null : from, to!, value, map, skip, unit, formats, optional);
    }

    /// <summary>A JSON scalar as the Table Schema text of it: strings as they are, numbers invariant, booleans "true"/"false".</summary>
    private static string? CanonicalText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string? Text(JsonElement e, string name, string path, List<FieldError> errors)
    {
        if (Prop(e, name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        errors.Add(Error(path, "not-text"));
        return null;
    }

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>An error of a crosswalk or of a file read through one: template <c>collect.crosswalk.{code}</c>, the place as {0}.</summary>
    internal static FieldError Error(string field, string code, params object?[] args) =>
        new(field, code, $"collect.crosswalk.{code}", [field, .. args]);
}
