using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;

namespace Socle.Portal.Pages.Organizations;

/// <summary>The organisations, by name, a page at a time (as <c>/api/1/organizations/</c>), with their published datasets counted.</summary>
public sealed class ListModel(OrganizationService organizations, CatalogDb db) : PageModel
{
    internal sealed record Row(Organization Organization, int Datasets);

    internal IReadOnlyList<Row> Rows { get; private set; } = [];
    internal Pagination? Pages { get; private set; }
    internal IReadOnlyList<FieldError> Errors { get; private set; } = [];
    internal string JsonUrl => "/api/1/organizations/" + Request.QueryString;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            var (page, size) = SearchParameters.Paging(Request.Query, 20);
            var (items, total) = await organizations.ListAsync(page, size, ct);
            var ids = items.Select(o => (Guid?)o.Id).ToList();
            // One grouped count for the page's organisations, not one query each.
            var counts = await db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published && ids.Contains(d.OrganizationId))
                .GroupBy(d => d.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count, ct);
            Rows = items.Select(o => new Row(o, counts.GetValueOrDefault(o.Id))).ToList();
            Pages = new Pagination(page, size, total);
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            Errors = e.Errors;
            Response.StatusCode = 400;
        }
    }
}
