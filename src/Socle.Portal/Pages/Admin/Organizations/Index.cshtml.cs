using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Organizations;

/// <summary>The organisations the signed-in person belongs to, with their role (every one for a platform admin).</summary>
public sealed class IndexModel(CatalogDb db, PortalContext p) : PageModel
{
    public sealed record Row(string Slug, string Name, string? Acronym, OrganizationRole? Role, int Members, int Datasets);

    public List<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = p.Actor;
        actor.RequireAccount();
        var ids = actor.Roles.Keys.ToList();
        var q = db.Organizations.AsNoTracking();
        if (!actor.IsAdmin) q = q.Where(o => ids.Contains(o.Id));
        var rows = await q.OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Slug, o.Name, o.Acronym, Members = o.Members.Count, Datasets = db.Datasets.Count(d => d.OrganizationId == o.Id) })
            .ToListAsync(HttpContext.RequestAborted);
        Rows = rows.Select(o => new Row(o.Slug, o.Name, o.Acronym, actor.Roles.TryGetValue(o.Id, out var r) ? r : null, o.Members, o.Datasets)).ToList();
        return Page();
    }
}
