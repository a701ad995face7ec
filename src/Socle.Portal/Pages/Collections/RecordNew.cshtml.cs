using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>A new record, through the form generated from the schema (contributors); nothing is saved while the service refuses it.</summary>
public sealed class RecordNewModel(CollectionService collections, RecordService records, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal RecordForm Form { get; private set; } = null!;

    public async Task OnGetAsync(string slug) => await LoadAsync(slug);

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        Form.From(await Request.ReadFormAsync(ct));
        try
        {
            var created = await records.CreateAsync(p.Actor, slug, Form.Body(null), ct);
            return Redirect(CollectViews.RecordUrl(View.Slug, created.Record.Number) + "?done=created");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden or Problem.PreconditionFailed or Problem.Conflict)
        {
            Response.StatusCode = Form.AddRefusal(e);
            return Page();
        }
    }

    private async Task LoadAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct)).Require(CollectionRole.Contributor, "record.create", anywhere: true);
        Form = new RecordForm(p, View.Definition);
    }
}
