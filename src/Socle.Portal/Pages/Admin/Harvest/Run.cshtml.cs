using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;
using Socle.Storage.Jobs;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>
/// A run's report, as <c>/api/1/harvest/runs/{id}/</c> gives it: its status (with its job's progress while it is queued
/// or running — the page reloads itself until it ends), why it failed, its counts, and what it did to each remote
/// dataset, filtered by outcome and a page at a time.
/// </summary>
public sealed class RunModel(HarvestService harvest, CatalogDb db, PortalContext p) : PageModel
{
    public const int PageSize = 100;

    internal HarvestRun Run { get; private set; } = null!;
    internal HarvestSource Source => Run.Source!;
    /// <summary>The job running it, for its progress while it is not finished.</summary>
    internal Job? Job { get; private set; }
    /// <summary>Why the run failed, in the reader's language.</summary>
    internal string? Error { get; private set; }
    internal List<HarvestItem> Items { get; private set; } = [];
    internal Dictionary<string, int> Counts { get; private set; } = [];
    internal string? Outcome { get; private set; }
    internal int Total { get; private set; }
    internal int PageNumber { get; private set; } = 1;
    internal int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(Guid id, string? outcome, int? page)
    {
        var ct = HttpContext.RequestAborted;
        var actor = p.Actor;
        actor.RequireAccount();
        Run = await harvest.GetRunAsync(id, ct);
        actor.Require(Source.OrganizationId, OrganizationRole.Editor, "harvest.edit");
        if (Run.Error is { } error) Error = JsonSerializer.Deserialize<HarvestProblem>(error)?.Describe(p.Lang);
        if (!HarvestViews.Finished(Run) && Run.JobId is { } job)
            Job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == job, ct);

        var all = HarvestItem.Parse(Run.Items);
        Counts = all.GroupBy(i => i.Outcome).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Outcome = HarvestViews.Outcomes.Contains(outcome) ? outcome : null;
        var shown = Outcome is { } o ? all.Where(i => i.Outcome == o).ToList() : all;
        Total = shown.Count;
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Items = [.. shown.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    /// <summary>The API twin of the report.</summary>
    internal string Twin => $"/api/1/harvest/runs/{Run.Id}/";
}
