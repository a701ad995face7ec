using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>
/// A new dataset through the form generated from the profile. A member of the chosen organisation creates a draft;
/// anyone else proposes it to that organisation (the catalogue decides, as for the API).
/// </summary>
public sealed class NewModel(CatalogDb db, CatalogSettings settings, DatasetService datasets, PortalContext p) : PageModel
{
    internal DatasetForm Form { get; private set; } = new();
    internal IReadOnlyList<FormSection> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        p.Actor.RequireAccount();
        // Someone who works for one organisation only gets it chosen already.
        if (!p.Actor.IsAdmin && p.Actor.Roles.Count == 1) Form.Values["organization"] = [p.Actor.Roles.Keys.First().ToString()];
        Sections = await Form.SectionsAsync(db, settings.Profile, p.Actor, p, editing: false, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        p.Actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        Form = DatasetForm.FromPost(await Request.ReadFormAsync(ct), settings.Profile);
        try
        {
            var d = await datasets.CreateAsync(p.Actor, Form.Body(settings.Profile), ct);
            return Redirect($"/admin/datasets/{d.Slug}/?done=created");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Sections = await Form.SectionsAsync(db, settings.Profile, p.Actor, p, editing: false, ct);
            Form.Errors.Add(e, p.Lang, Form.Labels);
            Response.StatusCode = 400;
            return Page();
        }
    }
}
