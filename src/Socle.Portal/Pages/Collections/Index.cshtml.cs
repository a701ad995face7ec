using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Collect.Records;

namespace Socle.Portal.Pages.Collections;

/// <summary>The registers, by title, with their organisation and their number of records (as <c>/api/1/collections/</c>).</summary>
public sealed class IndexModel(CollectionService collections) : PageModel
{
    internal IReadOnlyList<CollectionView> Collections { get; private set; } = [];

    public async Task OnGetAsync() => Collections = await collections.ListAsync(HttpContext.RequestAborted);
}
