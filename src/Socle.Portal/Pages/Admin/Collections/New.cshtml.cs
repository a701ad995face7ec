using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Collections;

namespace Socle.Portal.Pages.Admin.Collections;

/// <summary>
/// A new register made from a template (admins of its organisation), as <c>POST /api/1/collections/</c> makes it: its
/// schema, stages, events, sources and crosswalks come from the template; nothing is saved while the form has errors.
/// </summary>
public sealed class NewModel(CollectionService collections, CatalogDb catalog, PortalContext p) : PageModel
{
    private static readonly string[] Fields = ["title", "description", "organization", "template", "slug"];

    internal Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal) { ["template"] = CollectionDefinition.TemplateIds[0] };
    internal FormErrors Errors { get; } = new();
    internal IReadOnlyList<OptionView> Organizations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Organizations.Count == 1) Values["organization"] = Organizations[0].Value;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        var form = await Request.ReadFormAsync(ct);
        foreach (var n in Fields) Values[n] = form[n].ToString().Trim();
        var body = new JsonObject();
        foreach (var n in Fields)
            if (Values[n].Length > 0) body[n] = Values[n];
        try
        {
            var c = await collections.CreateAsync(p.Actor, body, ct);
            return Redirect(CollectViews.Base(c.Slug));
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden)
        {
            CollectViews.AddErrors(Errors, e, p, Labels);
            Response.StatusCode = e.Problem == Problem.Forbidden ? 403 : 400;
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        var actor = p.Actor;
        actor.RequireAccount();
        var ids = actor.Roles.Where(r => r.Value >= OrganizationRole.Admin).Select(r => r.Key).ToList();
        if (!actor.IsAdmin && ids.Count == 0) throw CatalogException.Forbidden("collection.create");
        var q = catalog.Organizations.AsNoTracking();
        if (!actor.IsAdmin) q = q.Where(o => ids.Contains(o.Id));
        Organizations = [.. (await q.OrderBy(o => o.Name).Select(o => new { o.Slug, o.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(o => new OptionView(o.Slug, o.Name))];
    }

    internal Dictionary<string, string> Labels => Fields.ToDictionary(n => n, n => p.T("portal.collect.admin.field." + n), StringComparer.Ordinal);

    private InputView Input(string name, InputKind kind, bool required = false, bool hint = false) => new(name, p.T("portal.collect.admin.field." + name), kind)
    {
        Required = required, Hint = hint ? p.T($"portal.collect.admin.field.{name}.hint") : null,
        Values = [Values.GetValueOrDefault(name) ?? ""], Error = Errors.For(name),
    };

    internal IEnumerable<InputView> Inputs()
    {
        yield return Input("title", InputKind.Text, required: true);
        yield return Input("description", InputKind.Textarea);
        yield return Input("organization", InputKind.Select, required: true) with { Options = Organizations, Placeholder = p.T("portal.admin.choose") };
        yield return Input("template", InputKind.Select, required: true, hint: true) with
        {
            Options = [.. CollectionDefinition.TemplateIds.Select(t => new OptionView(t, CollectionDefinition.Template(t).Title.In(p.Lang)))],
        };
        yield return Input("slug", InputKind.Text, hint: true);
    }
}
