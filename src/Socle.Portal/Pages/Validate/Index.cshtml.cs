using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Validate;

/// <summary>
/// Validating any table file against any schema, in the request, with the report on the same page. A file URL and a
/// registered schema or schema URL also come as a link (<c>?url=…&amp;schema=…</c>), so a report can be shared.
/// </summary>
// Validating changes nothing, so a forged request gains nothing; and the antiforgery check would read (buffer) the
// whole multipart body before the handler could stream it.
[IgnoreAntiforgeryToken]
public sealed class IndexModel(SchemaResolver schemas, SchemaRegistry registry, CatalogSettings settings, PortalContext p, PublicFetcher fetcher) : PageModel
{
    public IReadOnlyList<RegisteredSchema> Registered { get; private set; } = [];
    public ValidationRun? Run { get; private set; }
    public ReportView? Report { get; private set; }
    public long MaxUploadBytes => settings.MaxUploadBytes;
    public Dictionary<string, string> Errors => Run?.Errors ?? new();

    public async Task<IActionResult> OnGetAsync()
    {
        Registered = ValidationRun.Registered(registry);
        if (!Request.Query.ContainsKey(ValidationRun.UrlField)) return Page();
        return await ValidateAsync(run => { run.ReadQuery(Request.Query); return Task.CompletedTask; });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Registered = ValidationRun.Registered(registry);
        return await ValidateAsync(run => run.ReadFormAsync(Request, HttpContext.RequestAborted));
    }

    private async Task<IActionResult> ValidateAsync(Func<ValidationRun, Task> read)
    {
        // The temporary files go with the request; the page only needs the inputs and the report's view.
        using var run = new ValidationRun(schemas, settings, p, fetcher);
        Run = run;
        await read(run);
        if (!await run.RunAsync(HttpContext.RequestAborted))
        {
            Response.StatusCode = 400;
            return Page();
        }
        Report = ReportView.From(run.Report!, p.Lang, run.Source, run.SchemaInfo);
        return Page();
    }
}
