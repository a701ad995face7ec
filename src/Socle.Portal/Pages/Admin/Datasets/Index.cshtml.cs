using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>The datasets the signed-in person works on (their organisations' and their own), by status, a page at a time.</summary>
public sealed class IndexModel(CatalogDb db, PortalContext p) : PageModel
{
    public const int PageSize = 25;

    /// <summary>A dataset of the list; a harvested one is read-only here (<see cref="Harvested"/>), so it links to its public page.</summary>
    public sealed record Row(string Slug, string Title, string? Organization, DatasetStatus Status, DateTimeOffset UpdatedAt, int Resources, bool Harvested);

    public List<Row> Rows { get; private set; } = [];
    public Dictionary<DatasetStatus, int> Counts { get; private set; } = [];
    public DatasetStatus? Status { get; private set; }
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, int? page, string? done)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        Done = done == "deleted" ? done : null;
        var mine = AdminQueries.MyDatasets(db, actor);
        Counts = (await mine.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        Status = status switch
        {
            "draft" => DatasetStatus.Draft, "proposed" => DatasetStatus.Proposed,
            "published" => DatasetStatus.Published, "rejected" => DatasetStatus.Rejected, "archived" => DatasetStatus.Archived, _ => null,
        };
        var q = Status is { } s ? mine.Where(d => d.Status == s) : mine;
        Total = Status is { } st ? Counts.GetValueOrDefault(st) : Counts.Values.Sum();
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Rows = await q.OrderByDescending(d => d.UpdatedAt).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Slug, d.Title, d.Organization == null ? null : d.Organization.Name, d.Status, d.UpdatedAt, d.Resources.Count, d.HarvestSourceId != null))
            .ToListAsync(ct);
        return Page();
    }
}
