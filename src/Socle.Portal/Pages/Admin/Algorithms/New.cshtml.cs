using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Algorithms;

/// <summary>
/// Declaring an algorithm through the form generated from the register's profile: a draft of the chosen organisation,
/// which only its members may declare (the catalogue decides, as for the API).
/// </summary>
public sealed class NewModel(CatalogDb db, AlgorithmService algorithms, PortalContext p) : PageModel
{
    internal AlgorithmForm Form { get; private set; } = new();
    internal IReadOnlyList<FormSection> Sections { get; private set; } = [];
    /// <summary>Whether the person works for an organisation at all: otherwise there is nothing to declare for.</summary>
    internal bool HasOrganization { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        p.Actor.RequireAccount();
        // Someone who works for one organisation only gets it chosen already.
        if (!p.Actor.IsAdmin && p.Actor.Roles.Count == 1) Form.Values["organization"] = [p.Actor.Roles.Keys.First().ToString()];
        await ShowAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        p.Actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        Form = AlgorithmForm.FromPost(await Request.ReadFormAsync(ct), algorithms.Profile);
        try
        {
            var a = await algorithms.CreateAsync(p.Actor, Form.Body(algorithms.Profile), ct);
            return Redirect($"/admin/algorithms/{a.Slug}/?done=created");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            await ShowAsync(ct);
            Form.Errors.Add(e, p.Lang, Form.Labels);
            Response.StatusCode = 400;
            return Page();
        }
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Sections = await Form.SectionsAsync(db, algorithms.Profile, p.Actor, p, editing: false, null, ct);
        HasOrganization = Sections.SelectMany(s => s.Inputs).First(i => i.Name == "organization").Options.Count > 0;
    }
}
