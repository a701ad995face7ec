using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Harvest;

/// <summary>
/// The harvest sources the signed-in person manages (those of the organisations they edit for; every one for a platform
/// admin), with what each brought and its last run — the list <c>/api/1/harvest/sources/</c> gives to everyone.
/// </summary>
public sealed class IndexModel(HarvestService harvest, PortalContext p) : PageModel
{
    internal List<HarvestSourceView> Sources { get; private set; } = [];
    /// <summary>Whether the reader edits for some organisation, and so may add a source.</summary>
    internal bool CanCreate { get; private set; }
    internal string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        Done = done == "deleted" ? done : null;
        CanCreate = AdminQueries.Reviews(actor);
        // A platform holds a handful of sources: the service's whole list is filtered here.
        Sources = [.. (await harvest.ListAsync(ct: HttpContext.RequestAborted)).Where(s => actor.Has(s.Source.OrganizationId, OrganizationRole.Editor))];
        return Page();
    }
}
