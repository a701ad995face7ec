using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>
/// A dataset's resources: the list with each one's validation status, a file upload (posted to <see cref="UploadModel"/>,
/// which streams it) and a link to a file elsewhere.
/// </summary>
public sealed class ResourcesModel(DatasetService datasets, ResourceService resources, SchemaRegistry schemas, CatalogSettings settings, PortalContext p) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    public Guid? Added { get; private set; }
    public string? Done { get; private set; }
    internal ResourceForm Link { get; private set; } = null!;
    internal UploadFormView Upload { get; private set; } = null!;
    internal IReadOnlyList<InputView> LinkInputs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, Guid? added, string? done)
    {
        await LoadAsync(slug);
        Added = added is { } id && Dataset.Resources.Any(r => r.Id == id) ? id : null;
        Done = done is "saved" or "deleted" or "linked" ? done : null;
        Link = new ResourceForm(p, schemas, "link-");
        Build();
        return Page();
    }

    public async Task<IActionResult> OnPostLinkAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        Link = new ResourceForm(p, schemas, "link-");
        var form = await Request.ReadFormAsync(ct);
        foreach (var name in new[] { "url", "title", "type", "format", "schema", "schema_url" })
            Link.Values[name] = form[name].ToString();
        try
        {
            var r = await resources.LinkAsync(p.Actor, Dataset.Id.ToString(), Link.Input(withUrl: true), ct);
            return Redirect($"/admin/datasets/{Dataset.Slug}/resources/?added={r.Id}&done=linked");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Build();
            Link.AddErrors(e);
            Build();
            Response.StatusCode = 400;
            return Page();
        }
    }

    /// <summary>The status cell of one resource, asked for again by htmx while its validation is pending.</summary>
    public async Task<IActionResult> OnGetStatusAsync(string slug, Guid id)
    {
        var (d, r) = await resources.GetAsync(p.Actor, slug, id, HttpContext.RequestAborted);
        return Partial("_ResourceStatus", new ResourceStatusView(d.Slug, r));
    }

    private void Build()
    {
        LinkInputs =
        [
            Link.Text("url", "portal.admin.resource.url", InputKind.Url, "portal.admin.resource.url.hint", required: true),
            Link.Text("title", "portal.admin.resource.title", hintKey: "portal.admin.resource.title.link-hint"),
            Link.Type(),
            Link.Text("format", "portal.admin.resource.format", hintKey: "portal.admin.resource.format.hint"),
            Link.SchemaList(),
            Link.SchemaUrl(),
        ];
        Upload = UploadModel.Form(p, schemas, settings, Dataset.Slug, new ResourceForm(p, schemas, "upload-"));
    }

    private async Task LoadAsync(string slug)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        Dataset = await datasets.GetAsync(slug, actor, HttpContext.RequestAborted);
        if (!DatasetService.CanEdit(Dataset, actor)) throw CatalogException.Forbidden("resource.edit");
    }
}
