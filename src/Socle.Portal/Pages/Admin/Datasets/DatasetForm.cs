using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>A group of inputs of the dataset form (a fieldset with its title).</summary>
internal sealed record FormSection(string Key, string Title, IReadOnlyList<InputView> Inputs);

/// <summary>
/// The dataset form, generated from the active metadata profile: the core fields every catalogue has, then the
/// profile's fields section by section, each drawn from its type (vocabularies as lists, dates, numbers, URLs,
/// yes/no). What it posts is turned into the very JSON body the API takes, so the catalogue checks it the same way.
/// </summary>
internal sealed class DatasetForm
{
    private static readonly char[] ListSeparators = [',', ';', '\n', '\r', '\t', ' '];

    /// <summary>Input name → posted (or current) values, as texts.</summary>
    public Dictionary<string, string[]> Values { get; } = new(StringComparer.Ordinal);
    public FormErrors Errors { get; } = new();

    /// <summary>The inputs by name with their labels (filled by <see cref="SectionsAsync"/>), for placing the catalogue's errors.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    // --- Values -------------------------------------------------------------------------------------------------

    /// <summary>The form as it was posted (only the inputs the form has).</summary>
    public static DatasetForm FromPost(IFormCollection form, MetadataProfile profile)
    {
        var f = new DatasetForm();
        foreach (var name in InputNames(profile))
            if (form.TryGetValue(name, out StringValues v)) f.Values[name] = v.Select(s => s ?? "").ToArray();
        return f;
    }

    /// <summary>The form filled with a dataset's current metadata.</summary>
    public static DatasetForm FromDataset(Dataset d, MetadataProfile profile)
    {
        var f = new DatasetForm();
        void Set(string name, params string?[] values) => f.Values[name] = values.Where(v => v is not null).Select(v => v!).ToArray();
        Set("title", d.Title);
        Set("slug", d.Slug);
        Set("description", d.Description);
        Set("organization", d.OrganizationId?.ToString());
        Set("license", d.LicenseId);
        Set("tags", string.Join(", ", d.Keywords));
        Set("spatial.zones", string.Join(", ", d.Territories));
        Set("spatial.granularity", d.SpatialGranularity);
        Set("temporal_coverage.start", d.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Set("temporal_coverage.end", d.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Set("frequency", d.Frequency);
        Set("contact_point.name", d.ContactName);
        Set("contact_point.email", d.ContactEmail);
        foreach (var field in profile.Fields)
        {
            if (!d.Extras.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            List<JsonNode?> items = node is JsonArray a ? [.. a] : [node];
            f.Values["extras." + field.Key] = items.Where(n => n is not null).Select(n => Text(n!)).ToArray();
        }
        return f;
    }

    private static string Text(JsonNode n) => n.GetValueKind() switch
    {
        JsonValueKind.String => n.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => n.ToJsonString(),
    };

    private static IEnumerable<string> InputNames(MetadataProfile profile) =>
    [
        "title", "slug", "description", "organization", "license", "tags", "spatial.zones", "spatial.granularity",
        "temporal_coverage.start", "temporal_coverage.end", "frequency", "contact_point.name", "contact_point.email",
        .. profile.Fields.Select(f => "extras." + f.Key),
    ];

    private string One(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v[0].Trim() : "";
    private string? OneOrNull(string name) => One(name) is { Length: > 0 } s ? s : null;

    // --- The API body -------------------------------------------------------------------------------------------

    /// <summary>
    /// The JSON body the API's POST and PUT take. Every property is sent (blank ones as null or empty), so clearing an
    /// input clears the metadata; the extras are sent whole, as the catalogue replaces them whole.
    /// </summary>
    public JsonObject Body(MetadataProfile profile)
    {
        var body = new JsonObject
        {
            ["title"] = One("title"),
            ["description"] = Values.TryGetValue("description", out var desc) && desc.Length > 0 ? desc[0] : "",
            ["organization"] = OneOrNull("organization"),
            ["license"] = OneOrNull("license"),
            ["tags"] = new JsonArray([.. Split(One("tags"), [',', ';', '\n']).Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["frequency"] = OneOrNull("frequency"),
        };
        if (OneOrNull("slug") is { } slug) body["slug"] = slug;
        var zones = Split(One("spatial.zones"), ListSeparators);
        var granularity = OneOrNull("spatial.granularity");
        body["spatial"] = new JsonObject
        {
            ["zones"] = new JsonArray([.. zones.Select(z => (JsonNode?)JsonValue.Create(z))]),
            ["granularity"] = granularity,
        };
        var start = OneOrNull("temporal_coverage.start");
        var end = OneOrNull("temporal_coverage.end");
        body["temporal_coverage"] = start is null && end is null ? null : new JsonObject { ["start"] = start, ["end"] = end };
        var contactName = OneOrNull("contact_point.name");
        var contactEmail = OneOrNull("contact_point.email");
        body["contact_point"] = contactName is null && contactEmail is null ? null : new JsonObject { ["name"] = contactName, ["email"] = contactEmail };

        var extras = new JsonObject();
        foreach (var field in profile.Fields)
        {
            var name = "extras." + field.Key;
            if (!Values.TryGetValue(name, out var raw)) continue;
            // A multiple text field is one value per line; a checkbox group posts one value per box.
            var items = (Kind(field) == InputKind.Lines ? raw.SelectMany(v => v.Split('\n')) : raw)
                .Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (items.Count == 0) continue;
            extras[field.Key] = field.Multiple
                ? new JsonArray([.. items.Select(v => (JsonNode?)JsonValue.Create(v))])
                : JsonValue.Create(items[0]);
        }
        body["extras"] = extras;
        return body;
    }

    private static List<string> Split(string text, char[] separators) =>
        text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    // --- The inputs ---------------------------------------------------------------------------------------------

    private static InputKind Kind(ProfileField f) => f.Type switch
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
    /// The form's sections: the core ones, then the profile's in its order (fields without a known section last).
    /// <paramref name="editing"/> adds the URL name (slug), which a new dataset gets from its title.
    /// </summary>
    public async Task<IReadOnlyList<FormSection>> SectionsAsync(CatalogDb db, MetadataProfile profile, Actor actor, PortalContext p,
        bool editing, CancellationToken ct)
    {
        var lang = p.Lang;
        var filter = p.T("portal.admin.filter");
        InputView Input(string name, string labelKey, InputKind kind, string? hintKey = null) => Make(name, p.T(labelKey), kind, hintKey is null ? null : p.T(hintKey));
        InputView Make(string name, string label, InputKind kind, string? hint)
        {
            Labels[name] = label;
            return new InputView(name, label, kind)
            {
                Hint = hint, Values = Values.GetValueOrDefault(name) ?? [], FilterLabel = filter,
            };
        }

        // The organisations the actor works for come first; choosing another one proposes the dataset to it.
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Acronym }).ToListAsync(ct);
        var mine = p.T("portal.admin.dataset.org.mine");
        var others = p.T("portal.admin.dataset.org.others");
        var orgOptions = orgs
            .Select(o => new OptionView(o.Id.ToString(), o.Acronym is { Length: > 0 } a ? $"{o.Name} ({a})" : o.Name,
                actor.Has(o.Id, OrganizationRole.Contributor) ? mine : others))
            .OrderBy(o => o.Group == mine ? 0 : 1).ToList();
        var licenses = await db.Licenses.AsNoTracking().OrderBy(l => l.Title).Select(l => new OptionView(l.Id, l.Title, null, null)).ToListAsync(ct);
        var frequency = profile.Vocabulary(MetadataProfile.FrequencyVocabulary);
        var granularity = OneOrNull("spatial.granularity");
        List<OptionView> levels = [.. Territory.Levels.Select(l => new OptionView(l, p.T("portal.admin.level." + l)))];
        if (granularity is not null && !Territory.Levels.Contains(granularity)) levels.Add(new OptionView(granularity, granularity));

        List<InputView> description =
        [
            Input("title", "portal.admin.dataset.title", InputKind.Text) with { Required = true },
        ];
        if (editing) description.Add(Input("slug", "portal.admin.dataset.slug", InputKind.Text, "portal.admin.dataset.slug.hint"));
        description.Add(Input("description", "portal.admin.dataset.description", InputKind.Textarea, "portal.admin.dataset.description.hint"));
        description.Add(Input("tags", "portal.admin.dataset.tags", InputKind.Text, "portal.admin.dataset.tags.hint"));

        var sections = new List<FormSection>
        {
            new("description", p.T("portal.admin.dataset.section.description"), description),
            new("publication", p.T("portal.admin.dataset.section.publication"),
            [
                Input("organization", "portal.admin.dataset.organization", InputKind.Select, "portal.admin.dataset.organization.hint")
                    with { Options = orgOptions, Placeholder = p.T("portal.admin.choose") },
                Input("license", "portal.admin.dataset.license", InputKind.Select) with { Options = licenses, Placeholder = p.T("portal.admin.choose") },
                Input("frequency", "portal.admin.dataset.frequency", InputKind.Select) with
                {
                    Options = frequency is null ? [] : [.. frequency.Concepts.Select(c => Option(c, lang))], Placeholder = p.T("portal.admin.choose"),
                },
            ]),
            new("coverage", p.T("portal.admin.dataset.section.coverage"),
            [
                Input("spatial.zones", "portal.admin.dataset.zones", InputKind.Text, "portal.admin.dataset.zones.hint"),
                Input("spatial.granularity", "portal.admin.dataset.granularity", InputKind.Select) with { Options = levels, Placeholder = p.T("portal.admin.choose") },
                Input("temporal_coverage.start", "portal.admin.dataset.start", InputKind.Date),
                Input("temporal_coverage.end", "portal.admin.dataset.end", InputKind.Date),
            ]),
            new("contact", p.T("portal.admin.dataset.section.contact"),
            [
                Input("contact_point.name", "portal.admin.dataset.contact-name", InputKind.Text),
                Input("contact_point.email", "portal.admin.dataset.contact-email", InputKind.Email) with { Autocomplete = "email" },
            ]),
        };

        // The profile's fields, grouped by their section in the profile's order.
        var known = profile.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var groups = profile.Sections.Select(s => (s.Key, Title: s.Label.Get(lang), Fields: profile.Fields.Where(f => f.Section == s.Key).ToList()))
            .Append(("other", p.T("portal.admin.dataset.section.other"), profile.Fields.Where(f => f.Section is null || !known.Contains(f.Section)).ToList()));
        foreach (var (key, title, fields) in groups)
        {
            if (fields.Count == 0) continue;
            var inputs = fields.Select(f =>
            {
                var kind = Kind(f);
                var help = f.Help?.Get(lang);
                if (kind == InputKind.Lines) help = help is { Length: > 0 } ? $"{help} {p.T("portal.admin.one-per-line")}" : p.T("portal.admin.one-per-line");
                var options = f.Vocabulary is { } v && profile.Vocabulary(v) is { } voc ? voc.Concepts.Select(c => Option(c, lang)).ToList() : [];
                return Make("extras." + f.Key, f.Label.Get(lang), kind, help is { Length: > 0 } ? help : null) with
                {
                    Required = f.Required, Options = options, Placeholder = kind == InputKind.Select ? p.T("portal.admin.choose") : null,
                };
            }).ToList();
            sections.Add(new FormSection("profile-" + key, title, inputs));
        }
        return sections;
    }

    /// <summary>A concept as a choice: its label in the page's language; the other label and synonyms also match the filter.</summary>
    private static OptionView Option(Concept c, string lang) =>
        new(c.Value, c.Label.Get(lang), null, string.Join(" ", new[] { c.Label.Fr, c.Label.En }.Concat(c.AllSynonyms)));
}
