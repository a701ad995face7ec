using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Organizations;

/// <summary>An organisation's description, for its administrators.</summary>
public sealed class EditModel(OrganizationService organizations, PortalContext p) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    internal OrganizationForm Form { get; private set; } = null!;
    internal IReadOnlyList<InputView> Inputs { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done)
    {
        await LoadAsync(slug);
        Done = done is "created" or "saved" ? done : null;
        Form.From(Organization);
        Inputs = Form.Inputs(editing: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        Form.From(await Request.ReadFormAsync(ct));
        try
        {
            var o = await organizations.UpdateAsync(p.Actor, Organization.Id.ToString(), Form.Body(), ct);
            return Redirect($"/admin/organizations/{o.Slug}/?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Form.Inputs(editing: true);
            Form.AddErrors(e);
            Inputs = Form.Inputs(editing: true);
            Response.StatusCode = 400;
            return Page();
        }
    }

    private async Task LoadAsync(string slug)
    {
        p.Actor.RequireAccount();
        Organization = await organizations.GetAsync(slug, HttpContext.RequestAborted);
        p.Actor.Require(Organization.Id, OrganizationRole.Admin, "organization.edit");
        Form = new OrganizationForm(p);
    }
}
