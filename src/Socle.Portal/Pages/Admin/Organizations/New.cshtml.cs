using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Organizations;

/// <summary>A new organisation; whoever creates it becomes its administrator.</summary>
public sealed class NewModel(OrganizationService organizations, PortalContext p) : PageModel
{
    internal OrganizationForm Form { get; private set; } = null!;
    internal IReadOnlyList<InputView> Inputs { get; private set; } = [];

    public IActionResult OnGet()
    {
        p.Actor.RequireAccount();
        Form = new OrganizationForm(p);
        Inputs = Form.Inputs(editing: false);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        p.Actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        Form = new OrganizationForm(p);
        Form.From(await Request.ReadFormAsync(ct));
        try
        {
            var o = await organizations.CreateAsync(p.Actor, Form.Body(), ct);
            return Redirect($"/admin/organizations/{o.Slug}/?done=created");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Form.Inputs(editing: false);
            Form.AddErrors(e);
            Inputs = Form.Inputs(editing: false);
            Response.StatusCode = 400;
            return Page();
        }
    }
}
