using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>One resource: its metadata (a new schema or URL means a new validation), its status, and deletion.</summary>
public sealed class ResourceModel(ResourceService resources, SchemaRegistry schemas, PortalContext p) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;
    internal ResourceForm Form { get; private set; } = null!;
    internal IReadOnlyList<InputView> Inputs { get; private set; } = [];
    internal FormErrors DeleteErrors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, Guid id)
    {
        await LoadAsync(slug, id);
        Form.From(Resource);
        Build();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, Guid id)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, id);
        var posted = await Request.ReadFormAsync(ct);
        foreach (var name in new[] { "title", "description", "type", "format", "schema", "schema_url", "url" })
            Form.Values[name] = posted[name].ToString();
        try
        {
            await resources.UpdateAsync(p.Actor, Dataset.Id.ToString(), id, Form.Input(withUrl: Resource.FileType == "remote"), ct);
            return Redirect($"/admin/datasets/{Dataset.Slug}/resources/?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Build();
            Form.AddErrors(e);
            Build();
            Response.StatusCode = 400;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, Guid id, string? confirm)
    {
        await LoadAsync(slug, id);
        if (confirm != "yes")
        {
            DeleteErrors.Add("confirm", p.T("portal.admin.delete.confirm-missing"));
            Form.From(Resource);
            Build();
            Response.StatusCode = 400;
            return Page();
        }
        await resources.DeleteAsync(p.Actor, Dataset.Id.ToString(), id, HttpContext.RequestAborted);
        return Redirect($"/admin/datasets/{Dataset.Slug}/resources/?done=deleted");
    }

    private void Build()
    {
        var inputs = new List<InputView>
        {
            Form.Text("title", "portal.admin.resource.title", required: true),
            Form.Text("description", "portal.admin.resource.description", InputKind.Textarea),
            Form.Type(),
            Form.Text("format", "portal.admin.resource.format", hintKey: "portal.admin.resource.format.hint"),
        };
        if (Resource.FileType == "remote") inputs.Insert(0, Form.Text("url", "portal.admin.resource.url", InputKind.Url, "portal.admin.resource.url.hint", required: true));
        inputs.Add(Form.SchemaList());
        inputs.Add(Form.SchemaUrl());
        Inputs = inputs;
    }

    private async Task LoadAsync(string slug, Guid id)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        (Dataset, Resource) = await resources.GetAsync(actor, slug, id, HttpContext.RequestAborted);
        if (!DatasetService.CanEdit(Dataset, actor)) throw CatalogException.Forbidden("resource.edit");
        Form = new ResourceForm(p, schemas, "");
    }
}
