using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin;

/// <summary>
/// The review queue: datasets proposed to the organisations the reader edits for (all of them for a platform admin),
/// oldest first, each with publish and reject (with a note to the proposer) — moves the catalogue makes and checks.
/// </summary>
public sealed class ReviewModel(CatalogDb db, DatasetService datasets, PortalContext p) : PageModel
{
    public const int Limit = 100;

    public sealed record Row(Guid Id, string Slug, string Title, string? Organization, string? Proposer, DateTimeOffset ProposedAt, string Description);

    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? Done { get; private set; }
    public string? DoneTitle { get; private set; }
    internal FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string? done, string? title)
    {
        await LoadAsync();
        Done = done is "publish" or "reject" ? done : null;
        DoneTitle = title;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? note)
    {
        Require();
        try
        {
            var d = await datasets.TransitionAsync(p.Actor, id.ToString(), action is "publish" ? "publish" : "reject",
                string.IsNullOrWhiteSpace(note) ? null : note.Trim(), HttpContext.RequestAborted);
            return Redirect($"/admin/review/?done={(action is "publish" ? "publish" : "reject")}&title={Uri.EscapeDataString(d.Title)}");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict)
        {
            // A dataset without an organisation cannot be published; one reviewed meanwhile is no longer proposed.
            db.ChangeTracker.Clear();
            Errors.Add(e, p.Lang, new Dictionary<string, string> { ["organization"] = p.T("portal.admin.dataset.organization") }, inline: false);
            await LoadAsync();
            Response.StatusCode = e.Problem == Problem.Conflict ? 409 : 400;
            return Page();
        }
    }

    private void Require()
    {
        p.Actor.RequireAccount();
        if (!AdminQueries.Reviews(p.Actor)) throw CatalogException.Forbidden("dataset.publish");
    }

    private async Task LoadAsync()
    {
        Require();
        var ct = HttpContext.RequestAborted;
        var q = AdminQueries.ReviewQueue(db, p.Actor);
        Total = await q.CountAsync(ct);
        Rows = await q.OrderBy(d => d.StatusChangedAt).Take(Limit)
            .Select(d => new Row(d.Id, d.Slug, d.Title, d.Organization == null ? null : d.Organization.Name,
                db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.DisplayName).FirstOrDefault(), d.StatusChangedAt,
                d.Description.Length > 300 ? d.Description.Substring(0, 300) : d.Description))
            .ToListAsync(ct);
    }
}
