using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Storage.Jobs;

namespace Socle.Portal.Pages.Admin.Schemas;

/// <summary>A catalogue import's job (what <c>/api/1/jobs/{id}/</c> shows): its progress while it runs, then its report.</summary>
internal sealed record ImportView(Job Job, SchemaImportReport? Report)
{
    public bool Running => Job.State is JobState.Queued or JobState.Running;
}

/// <summary>
/// One catalogue import, for platform admins: the progress, asked for again every two seconds by htmx while the job runs
/// (reloaded by the browser without JavaScript), then the report — versions added, unchanged, schemas skipped and versions
/// that failed, each with its reason in the reader's language.
/// </summary>
public sealed class ImportModel(CatalogDb db, PortalContext p) : PageModel
{
    internal ImportView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        View = await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync(Guid id) => Partial("_ImportStatus", await LoadAsync(id));

    private async Task<ImportView> LoadAsync(Guid id)
    {
        SchemaRegistry.RequireAdmin(p.Actor, "schemas");
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.Kind == SchemaRegistry.ImportJobKind, HttpContext.RequestAborted)
            ?? throw CatalogException.NotFound("job", id.ToString());
        SchemaImportReport? report = null;
        if (job is { State: JobState.Succeeded, Result: { } result })
        {
            try { report = JsonSerializer.Deserialize<SchemaImportReport>(result); }
            catch (JsonException) { }
        }
        return new ImportView(job, report);
    }
}
