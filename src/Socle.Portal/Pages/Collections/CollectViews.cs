using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// What the register's pages share: their addresses (and their API twins), and how a record's values, stages and
/// sources read — field titles from the schema, labels from the definition, numbers and dates in the reader's way.
/// </summary>
internal static partial class CollectViews
{
    public static string Base(string slug) => "/collections/" + Uri.EscapeDataString(slug) + "/";
    public static string Api(string slug) => "/api/1/collections/" + Uri.EscapeDataString(slug) + "/";
    public static string RecordUrl(string slug, long number) => Base(slug) + "records/" + number.ToString(CultureInfo.InvariantCulture) + "/";
    public static string RecordApi(string slug, long number) => Api(slug) + "records/" + number.ToString(CultureInfo.InvariantCulture) + "/";

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static Field? FieldOf(TableSchema schema, string? name)
    {
        if (name is null) return null;
        var i = schema.IndexOf(name);
        return i < 0 ? null : schema.Fields[i];
    }

    public static string Title(TableSchema schema, string name) => FieldOf(schema, name)?.Title is { Length: > 0 } t ? t : name;

    /// <summary>
    /// A value as a reader reads it: yes/no, a date in words, a number with the language's separators, a code of a list
    /// by its label when the portal has one (<c>portal.collect.value.{field}.{code}</c>), else as it is.
    /// </summary>
    public static string Value(PortalContext p, Field? field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        switch (field?.Type)
        {
            case "boolean":
                return value == "true" ? p.T("portal.collect.yes") : value == "false" ? p.T("portal.collect.no") : value;
            case "date" when ParseDate(value) is { } d:
                return p.Date(d);
            case "number" or "integer" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n):
                return p.Number(n, 6);
        }
        if (field is not null)
        {
            var key = $"portal.collect.value.{field.Name}.{value}";
            if (Messages.Has(key)) return p.T(key);
        }
        return value;
    }

    public static string Value(PortalContext p, CollectionDefinition def, string field, string? value) => Value(p, FieldOf(def.Schema, field), value);

    public static string Category(PortalContext p, CollectionDefinition def, string? value) =>
        string.IsNullOrEmpty(value) ? p.T("portal.collect.category.none") : Value(p, FieldOf(def.Schema, def.Dimensions.Category), value);

    public static string Stage(PortalContext p, CollectionDefinition def, string? stage) =>
        stage is null ? p.T("portal.collect.stage.none") : def.Stage(stage)?.Label.In(p.Lang) ?? stage;

    /// <summary>The stage's colour (only a hexadecimal colour from the definition: it goes into a style attribute).</summary>
    public static string Color(CollectionDefinition def, string? stage) =>
        def.Stage(stage)?.Color is { } c && HexColor().IsMatch(c) ? c : "#929292";

    public static string Source(PortalContext p, CollectionDefinition def, string? source) =>
        source == Consolidation.Arbitration ? p.T("portal.collect.source.arbitrage")
        : def.Sources.FirstOrDefault(s => s.Id == source)?.Label.In(p.Lang) ?? source ?? "";

    public static string Event(PortalContext p, CollectionDefinition def, string type) => def.Event(type)?.Label.In(p.Lang) ?? type;

    /// <summary>Number formatted for a power or a count in a table.</summary>
    public static string Power(PortalContext p, double? power) => power is { } v ? p.Number(v, 1) : "";

    /// <summary>
    /// The field that names what a code field codes, when the schema has one beside it ("code_region" → "region",
    /// "code_insee_commune" → "commune"): listings show the name with the code.
    /// </summary>
    public static string? NameField(TableSchema schema, string? codeField)
    {
        if (codeField is null) return null;
        var name = codeField.StartsWith("code_insee_", StringComparison.Ordinal) ? codeField[11..]
            : codeField.StartsWith("code_", StringComparison.Ordinal) ? codeField[5..] : null;
        return name is not null && schema.IndexOf(name) >= 0 ? name : null;
    }

    /// <summary>A code with its name from the values when there is one: "Narbonne (11262)".</summary>
    public static string Coded(TableSchema schema, string? codeField, IReadOnlyDictionary<string, string> values)
    {
        var code = codeField is not null && values.TryGetValue(codeField, out var c) ? c : null;
        var name = NameField(schema, codeField) is { } n && values.TryGetValue(n, out var v) ? v : null;
        return (name, code) switch
        {
            (null, null) => "",
            (null, _) => code!,
            (_, null) => name!,
            _ => $"{name} ({code})",
        };
    }

    /// <summary>The stages, as the maps' script reads them: id → {label, color}.</summary>
    public static string StagesJson(PortalContext p, CollectionDefinition def) => JsonSerializer.Serialize(
        def.Stages.ToDictionary(s => s.Id, s => new { label = s.Label.In(p.Lang), color = Color(def, s.Id) }));

    /// <summary>The categories' labels, for the maps' popups.</summary>
    public static string CategoriesJson(PortalContext p, CollectionDefinition def)
    {
        var field = FieldOf(def.Schema, def.Dimensions.Category);
        var values = field?.Constraints.Enum is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray().Select(v => v.ToString()).ToList() : [];
        return JsonSerializer.Serialize(values.ToDictionary(v => v, v => Value(p, field, v)));
    }

    /// <summary>The values a field's list allows (enum), in order; empty when it has none.</summary>
    public static IReadOnlyList<string> Allowed(Field? field) =>
        field?.Constraints.Enum is { ValueKind: JsonValueKind.Array } e ? [.. e.EnumerateArray().Select(v => v.ToString())] : [];

    /// <summary>
    /// A refusal of the collection services, field by field, on the form's inputs (<paramref name="inputs"/>: input name →
    /// label): their own messages get the label in place of the API's property path, the validator's notes are said of
    /// the field; the rest goes on top.
    /// </summary>
    public static void AddErrors(FormErrors errors, CatalogException e, PortalContext p, IReadOnlyDictionary<string, string> inputs,
        Func<string, string>? rename = null)
    {
        if (e.Errors.Count == 0)
        {
            errors.General.Add(e.Title(p.Lang));
            return;
        }
        foreach (var f in e.Errors)
        {
            var field = rename?.Invoke(f.Field) ?? f.Field;
            var name = inputs.ContainsKey(field) ? field : inputs.Keys.FirstOrDefault(k => k.StartsWith(field + ".", StringComparison.Ordinal));
            var label = name is null ? f.Field : inputs[name];
            string message;
            if (f.MessageKey.StartsWith("collect.error.", StringComparison.Ordinal) || f.MessageKey.StartsWith("catalog.error.", StringComparison.Ordinal))
            {
                var args = f.Args.ToArray();
                if (args.Length > 0) args[0] = label;
                message = Messages.Format(f.MessageKey, p.Lang, args);
            }
            else if (f.MessageKey == "note.constraint" && f.Args is ["required", ..])
                message = p.T("portal.collect.form.required", label);
            else
                message = p.T("portal.collect.form.invalid", label, Messages.Format(f.MessageKey, p.Lang, f.Args));
            if (name is null) errors.General.Add(message);
            else errors.Add(name, message);
        }
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{3,8}$")]
    private static partial Regex HexColor();
}
