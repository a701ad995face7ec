using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Algorithms;

/// <summary>
/// Editing a register entry: the generated form (guarded by the version it was read at, so a stale form changes
/// nothing), the workflow moves the catalogue allows, and deletion with confirmation. A contributor may open a
/// published entry of their organisation but not change it: the page then says who can.
/// </summary>
public sealed class EditModel(CatalogDb db, AlgorithmService algorithms, PortalContext p) : PageModel
{
    internal Algorithm Algorithm { get; private set; } = null!;
    internal AlgorithmForm Form { get; private set; } = new();
    internal IReadOnlyList<FormSection> Sections { get; private set; } = [];
    /// <summary>The version the form was read at (sent back on save).</summary>
    internal int Version { get; private set; }
    internal bool CanEdit { get; private set; }
    internal IReadOnlyList<string> Actions { get; private set; } = [];
    internal bool CanDelete { get; private set; }
    /// <summary>What was just done (created, saved, publish…), for the success message.</summary>
    internal string? Done { get; private set; }
    /// <summary>Refusals of a workflow move or a deletion.</summary>
    internal FormErrors OtherErrors { get; } = new();
    internal bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done)
    {
        await LoadAsync(slug);
        Done = done is "created" or "saved" or "propose" or "publish" or "reject" or "unpublish" or "reopen" ? done : null;
        return await ShowAsync(200);
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        if (!CanEdit) throw CatalogException.Forbidden("algorithm.edit");
        var posted = await Request.ReadFormAsync(ct);
        Form = AlgorithmForm.FromPost(posted, algorithms.Profile);
        int? version = int.TryParse(posted["version"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        Version = version ?? Algorithm.Version;
        try
        {
            var a = await algorithms.UpdateAsync(p.Actor, Algorithm.Id.ToString(), Form.Body(algorithms.Profile), version, ct);
            return Redirect($"/admin/algorithms/{a.Slug}/?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.PreconditionFailed or Problem.Conflict)
        {
            // A refused change may have been applied to the tracked row before a late check: show the stored state.
            db.ChangeTracker.Clear();
            await LoadAsync(Algorithm.Id.ToString());
            Sections = await Form.SectionsAsync(db, algorithms.Profile, p.Actor, p, editing: true, Algorithm.OrganizationId, ct);
            // On a stale version the posted one is kept: saving again stays refused until the reader reloads the current one.
            Stale = e.Problem == Problem.PreconditionFailed;
            Response.StatusCode = Form.Errors.AddRefusal(e, p.Lang, Form.Labels, p.T("portal.algorithms.admin.stale", Algorithm.Version, Version));
            return Page();
        }
    }

    public async Task<IActionResult> OnPostTransitionAsync(string slug, string? action, string? note)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        try
        {
            var a = await algorithms.TransitionAsync(p.Actor, Algorithm.Id.ToString(), action ?? "", string.IsNullOrWhiteSpace(note) ? null : note.Trim(), ct);
            return Redirect($"/admin/algorithms/{a.Slug}/?done={Uri.EscapeDataString(action ?? "")}");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict or Problem.Forbidden)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(Algorithm.Id.ToString());
            OtherErrors.Add(e, p.Lang, new Dictionary<string, string>(StringComparer.Ordinal));
            return await ShowAsync(e.Problem switch { Problem.Invalid => 400, Problem.Forbidden => 403, _ => 409 });
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, string? confirm)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        if (confirm != "yes")
        {
            OtherErrors.Add("confirm", p.T("portal.admin.delete.confirm-missing"));
            return await ShowAsync(400);
        }
        await algorithms.DeleteAsync(p.Actor, Algorithm.Id.ToString(), ct);
        return Redirect("/admin/algorithms/?done=deleted");
    }

    private async Task<IActionResult> ShowAsync(int status)
    {
        var ct = HttpContext.RequestAborted;
        Form = AlgorithmForm.FromAlgorithm(Algorithm, await AlgorithmForm.DatasetSlugsAsync(db, Algorithm, ct), algorithms.Profile);
        Version = Algorithm.Version;
        if (CanEdit) Sections = await Form.SectionsAsync(db, algorithms.Profile, p.Actor, p, editing: true, Algorithm.OrganizationId, ct);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(string slug)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        Algorithm = await algorithms.GetAsync(slug, actor, HttpContext.RequestAborted);
        CanEdit = AlgorithmService.CanEdit(Algorithm, actor);
        // The page is for those who manage the entry; others have its public page.
        if (!CanEdit && !actor.Has(Algorithm.OrganizationId, OrganizationRole.Contributor)) throw CatalogException.Forbidden("algorithm.edit");
        Actions = Workflow.Offered(Algorithm.Status, Algorithm.OrganizationId, Algorithm.OwnerId, actor);
        // Shown only: AlgorithmService.DeleteAsync decides.
        CanDelete = actor.Has(Algorithm.OrganizationId, OrganizationRole.Editor)
                    || (Algorithm.Status != DatasetStatus.Published && Algorithm.OwnerId == actor.AccountId);
    }
}
