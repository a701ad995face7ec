using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// A record's values changed through the form (contributors of its territory). Only the fields changed are sent, with
/// the version read: if someone changed the record meanwhile, the service's message says who and when, and what was
/// typed stays in the form; nothing is saved while the service refuses it.
/// </summary>
public sealed class RecordEditModel(CollectionService collections, RecordService records, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal RecordView Record { get; private set; } = null!;
    internal RecordForm Form { get; private set; } = null!;

    public async Task OnGetAsync(string slug, long number)
    {
        await LoadAsync(slug, number);
        Form.From(Record.Values, Record.Record.Version);
    }

    public async Task<IActionResult> OnPostAsync(string slug, long number)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, number);
        Form.From(await Request.ReadFormAsync(ct));
        try
        {
            var body = Form.Body(Record.Values);
            // Nothing changed: nothing to record (a revision says what changed).
            if (((System.Text.Json.Nodes.JsonObject)body["values"]!).Count == 0 && Form.Version == Record.Record.Version)
                return Redirect(CollectViews.RecordUrl(View.Slug, number));
            await records.UpdateAsync(p.Actor, slug, number, body, Form.Version, ct);
            return Redirect(CollectViews.RecordUrl(View.Slug, number) + "?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden or Problem.PreconditionFailed or Problem.Conflict)
        {
            Response.StatusCode = Form.AddRefusal(e);
            return Page();
        }
    }

    private async Task LoadAsync(string slug, long number)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Record = await records.GetAsync(slug, number, null, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct))
            .Require(CollectionRole.Contributor, "record.update", Record.Record.Region, Record.Record.Departement);
        Form = new RecordForm(p, View.Definition);
    }
}
