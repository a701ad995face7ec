using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Algorithms;

/// <summary>The register entries the signed-in person works on (<see cref="AlgorithmService.ManageableAsync"/>), by status, a page at a time.</summary>
public sealed class IndexModel(AlgorithmService algorithms, PortalContext p) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(string Slug, string Name, string? Organization, DatasetStatus Status, DateTimeOffset UpdatedAt);

    public List<Row> Rows { get; private set; } = [];
    public Dictionary<DatasetStatus, int> Counts { get; private set; } = [];
    public DatasetStatus? Status { get; private set; }
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, int? page, string? done)
    {
        p.Actor.RequireAccount();
        Done = done == "deleted" ? done : null;
        // A register holds hundreds of entries: the service's list is filtered and paged here.
        var mine = await algorithms.ManageableAsync(p.Actor, HttpContext.RequestAborted);
        Counts = mine.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        Status = status switch
        {
            "draft" => DatasetStatus.Draft, "proposed" => DatasetStatus.Proposed,
            "published" => DatasetStatus.Published, "rejected" => DatasetStatus.Rejected, _ => null,
        };
        var shown = Status is { } s ? mine.Where(a => a.Status == s).ToList() : mine;
        Total = shown.Count;
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Rows = [.. shown.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(a => new Row(a.Slug, a.Name, a.Organization?.Name, a.Status, a.UpdatedAt))];
        return Page();
    }
}
