using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Datasets;

/// <summary>The confirmation after a proposal: what was recorded, its status, and that reviewers will see it.</summary>
public sealed class ProposeSentModel(DatasetService datasets, PortalContext p) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "dataset")] string? slug)
    {
        p.Actor.RequireAccount();
        if (string.IsNullOrEmpty(slug)) return Redirect("/datasets/propose/");
        // Only its author (and reviewers) may see a proposal: anyone else gets the same 404 as for a missing one.
        Dataset = await datasets.GetAsync(slug, p.Actor, HttpContext.RequestAborted);
        return Page();
    }
}
