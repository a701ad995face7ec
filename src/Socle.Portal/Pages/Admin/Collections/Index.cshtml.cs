using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Collections;

/// <summary>The registers the signed-in person works on (with their role in each), and a new one for the admins of an organisation.</summary>
public sealed class IndexModel(CollectionService collections, ConflictService conflicts, PortalContext p) : PageModel
{
    internal IReadOnlyList<(CollectionView View, CollectRights Rights, int OpenConflicts)> Registers { get; private set; } = [];
    internal bool CanCreate { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        p.Actor.RequireAccount();
        CanCreate = p.Actor.IsAdmin || p.Actor.Roles.Values.Any(r => r >= OrganizationRole.Admin);
        // A platform holds a handful of registers: each one's rights are read.
        var list = new List<(CollectionView, CollectRights, int)>();
        foreach (var v in await collections.ListAsync(ct))
        {
            var rights = await collections.RightsAsync(v.Collection, p.Actor, ct);
            if (rights.Role is null) continue;
            var open = rights.Is(CollectionRole.Steward) ? (await conflicts.ListAsync(v.Slug, ConflictStatus.Open, null, 1, 1, ct)).Total : 0;
            list.Add((v, rights, open));
        }
        Registers = list;
    }
}
