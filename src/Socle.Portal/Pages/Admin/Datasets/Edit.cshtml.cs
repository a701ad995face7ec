using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>
/// Editing a dataset: the generated form (guarded by the version it was read at, so a stale form changes nothing),
/// the workflow moves the catalogue allows, and deletion with confirmation.
/// </summary>
public sealed class EditModel(CatalogDb db, CatalogSettings settings, DatasetService datasets, PortalContext p) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;
    internal DatasetForm Form { get; private set; } = new();
    internal IReadOnlyList<FormSection> Sections { get; private set; } = [];
    /// <summary>The version the form was read at (sent back on save).</summary>
    public int Version { get; private set; }
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public bool CanDelete { get; private set; }
    /// <summary>What was just done (created, saved, publish…), for the success message.</summary>
    public string? Done { get; private set; }
    /// <summary>Refusals of a workflow move or a deletion.</summary>
    internal FormErrors OtherErrors { get; } = new();
    public bool Stale { get; private set; }
    public int Resources { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done)
    {
        await LoadAsync(slug);
        Form = DatasetForm.FromDataset(Dataset, settings.Profile);
        Version = Dataset.Version;
        Done = done is "created" or "saved" or "propose" or "publish" or "reject" or "unpublish" or "reopen" ? done : null;
        Sections = await Form.SectionsAsync(db, settings.Profile, p.Actor, p, editing: true, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        var posted = await Request.ReadFormAsync(ct);
        Form = DatasetForm.FromPost(posted, settings.Profile);
        int? version = int.TryParse(posted["version"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        Version = version ?? Dataset.Version;
        try
        {
            var d = await datasets.UpdateAsync(p.Actor, Dataset.Id.ToString(), Form.Body(settings.Profile), version, ct);
            return Redirect($"/admin/datasets/{d.Slug}/?done=saved");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.PreconditionFailed or Problem.Conflict)
        {
            // A refused change may have been applied to the tracked row before a late check: show the stored state.
            db.ChangeTracker.Clear();
            await LoadAsync(Dataset.Id.ToString());
            Sections = await Form.SectionsAsync(db, settings.Profile, p.Actor, p, editing: true, ct);
            // On a stale version the posted one is kept: saving again stays refused until the reader reloads the current one.
            Stale = e.Problem == Problem.PreconditionFailed;
            Response.StatusCode = Form.Errors.AddRefusal(e, p.Lang, Form.Labels, p.T("portal.admin.dataset.stale", Dataset.Version, Version));
            return Page();
        }
    }

    public async Task<IActionResult> OnPostTransitionAsync(string slug, string? action, string? note)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug);
        try
        {
            var d = await datasets.TransitionAsync(p.Actor, Dataset.Id.ToString(), action ?? "", string.IsNullOrWhiteSpace(note) ? null : note.Trim(), ct);
            return Redirect($"/admin/datasets/{d.Slug}/?done={Uri.EscapeDataString(action ?? "")}");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict or Problem.Forbidden)
        {
            db.ChangeTracker.Clear();
            return await ShowOtherErrorAsync(e, e.Problem switch { Problem.Invalid => 400, Problem.Forbidden => 403, _ => 409 });
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
        await datasets.DeleteAsync(p.Actor, Dataset.Id.ToString(), ct);
        return Redirect("/admin/datasets/?done=deleted");
    }

    private async Task<IActionResult> ShowOtherErrorAsync(CatalogException e, int status)
    {
        await LoadAsync(Dataset.Id.ToString());
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["organization"] = p.T("portal.admin.dataset.organization") };
        OtherErrors.Add(e, p.Lang, labels);
        return await ShowAsync(status);
    }

    private async Task<IActionResult> ShowAsync(int status)
    {
        Form = DatasetForm.FromDataset(Dataset, settings.Profile);
        Version = Dataset.Version;
        Sections = await Form.SectionsAsync(db, settings.Profile, p.Actor, p, editing: true, HttpContext.RequestAborted);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(string slug)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        Dataset = await datasets.GetAsync(slug, actor, HttpContext.RequestAborted);
        if (!DatasetService.CanEdit(Dataset, actor)) throw CatalogException.Forbidden("dataset.edit");
        Actions = Workflow.Offered(Dataset.Status, Dataset.OrganizationId, Dataset.OwnerId, actor);
        // Shown only: DatasetService.DeleteAsync decides.
        CanDelete = actor.Has(Dataset.OrganizationId, OrganizationRole.Editor) || (Dataset.Status != DatasetStatus.Published && Dataset.OwnerId == actor.AccountId);
        Resources = Dataset.Resources.Count;
    }
}
