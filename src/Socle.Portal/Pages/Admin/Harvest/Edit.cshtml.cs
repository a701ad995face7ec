using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Data;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>
/// A harvest source for the editors of its organisation: its form (guarded by the version it was read at, so a stale
/// form changes nothing), "harvest now", its runs newest first, and deletion while it has brought no dataset.
/// </summary>
public sealed class EditModel(HarvestService harvest, CatalogDb db, PortalContext p) : PageModel
{
    public const int PageSize = 20;

    internal HarvestSourceView View { get; private set; } = null!;
    internal HarvestSource Source => View.Source;
    internal HarvestForm Form { get; private set; } = null!;
    /// <summary>The version the form was read at (sent back on save).</summary>
    internal int Version { get; private set; }
    internal bool Stale { get; private set; }
    internal List<HarvestRun> Runs { get; private set; } = [];
    internal int RunCount { get; private set; }
    internal int PageNumber { get; private set; } = 1;
    internal int Pages => Math.Max(1, (RunCount + PageSize - 1) / PageSize);
    /// <summary>Only a source that brought no dataset can go (<see cref="HarvestService.DeleteAsync"/> decides).</summary>
    internal bool CanDelete => View.Datasets + View.Archived == 0;
    internal string? Done { get; private set; }
    /// <summary>Refusals of a run or a deletion.</summary>
    internal FormErrors OtherErrors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, string? done, int? page)
    {
        await LoadAsync(slug, page);
        Done = done is "created" or "saved" ? done : null;
        Form.From(Source);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, null);
        var posted = await Request.ReadFormAsync(ct);
        Form.From(posted);
        int? version = int.TryParse(posted["version"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        Version = version ?? Source.Version;
        try
        {
            var s = await harvest.UpdateAsync(p.Actor, Source.Id.ToString(), Form.Body(), version, ct);
            return Redirect($"/admin/harvest/{Uri.EscapeDataString(s.Slug)}/?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.PreconditionFailed or Problem.Conflict or Problem.Forbidden)
        {
            // A refused change may have reached the tracked row before a late check: show the stored state.
            db.ChangeTracker.Clear();
            await LoadAsync(Source.Id.ToString(), null);
            // On a stale version the posted one is kept: saving again stays refused until the reader reloads.
            Version = version ?? Source.Version;
            Stale = e.Problem == Problem.PreconditionFailed;
            if (e.Problem == Problem.Forbidden)
            {
                // Moving the source to an organisation the reader does not edit for.
                Form.AddErrors(e);
                Response.StatusCode = 403;
            }
            else Response.StatusCode = Form.Errors.AddRefusal(e, p.Lang, Form.Labels, p.T("portal.harvest.stale", Source.Version, Version));
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRunAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, null);
        try
        {
            var run = await harvest.RunAsync(p.Actor, Source.Id.ToString(), ct);
            return Redirect($"/admin/harvest/runs/{run.Id}/");
        }
        catch (CatalogException e) when (e.Problem is Problem.Conflict)
        {
            return Refused(e, 409);
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, string? confirm)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, null);
        if (confirm != "yes")
        {
            OtherErrors.Add("confirm", p.T("portal.admin.delete.confirm-missing"));
            Form.From(Source);
            Response.StatusCode = 400;
            return Page();
        }
        try
        {
            await harvest.DeleteAsync(p.Actor, Source.Id.ToString(), ct);
            return Redirect("/admin/harvest/?done=deleted");
        }
        catch (CatalogException e) when (e.Problem is Problem.Conflict)
        {
            return Refused(e, 409);
        }
    }

    private PageResult Refused(CatalogException e, int status)
    {
        OtherErrors.Add(e, p.Lang, new Dictionary<string, string>(StringComparer.Ordinal));
        Form.From(Source);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(string slug, int? page)
    {
        var ct = HttpContext.RequestAborted;
        var actor = p.Actor;
        actor.RequireAccount();
        View = await harvest.GetAsync(slug, ct);
        // The page is for those who configure the source; everyone has its JSON.
        actor.Require(Source.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        Version = Source.Version;
        Form = new HarvestForm(p);
        await Form.LoadOrganizationsAsync(db, actor, ct);
        PageNumber = Math.Max(1, page ?? 1);
        (Runs, RunCount) = await harvest.RunsAsync(Source.Id.ToString(), PageNumber, PageSize, ct);
        if (PageNumber > Pages)
        {
            PageNumber = Pages;
            (Runs, RunCount) = await harvest.RunsAsync(Source.Id.ToString(), PageNumber, PageSize, ct);
        }
    }
}
