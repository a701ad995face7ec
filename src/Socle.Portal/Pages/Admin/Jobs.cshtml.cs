using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Storage.Jobs;

namespace Socle.Portal.Pages.Admin;

/// <summary>Background jobs as <c>/api/1/jobs/</c> lists them (state, kind, progress, error, dates), for platform admins.</summary>
public sealed class JobsModel(CatalogDb db, PortalContext p) : PageModel
{
    public const int PageSize = 50;

    /// <summary>What a job is about, when it is a resource: its title and dataset, to link to.</summary>
    public sealed record Subject(string Title, string Slug, Guid Id);

    public List<Job> Jobs { get; private set; } = [];
    public Dictionary<string, Subject> Subjects { get; private set; } = [];
    public Dictionary<JobState, int> Counts { get; private set; } = [];
    public JobState? State { get; private set; }
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(string? state, int? page)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        if (!actor.IsAdmin) throw CatalogException.Forbidden("jobs");
        var ct = HttpContext.RequestAborted;
        State = Enum.TryParse<JobState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(state, out _) ? s : null;
        Counts = (await db.Jobs.AsNoTracking().GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        var q = db.Jobs.AsNoTracking();
        if (State is { } st) q = q.Where(j => j.State == st);
        Total = State is { } t ? Counts.GetValueOrDefault(t) : Counts.Values.Sum();
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Jobs = await q.OrderByDescending(j => j.CreatedAt).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        // The resources of this page, in one query.
        var ids = Jobs.Select(j => j.Subject.StartsWith("resource:", StringComparison.Ordinal) && Guid.TryParse(j.Subject.AsSpan(9), out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).Distinct().ToList();
        Subjects = (await db.Resources.AsNoTracking().Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Id, r.Title, r.Dataset!.Slug }).ToListAsync(ct))
            .ToDictionary(r => "resource:" + r.Id, r => new Subject(r.Title, r.Slug, r.Id));
        return Page();
    }

    /// <summary>The API twin of this page: same state filter and page.</summary>
    public string Twin => "/api/1/jobs/?" + string.Join("&", new[]
    {
        State is { } s ? "state=" + s.ToString().ToLowerInvariant() : null,
        "page=" + PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "page_size=" + PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(x => x is not null));
}
