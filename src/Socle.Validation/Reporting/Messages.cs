using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Socle.Validation.Reporting;

/// <summary>
/// User-facing texts, French first and English second, read from the embedded <c>Resources/messages/*.{lang}.json</c>
/// files (flat objects: key → template). Templates name error properties in braces (<c>{rowNumber}</c>,
/// <c>{fieldName}</c>, <c>{cell}</c>, <c>{note}</c>, ...) and note arguments by position (<c>{0}</c>, <c>{1}</c>).
/// A key missing in one language falls back to the other, then to the key itself, so a gap shows and never throws.
/// </summary>
public static class Messages
{
    public const string French = "fr";
    public const string English = "en";

    private static volatile FrozenDictionary<string, FrozenDictionary<string, string>> Tables = Load([typeof(Messages).Assembly]);
    private static readonly List<Assembly> Assemblies = [typeof(Messages).Assembly];

    /// <summary>Adds the message files embedded in another assembly (the CLI's, the web host's).</summary>
    public static void Register(Assembly assembly)
    {
        lock (Assemblies)
        {
            if (Assemblies.Contains(assembly)) return;
            Assemblies.Add(assembly);
            Tables = Load(Assemblies);
        }
    }

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load(IEnumerable<Assembly> assemblies)
    {
        var byLang = new Dictionary<string, Dictionary<string, string>>
        {
            [French] = new(StringComparer.Ordinal), [English] = new(StringComparer.Ordinal),
        };
        foreach (var asm in assemblies)
        foreach (var name in asm.GetManifestResourceNames())
        {
            // e.g. Socle.Validation.Resources.messages.core.fr.json
            if (!name.Contains("Resources.messages.", StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)) continue;
            var parts = name.Split('.');
            var lang = parts[^2];
            if (!byLang.TryGetValue(lang, out var table)) continue;
            using var stream = asm.GetManifestResourceStream(name)!;
            using var doc = JsonDocument.Parse(stream);
            foreach (var p in doc.RootElement.EnumerateObject())
                table[p.Name] = p.Value.GetString() ?? "";
        }
        return byLang.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>"fr" unless the language asked for is English ("en", "en-GB", ...).</summary>
    public static string Normalize(string? lang) =>
        lang is not null && lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : French;

    /// <summary>The template for a key in a language.</summary>
    public static string Get(string key, string lang)
    {
        lang = Normalize(lang);
        if (Tables[lang].TryGetValue(key, out var s)) return s;
        var other = lang == French ? English : French;
        return Tables[other].TryGetValue(key, out s) ? s : key;
    }

    /// <summary>A template with positional arguments {0}, {1}, ... filled in.</summary>
    public static string Format(string key, string lang, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(key, lang), args);

    public static bool Has(string key) => Tables[French].ContainsKey(key) || Tables[English].ContainsKey(key);

    /// <summary>The error's title, e.g. "Erreur de type" / "Type Error".</summary>
    public static string Title(ValidationError e, string lang) => Get($"error.{e.Type}.title", lang);

    /// <summary>The note: why the cell or row is wrong and what was expected.</summary>
    public static string Note(ValidationError e, string lang) =>
        e.NoteKey is null ? "" : string.Format(CultureInfo.InvariantCulture, Get(e.NoteKey, lang), e.NoteArgs);

    /// <summary>The full message of an error, with its row, field, cell and note.</summary>
    public static string Message(ValidationError e, string lang)
    {
        var template = Get($"error.{e.Type}.message", lang);
        var note = Note(e, lang);
        var sb = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '{') { sb.Append(c); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) { sb.Append(template, i, template.Length - i); break; }
            var name = template.AsSpan(i + 1, end - i - 1);
            sb.Append(name switch
            {
                "rowNumber" => e.RowNumber?.ToString(CultureInfo.InvariantCulture),
                "fieldNumber" => e.FieldNumber?.ToString(CultureInfo.InvariantCulture),
                "fieldName" => e.FieldName,
                "cell" => e.Cell,
                "label" => e.Label,
                "note" => note,
                "cells" => e.Cells is null ? null : string.Join(", ", e.Cells),
                "fieldNames" => e.FieldNames is null ? null : string.Join(", ", e.FieldNames),
                "fieldCells" => e.FieldCells is null ? null : string.Join(", ", e.FieldCells),
                "referenceName" => e.ReferenceName,
                _ => template.Substring(i, end - i + 1),
            });
            i = end;
        }
        return sb.ToString();
    }
}
