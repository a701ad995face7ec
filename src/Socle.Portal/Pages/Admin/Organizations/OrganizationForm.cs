using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Organizations;

/// <summary>The organisation form: the JSON body of the API's POST and PUT, and its inputs with values and errors.</summary>
internal sealed class OrganizationForm(PortalContext p)
{
    private static readonly string[] Names = ["name", "acronym", "slug", "type", "description", "url", "logo"];

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public FormErrors Errors { get; } = new();
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public void From(IFormCollection form)
    {
        foreach (var n in Names)
            if (form.TryGetValue(n, out var v)) Values[n] = v.ToString();
    }

    public void From(Organization o)
    {
        Values["name"] = o.Name;
        Values["acronym"] = o.Acronym ?? "";
        Values["slug"] = o.Slug;
        Values["type"] = o.Type;
        Values["description"] = o.Description ?? "";
        Values["url"] = o.Url ?? "";
        Values["logo"] = o.LogoUrl ?? "";
    }

    /// <summary>The posted inputs; a blank URL name keeps the current one (or is made from the name).</summary>
    public JsonObject Body()
    {
        var body = new JsonObject();
        foreach (var (k, v) in Values)
        {
            if (k == "slug" && v.Trim().Length == 0) continue;
            body[k] = v;
        }
        return body;
    }

    public void AddErrors(CatalogException e) => Errors.Add(e, p.Lang, Labels);

    public IReadOnlyList<InputView> Inputs(bool editing)
    {
        InputView Input(string name, string labelKey, InputKind kind = InputKind.Text, string? hintKey = null)
        {
            var label = p.T(labelKey);
            Labels[name] = label;
            return new InputView(name, label, kind)
            {
                Hint = hintKey is null ? null : p.T(hintKey), Values = Values.TryGetValue(name, out var v) ? [v] : [], Error = Errors.For(name),
            };
        }
        var list = new List<InputView>
        {
            Input("name", "portal.admin.org.name") with { Required = true },
            Input("acronym", "portal.admin.org.acronym"),
        };
        if (editing) list.Add(Input("slug", "portal.admin.org.slug", hintKey: "portal.admin.dataset.slug.hint"));
        list.Add(Input("type", "portal.admin.org.type", InputKind.Select) with
        {
            Options = [.. OrganizationTypes.All.Select(t => new OptionView(t, p.T("portal.admin.orgtype." + t)))],
        });
        list.Add(Input("description", "portal.admin.org.description", InputKind.Textarea, "portal.admin.dataset.description.hint"));
        list.Add(Input("url", "portal.admin.org.url", InputKind.Url, "portal.admin.url.hint"));
        list.Add(Input("logo", "portal.admin.org.logo", InputKind.Url, "portal.admin.url.hint"));
        return list;
    }
}
