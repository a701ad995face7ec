using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>The register's imports, newest first, with their status and dry-run counts (stewards), as <c>/api/1/collections/{slug}/imports/</c>.</summary>
public sealed class ImportsModel(CollectionService collections, ImportService imports, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal IReadOnlyList<(ImportBatch Batch, ImportPlan? Plan)> Imports { get; private set; } = [];

    public async Task OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct)).Require(CollectionRole.Steward, "import.list", anywhere: true);
        Imports = [.. (await imports.ListAsync(slug, ct)).Select(b => (b, ImportPlan.FromJson(b.Plan)))];
    }
}
