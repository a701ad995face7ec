using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Portal.Discovery;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// The CSV twin of a search (<c>/datasets/search.csv?</c> + the page's query): every matching dataset, in the search's
/// order, with the columns of <c>/datasets.csv</c>, streamed. A bad parameter is refused before the first byte.
/// </summary>
public sealed class SearchCsvModel(SearchService search, CatalogExports exports) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var keys = await search.KeysAsync(SearchParameters.Read(Request.Query) with { Facets = false }, HttpContext.RequestAborted);
        return new CsvStream("datasets-search.csv", (w, ct) => exports.DatasetsAsync(w, keys, ct));
    }

    private sealed class CsvStream(string name, Func<TextWriter, CancellationToken, Task> write) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            await using var w = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16);
            await write(w, context.HttpContext.RequestAborted);
            await w.FlushAsync(context.HttpContext.RequestAborted);
        }
    }
}
