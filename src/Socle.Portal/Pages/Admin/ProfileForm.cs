using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Profiles;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin;

/// <summary>A group of inputs of a form generated from a profile (a fieldset with its title).</summary>
internal sealed record FormSection(string Key, string Title, IReadOnlyList<InputView> Inputs);

/// <summary>What the <c>_ProfileForm</c> partial draws: the sections, the errors, the version the form was read at.</summary>
internal sealed record ProfileFormView(IReadOnlyList<FormSection> Sections, FormErrors Errors, int? Version, string Submit, string? Cancel);

/// <summary>
/// The inputs of a metadata profile's fields, shared by the forms generated from a profile: a dataset's extras, an
/// algorithm register entry's fields. Each input is named <c>prefix + key</c> (the prefix is the API property that
/// holds them, "extras." or "fields."), drawn from its type, and what is posted becomes that property's JSON object.
/// </summary>
internal static class ProfileInputs
{
    public static IEnumerable<string> Names(MetadataProfile profile, string prefix) => profile.Fields.Select(f => prefix + f.Key);

    /// <summary>Fills <paramref name="values"/> (input name → texts) with a stored object's fields.</summary>
    public static void Fill(Dictionary<string, string[]> values, JsonObject stored, MetadataProfile profile, string prefix)
    {
        foreach (var field in profile.Fields)
        {
            if (!stored.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            List<JsonNode?> items = node is JsonArray a ? [.. a] : [node];
            values[prefix + field.Key] = items.Where(n => n is not null).Select(n => Text(n!)).ToArray();
        }
    }

    private static string Text(JsonNode n) => n.GetValueKind() switch
    {
        JsonValueKind.String => n.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => n.ToJsonString(),
    };

    /// <summary>
    /// The fields' JSON object, sent whole (the catalogue replaces it whole): blank inputs are left out, a multiple
    /// field is an array. Values stay texts; the catalogue's profile check reads and normalises them.
    /// </summary>
    public static JsonObject Body(IReadOnlyDictionary<string, string[]> values, MetadataProfile profile, string prefix)
    {
        var result = new JsonObject();
        foreach (var field in profile.Fields)
        {
            if (!values.TryGetValue(prefix + field.Key, out var raw)) continue;
            // A multiple text field is one value per line; a checkbox group posts one value per box.
            var items = (Kind(field) == InputKind.Lines ? raw.SelectMany(v => v.Split('\n')) : raw)
                .Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (items.Count == 0) continue;
            result[field.Key] = field.Multiple
                ? new JsonArray([.. items.Select(v => (JsonNode?)JsonValue.Create(v))])
                : JsonValue.Create(items[0]);
        }
        return result;
    }

    public static InputKind Kind(ProfileField f) => f.Type switch
    {
        ProfileFieldType.Vocabulary => f.Multiple ? InputKind.Checkboxes : InputKind.Select,
        ProfileFieldType.Text => InputKind.Textarea,
        ProfileFieldType.Boolean => InputKind.Boolean,
        ProfileFieldType.Date => InputKind.Date,
        _ when f.Multiple => InputKind.Lines,
        ProfileFieldType.Integer => InputKind.Integer,
        ProfileFieldType.Number => InputKind.Decimal,
        ProfileFieldType.Url => InputKind.Url,
        ProfileFieldType.Email => InputKind.Email,
        _ => InputKind.Text,
    };

    /// <summary>
    /// The profile's fields as form sections, in the profile's order (fields without a known section last, under
    /// <paramref name="otherTitle"/>). <paramref name="make"/> builds an input (name, label, kind, hint) and records it.
    /// </summary>
    public static IEnumerable<FormSection> Sections(MetadataProfile profile, string prefix, string otherTitle, PortalContext p,
        Func<string, string, InputKind, string?, InputView> make)
    {
        var lang = p.Lang;
        var known = profile.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var groups = profile.Sections.Select(s => (s.Key, Title: s.Label.Get(lang), Fields: profile.Fields.Where(f => f.Section == s.Key).ToList()))
            .Append(("other", otherTitle, profile.Fields.Where(f => f.Section is null || !known.Contains(f.Section)).ToList()));
        foreach (var (key, title, fields) in groups)
        {
            if (fields.Count == 0) continue;
            var inputs = fields.Select(f =>
            {
                var kind = Kind(f);
                var help = f.Help?.Get(lang);
                if (kind == InputKind.Lines) help = help is { Length: > 0 } ? $"{help} {p.T("portal.admin.one-per-line")}" : p.T("portal.admin.one-per-line");
                var options = f.Vocabulary is { } v && profile.Vocabulary(v) is { } voc ? voc.Concepts.Select(c => Option(c, lang)).ToList() : [];
                return make(prefix + f.Key, f.Label.Get(lang), kind, help is { Length: > 0 } ? help : null) with
                {
                    Required = f.Required, Options = options, Placeholder = kind == InputKind.Select ? p.T("portal.admin.choose") : null,
                };
            }).ToList();
            yield return new FormSection("profile-" + key, title, inputs);
        }
    }

    /// <summary>A concept as a choice: its label in the page's language; the other label and synonyms also match the filter.</summary>
    public static OptionView Option(Concept c, string lang) =>
        new(c.Value, c.Label.Get(lang), null, string.Join(" ", new[] { c.Label.Fr, c.Label.En }.Concat(c.AllSynonyms)));
}
