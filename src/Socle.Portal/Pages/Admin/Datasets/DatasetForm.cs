using System.Globalization;
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

/// <summary>
/// The dataset form, generated from the active metadata profile: the core fields every catalogue has, then the
/// profile's fields section by section, each drawn from its type (vocabularies as lists, dates, numbers, URLs,
/// yes/no). What it posts is turned into the very JSON body the API takes, so the catalogue checks it the same way.
/// </summary>
internal sealed class DatasetForm
{
    /// <summary>The API property that holds the profile's fields, and so the prefix of their inputs.</summary>
    private const string Extras = "extras.";

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
        ProfileInputs.Fill(f.Values, d.Extras, profile, Extras);
        return f;
    }

    private static IEnumerable<string> InputNames(MetadataProfile profile) =>
    [
        "title", "slug", "description", "organization", "license", "tags", "spatial.zones", "spatial.granularity",
        "temporal_coverage.start", "temporal_coverage.end", "frequency", "contact_point.name", "contact_point.email",
        .. ProfileInputs.Names(profile, Extras),
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

        body["extras"] = ProfileInputs.Body(Values, profile, Extras);
        return body;
    }

    private static List<string> Split(string text, char[] separators) =>
        text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    // --- The inputs ---------------------------------------------------------------------------------------------

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
                    Options = frequency is null ? [] : [.. frequency.Concepts.Select(c => ProfileInputs.Option(c, lang))], Placeholder = p.T("portal.admin.choose"),
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

        sections.AddRange(ProfileInputs.Sections(profile, Extras, p.T("portal.admin.dataset.section.other"), p, Make));
        return sections;
    }
}
