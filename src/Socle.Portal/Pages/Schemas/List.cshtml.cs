using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;

namespace Socle.Portal.Pages.Schemas;

/// <summary>
/// The schemas of the catalogue (registered here, or named by URL by a resource) with the published datasets that
/// follow them and their conformance rate, as <c>/api/1/schemas/</c> lists them.
/// </summary>
public sealed class ListModel(SchemaUsage usage) : PageModel
{
    internal IReadOnlyList<SchemaUse> Schemas { get; private set; } = [];

    public async Task OnGetAsync() => Schemas = await usage.ListAsync(HttpContext.RequestAborted);
}
