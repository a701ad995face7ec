using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Data;
using Socle.Catalog.Harvest;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>A new harvest source, for one of the organisations the reader edits for; nothing is saved while the form has errors.</summary>
public sealed class NewModel(HarvestService harvest, CatalogDb db, PortalContext p) : PageModel
{
    internal HarvestForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        // One organisation to choose from: it is chosen.
        if (Form.Organizations.Count == 1) Form.Values["organization"] = Form.Organizations[0].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        Form.From(await Request.ReadFormAsync(ct));
        try
        {
            var s = await harvest.CreateAsync(p.Actor, Form.Body(), ct);
            return Redirect($"/admin/harvest/{Uri.EscapeDataString(s.Slug)}/?done=created");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden)
        {
            Form.AddErrors(e);
            Response.StatusCode = e.Problem == Problem.Forbidden ? 403 : 400;
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        p.Actor.RequireAccount();
        if (!AdminQueries.Reviews(p.Actor)) throw CatalogException.Forbidden("harvest.edit");
        Form = new HarvestForm(p);
        await Form.LoadOrganizationsAsync(db, p.Actor, HttpContext.RequestAborted);
    }
}
