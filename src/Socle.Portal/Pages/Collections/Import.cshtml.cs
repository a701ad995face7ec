using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Storage.Jobs;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// An import (stewards), as <c>/api/1/collections/{slug}/imports/{id}/</c> gives it: its job's progress while it is
/// planned or committed (the page reloads itself until the job ends), then the dry run — counts by outcome, the first
/// rows of each with what they change, their conflicts and errors, the columns left aside — and the choice to commit
/// it (all of it, or without its rows in error) or to give it up; or why it failed.
/// </summary>
public sealed class ImportModel(CollectionService collections, ImportService imports, CollectDb db, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal ImportBatch Batch { get; private set; } = null!;
    internal ImportPlan? Plan { get; private set; }
    internal Job? Job { get; private set; }
    internal string? Outcome { get; private set; }
    /// <summary>Why the import failed (or what the last commit attempt said), in the reader's language.</summary>
    internal List<string> Problems { get; private set; } = [];
    /// <summary>A refused commit or discard, in the reader's language.</summary>
    internal string? Refusal { get; private set; }
    /// <summary>Its job ended without bringing the import to its next state (a crash): the page says so and stops reloading.</summary>
    internal bool Stopped => ImportViews.Running(Batch.Status) && Job is { State: JobState.Failed or JobState.Succeeded };
    internal bool Running => ImportViews.Running(Batch.Status) && !Stopped;

    public async Task OnGetAsync(string slug, Guid id, string? outcome) => await LoadAsync(slug, id, outcome);

    public Task<IActionResult> OnPostCommitAsync(string slug, Guid id) => ActAsync(slug, id, () => imports.CommitAsync(p.Actor, slug, id, skipInvalid: false, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostCommitValidAsync(string slug, Guid id) => ActAsync(slug, id, () => imports.CommitAsync(p.Actor, slug, id, skipInvalid: true, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDiscardAsync(string slug, Guid id) => ActAsync(slug, id, () => imports.DiscardAsync(p.Actor, slug, id, HttpContext.RequestAborted));

    private async Task<IActionResult> ActAsync(string slug, Guid id, Func<Task<ImportBatch>> act)
    {
        try
        {
            var b = await act();
            return Redirect(CollectViews.Base(slug) + "imports/" + b.Id + "/");
        }
        catch (CatalogException e) when (e.Problem is Problem.Conflict or Problem.Invalid)
        {
            await LoadAsync(slug, id, null);
            Refusal = e.Title(p.Lang);
            Response.StatusCode = 409;
            return Page();
        }
    }

    private async Task LoadAsync(string slug, Guid id, string? outcome)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct)).Require(CollectionRole.Steward, "import.read", anywhere: true);
        Batch = await imports.GetAsync(slug, id, ct);
        Plan = ImportPlan.FromJson(Batch.Plan);
        Problems = ImportViews.Messages(Batch.Error, p.Lang);
        if (ImportViews.Running(Batch.Status) && Batch.JobId is { } job)
            Job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == job, ct);
        if (Plan is not null)
            Outcome = ImportViews.Outcomes.Contains(outcome) ? outcome
                : ImportViews.Outcomes.FirstOrDefault(o => ImportViews.Count(Plan, o) > 0 && o != RowOutcome.Unchanged) ?? RowOutcome.Unchanged;
    }

    internal string Here => CollectViews.Base(View.Slug) + "imports/" + Batch.Id + "/";
    internal string Twin => CollectViews.Api(View.Slug) + "imports/" + Batch.Id + "/";

    internal IEnumerable<PlanRow> Rows => Plan?.Samples.Where(r => r.Outcome == Outcome) ?? [];
}
