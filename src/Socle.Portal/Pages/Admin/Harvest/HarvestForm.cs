using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>
/// The harvest source form: its values by input name (as posted, or as stored), the JSON body
/// <c>/api/1/harvest/sources/</c> takes, and its inputs with their labels and inline errors.
/// </summary>
internal sealed class HarvestForm(PortalContext p)
{
    private static readonly string[] TextInputs = ["name", "description", "type", "url", "filter", "organization", "frequency"];

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal) { ["type"] = HarvestTypes.Dcat, ["frequency"] = HarvestFrequencies.Manual };
    public bool Active { get; private set; } = true;
    public FormErrors Errors { get; } = new();
    /// <summary>The organisations the reader may harvest for, as (slug, name) choices.</summary>
    public IReadOnlyList<OptionView> Organizations { get; private set; } = [];

    public void From(IFormCollection form)
    {
        foreach (var n in TextInputs)
            if (form.TryGetValue(n, out var v)) Values[n] = v.ToString();
        // An unticked checkbox sends nothing: a posted form without it means "inactive".
        Active = form["active"].ToString() == "true";
    }

    public void From(HarvestSource s)
    {
        Values["name"] = s.Name;
        Values["description"] = s.Description ?? "";
        Values["type"] = s.Type;
        Values["url"] = s.Url;
        Values["filter"] = s.Filter ?? "";
        Values["organization"] = s.Organization?.Slug ?? "";
        Values["frequency"] = s.Frequency;
        Active = s.Active;
    }

    /// <summary>Every property, so that clearing an input clears it.</summary>
    public JsonObject Body()
    {
        var body = new JsonObject();
        foreach (var n in TextInputs)
            body[n] = Values.TryGetValue(n, out var v) ? v : "";
        body["active"] = Active;
        return body;
    }

    public string Value(string name) => Values.TryGetValue(name, out var v) ? v : "";

    /// <summary>Input name → label, for putting the catalogue's errors on their inputs with the label as the field's name.</summary>
    public Dictionary<string, string> Labels => TextInputs.Append("active").ToDictionary(n => n, n => p.T("portal.harvest.field." + n), StringComparer.Ordinal);

    public void AddErrors(CatalogException e) => Errors.Add(e, p.Lang, Labels);

    /// <summary>The organisations the actor edits for (every one for a platform admin), by slug.</summary>
    public async Task LoadOrganizationsAsync(CatalogDb db, Actor actor, CancellationToken ct)
    {
        var ids = actor.Roles.Where(r => r.Value >= OrganizationRole.Editor).Select(r => r.Key).ToList();
        var q = db.Organizations.AsNoTracking();
        if (!actor.IsAdmin) q = q.Where(o => ids.Contains(o.Id));
        var orgs = await q.OrderBy(o => o.Name).Select(o => new { o.Slug, o.Name, o.Acronym }).ToListAsync(ct);
        Organizations = [.. orgs.Select(o => new OptionView(o.Slug, o.Acronym is { Length: > 0 } a ? $"{o.Name} ({a})" : o.Name))];
    }

    public InputView Input(string name, InputKind kind = InputKind.Text, bool hint = false, bool required = false) =>
        new(name, p.T("portal.harvest.field." + name), kind)
        {
            Hint = hint ? p.T($"portal.harvest.field.{name}.hint") : null, Required = required, Values = [Value(name)], Error = Errors.For(name),
        };

    public InputView OrganizationInput() => Input("organization", InputKind.Select, hint: true, required: true) with
    {
        Options = Organizations, Placeholder = p.T("portal.admin.choose"),
    };

    public InputView FrequencyInput() => Input("frequency", InputKind.Select, hint: true) with
    {
        Options = [.. HarvestFrequencies.All.Select(f => new OptionView(f, p.T("portal.harvest.frequency." + f)))],
    };
}
