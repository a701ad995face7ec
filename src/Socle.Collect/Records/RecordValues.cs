using System.Globalization;
using System.Text;
using System.Text.Json;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Validation;
using Socle.Validation.Schema;

namespace Socle.Collect.Records;

/// <summary>
/// A record's values: field → canonical Table Schema text (ISO dates, '.' decimals without trailing zeros, "true"/"false"),
/// empty values absent. Stored as one JSON object of strings, fields in schema order.
/// </summary>
public static class RecordValues
{
    public static Dictionary<string, string> Parse(string json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s) values[p.Name] = s;
        return values;
    }

    public static string Write(IReadOnlyDictionary<string, string> values, TableSchema schema)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var f in schema.Fields)
                if (values.TryGetValue(f.Name, out var v) && v.Length > 0) w.WriteString(f.Name, v);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A JSON array of names (the fields a revision changed).</summary>
    public static string WriteList(IEnumerable<string> names)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var n in names) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The fingerprint of stored values (<see cref="Model.SourceValues.Hash"/>).</summary>
    public static long Hash(string json) => unchecked((long)System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(json)));

    /// <summary>Values given as JSON (strings, numbers, booleans, null) → text, with field errors for unknown fields.</summary>
    public static Dictionary<string, string?> FromJson(JsonElement values, TableSchema schema, List<FieldError> errors, string prefix = "values")
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (values.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(prefix, "collect-values-not-object"));
            return result;
        }
        foreach (var p in values.EnumerateObject())
        {
            if (schema.IndexOf(p.Name) < 0) { errors.Add(Error($"{prefix}.{p.Name}", "collect-unknown-field", p.Name)); continue; }
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString()!.Trim(),
                JsonValueKind.Number => p.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => p.Value.GetRawText(),
            };
        }
        return result;
    }

    /// <summary>
    /// Checks one record's values with Socle.Validation (the same verdicts as a file import: types, formats, enums,
    /// required fields, ranges) and returns them in canonical form. Errors name the field; nothing is returned then.
    /// </summary>
    public static Dictionary<string, string>? Check(IReadOnlyDictionary<string, string?> values, TableSchema schema, List<FieldError> errors, string prefix = "values")
    {
        if (schema.Fields.Count == 0) return []; // an event type without fields: nothing to check
        var path = Path.Combine(Path.GetTempPath(), $"socle-record-{Guid.NewGuid():N}.csv");
        try
        {
            using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                w.Write(string.Join(',', schema.Fields.Select(f => Quote(f.Name))));
                w.Write('\n');
                w.Write(string.Join(',', schema.Fields.Select(f => Quote(values.GetValueOrDefault(f.Name) ?? ""))));
                w.Write('\n');
            }
            var report = Validator.ValidateTable(path, schema, new ValidationOptions { Format = "csv", Delimiter = ',', Header = true });
            var before = errors.Count;
            foreach (var e in report.Tasks.SelectMany(t => t.Errors))
            {
                // No value at all (an event without fields) is a blank line to the validator, not an error here; its
                // required fields are still required.
                if (e.Type == "blank-row")
                {
                    foreach (var f in schema.Fields.Where(f => f.Constraints.Required)) errors.Add(Error($"{prefix}.{f.Name}", "collect-required"));
                    continue;
                }
                errors.Add(new FieldError(e.FieldName is null ? prefix : $"{prefix}.{e.FieldName}", e.Type,
                    e.NoteKey ?? $"error.{e.Type}.title", [.. e.NoteArgs]));
            }
            if (errors.Count > before) return null;
        }
        finally
        {
            File.Delete(path);
        }
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in schema.Fields)
            if (values.GetValueOrDefault(f.Name) is { Length: > 0 } v && !schema.MissingValues.Contains(v))
                canonical[f.Name] = Canonical(f, v);
        return canonical;
    }

    /// <summary>One spelling per value, so that two sources giving 1500 and 1500.0 agree.</summary>
    public static string Canonical(Field field, string value)
    {
        switch (field.Type)
        {
            case "number" or "integer" when field.DecimalChar == "." && field.GroupChar == "" && field.BareNumber
                && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                return d.ToString("0.############################", CultureInfo.InvariantCulture);
            case "boolean":
                return field.TrueValues.Contains(value) ? "true" : field.FalseValues.Contains(value) ? "false" : value;
            default:
                return value;
        }
    }

    public static double? Number(IReadOnlyDictionary<string, string> values, string? field) =>
        field is not null && values.TryGetValue(field, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static string? Text(IReadOnlyDictionary<string, string> values, string? field) =>
        field is not null && values.TryGetValue(field, out var v) ? v : null;

    /// <summary>The name-and-commune matching key: "parc eolien des cretes|11069".</summary>
    public static string? NameKey(IReadOnlyDictionary<string, string> values, IdentityRules identity) =>
        Text(values, identity.Name) is { } name && Text(values, identity.Commune) is { } commune
            ? TextFolding.Fold(name) + "|" + commune : null;

    /// <summary>Fields whose values differ between two states (absent and empty are the same).</summary>
    public static List<string> ChangedFields(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, TableSchema schema)
    {
        var changed = new List<string>();
        foreach (var f in schema.Fields)
            if (before.GetValueOrDefault(f.Name) != after.GetValueOrDefault(f.Name)) changed.Add(f.Name);
        return changed;
    }

    /// <summary>Not found, said of what: <c>catalog.problem.collect-not-found-{kind}</c> ("Fiche n° 12 introuvable").</summary>
    internal static CatalogException NotFound(string kind, string id) => new(Problem.NotFound, $"collect-not-found-{kind}", null, id);

    internal static FieldError Error(string field, string code, params object?[] args) =>
        new(field, code, $"collect.error.{code}", [field, .. args]);

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
