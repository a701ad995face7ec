using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Algorithms;

/// <summary>
/// The form of an algorithm register entry, generated from the register's profile as the dataset form is from the
/// dataset profile: the core of the entry (name, description, organisation, the catalogue datasets it processes), then
/// the profile's fields section by section. What it posts becomes the JSON body <c>/api/1/algorithms/</c> takes.
/// </summary>
internal sealed class AlgorithmForm
{
    /// <summary>The API property that holds the profile's fields, and so the prefix of their inputs.</summary>
    private const string Fields = "fields.";

    private static readonly string[] CoreInputs = ["name", "slug", "description", "organization", "datasets"];
    private static readonly char[] ListSeparators = [',', ';', '\n', '\r', '\t', ' '];

    /// <summary>Input name → posted (or current) values, as texts.</summary>
    public Dictionary<string, string[]> Values { get; } = new(StringComparer.Ordinal);
    public FormErrors Errors { get; } = new();

    /// <summary>The inputs by name with their labels (filled by <see cref="SectionsAsync"/>), for placing the catalogue's errors.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>The form as it was posted (only the inputs the form has).</summary>
    public static AlgorithmForm FromPost(IFormCollection form, MetadataProfile profile)
    {
        var f = new AlgorithmForm();
        foreach (var name in CoreInputs.Concat(ProfileInputs.Names(profile, Fields)))
            if (form.TryGetValue(name, out StringValues v)) f.Values[name] = v.Select(s => s ?? "").ToArray();
        return f;
    }

    /// <summary>The form filled with an entry as stored; <paramref name="datasets"/> are the slugs of the datasets it links to.</summary>
    public static AlgorithmForm FromAlgorithm(Algorithm a, IReadOnlyList<string> datasets, MetadataProfile profile)
    {
        var f = new AlgorithmForm();
        f.Values["name"] = [a.Name];
        f.Values["slug"] = [a.Slug];
        f.Values["description"] = [a.Description];
        f.Values["organization"] = [a.OrganizationId.ToString()];
        f.Values["datasets"] = [.. datasets];
        ProfileInputs.Fill(f.Values, a.Fields, profile, Fields);
        return f;
    }

    /// <summary>The slugs of the datasets an entry links to, in its order, whoever may see them: the form sends the list back whole.</summary>
    public static async Task<List<string>> DatasetSlugsAsync(CatalogDb db, Algorithm a, CancellationToken ct)
    {
        var ids = a.DatasetIds;
        var slugs = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Slug, ct);
        return [.. ids.Where(slugs.ContainsKey).Select(i => slugs[i])];
    }

    private string One(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v[0].Trim() : "";

    /// <summary>
    /// The JSON body of the API's POST and PUT: every property, so clearing an input clears it; the profile's fields
    /// are sent whole, as the catalogue replaces them whole.
    /// </summary>
    public JsonObject Body(MetadataProfile profile)
    {
        var body = new JsonObject
        {
            ["name"] = One("name"),
            ["description"] = Values.TryGetValue("description", out var desc) && desc.Length > 0 ? desc[0] : "",
            ["organization"] = One("organization") is { Length: > 0 } org ? org : null,
            ["datasets"] = new JsonArray([.. (Values.GetValueOrDefault("datasets") ?? [])
                .SelectMany(v => v.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(DatasetReference).Distinct(StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s))]),
            ["fields"] = ProfileInputs.Body(Values, profile, Fields),
        };
        if (One("slug") is { Length: > 0 } slug) body["slug"] = slug;
        return body;
    }

    /// <summary>A dataset as typed: its slug or id, or the address of its page, which people copy more readily.</summary>
    private static string DatasetReference(string text)
    {
        var i = text.IndexOf("/datasets/", StringComparison.Ordinal);
        if (i < 0) return text;
        var rest = text[(i + "/datasets/".Length)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>
    /// The form's sections: the entry's core, the datasets, then the profile's in its order. The organisations offered
    /// are those the actor declares algorithms for (all for a platform admin), plus <paramref name="current"/>.
    /// <paramref name="editing"/> adds the URL name (slug), which a new entry gets from its name.
    /// </summary>
    public async Task<IReadOnlyList<FormSection>> SectionsAsync(CatalogDb db, MetadataProfile profile, Actor actor, PortalContext p,
        bool editing, Guid? current, CancellationToken ct)
    {
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

        var organizations = await OrganizationsAsync(db, actor, current, ct);
        List<InputView> core = [Input("name", "portal.algorithms.admin.name", InputKind.Text, "portal.algorithms.admin.name.hint") with { Required = true }];
        if (editing) core.Add(Input("slug", "portal.admin.dataset.slug", InputKind.Text, "portal.admin.dataset.slug.hint"));
        core.Add(Input("description", "portal.algorithms.admin.description", InputKind.Textarea, "portal.algorithms.admin.description.hint") with { Required = true });
        core.Add(Input("organization", "portal.algorithms.admin.organization", InputKind.Select, "portal.algorithms.admin.organization.hint")
            with { Options = organizations, Placeholder = p.T("portal.admin.choose"), Required = true });

        var sections = new List<FormSection>
        {
            new("presentation", p.T("portal.algorithms.admin.section.presentation"), core),
            new("datasets", p.T("portal.algorithms.datasets"),
                [Input("datasets", "portal.algorithms.field.datasets", InputKind.Lines, "portal.algorithms.admin.datasets.hint")]),
        };
        sections.AddRange(ProfileInputs.Sections(profile, Fields, p.T("portal.algorithms.section.other"), p, Make));
        return sections;
    }

    /// <summary>The organisations the actor may declare an algorithm for: those they contribute to (every one for a platform admin).</summary>
    public static async Task<List<OptionView>> OrganizationsAsync(CatalogDb db, Actor actor, Guid? current, CancellationToken ct)
    {
        var ids = actor.Roles.Keys.ToList();
        var query = db.Organizations.AsNoTracking();
        if (!actor.IsAdmin) query = query.Where(o => ids.Contains(o.Id) || o.Id == current);
        var orgs = await query.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Acronym }).ToListAsync(ct);
        return [.. orgs.Where(o => o.Id == current || actor.Has(o.Id, OrganizationRole.Contributor))
            .Select(o => new OptionView(o.Id.ToString(), o.Acronym is { Length: > 0 } a ? $"{o.Name} ({a})" : o.Name))];
    }
}
