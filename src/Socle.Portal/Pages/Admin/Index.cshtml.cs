using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin;

/// <summary>The back office's home: my organisations and roles, my datasets by status, what waits for review.</summary>
public sealed class IndexModel(CatalogDb db, PortalContext p) : PageModel
{
    public const int Shown = 5;

    public sealed record OrgRow(string Slug, string Name, OrganizationRole Role);
    /// <summary>A recent dataset; a harvested one has no edit page (<see cref="Harvested"/>): it links to its public page.</summary>
    public sealed record DatasetRow(string Slug, string Title, string? Organization, DateTimeOffset UpdatedAt, bool Harvested);

    public List<OrgRow> Organizations { get; private set; } = [];
    public Dictionary<DatasetStatus, int> Counts { get; private set; } = [];
    public Dictionary<DatasetStatus, List<DatasetRow>> Latest { get; } = [];
    public int ToReview { get; private set; }
    public int Keys { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = p.Actor;
        var me = actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        var ids = actor.Roles.Keys.ToList();
        Organizations = (await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name)
                .Select(o => new { o.Id, o.Slug, o.Name }).ToListAsync(ct))
            .Select(o => new OrgRow(o.Slug, o.Name, actor.Roles[o.Id])).ToList();
        var mine = AdminQueries.MyDatasets(db, actor);
        Counts = (await mine.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        foreach (var status in new[] { DatasetStatus.Draft, DatasetStatus.Proposed, DatasetStatus.Published })
            Latest[status] = await mine.Where(d => d.Status == status).OrderByDescending(d => d.UpdatedAt).Take(Shown)
                .Select(d => new DatasetRow(d.Slug, d.Title, d.Organization == null ? null : d.Organization.Name, d.UpdatedAt, d.HarvestSourceId != null)).ToListAsync(ct);
        if (AdminQueries.Reviews(actor)) ToReview = await AdminQueries.ReviewQueue(db, actor).CountAsync(ct);
        Keys = await db.ApiKeys.CountAsync(k => k.AccountId == me && k.RevokedAt == null, ct);
        return Page();
    }
}
