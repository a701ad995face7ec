using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Files;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;
using Socle.Validation.Reporting;

namespace Socle.Portal.Pages.Validate;

/// <summary>
/// The JSON twin of <c>/validate/</c>: the same inputs (the form posted here, or a link's query), the report shaped
/// like frictionless' as <c>socle validate --json</c> writes it; a problem detail naming the bad fields otherwise.
/// </summary>
// As the page: validating changes nothing, and the multipart body is streamed by the handler, not buffered first.
[IgnoreAntiforgeryToken]
public sealed class ReportJsonModel(SchemaResolver schemas, CatalogSettings settings, PortalContext p, PublicFetcher fetcher) : PageModel
{
    public Task<IActionResult> OnGetAsync() => ValidateAsync(run => { run.ReadQuery(Request.Query); return Task.CompletedTask; }, attachment: false);

    public Task<IActionResult> OnPostAsync() => ValidateAsync(run => run.ReadFormAsync(Request, HttpContext.RequestAborted), attachment: true);

    private async Task<IActionResult> ValidateAsync(Func<ValidationRun, Task> read, bool attachment)
    {
        using var run = new ValidationRun(schemas, settings, p, fetcher);
        await read(run);
        if (!await run.RunAsync(HttpContext.RequestAborted))
        {
            var problem = new JsonObject
            {
                ["title"] = Messages.Get("portal.validate.errors.title", p.Lang),
                ["status"] = 400,
                ["errors"] = new JsonArray(run.Errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Key, ["message"] = e.Value }).ToArray()),
            };
            return new ContentResult
            {
                StatusCode = 400, ContentType = "application/problem+json; charset=utf-8",
                Content = problem.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            };
        }
        // A posted form downloads a file (the page stays); a link shows the JSON.
        if (attachment)
        {
            var name = (run.FileName is { } f ? Path.GetFileNameWithoutExtension(f) + "-" : "") + Messages.Get("portal.validate.json.filename", p.Lang);
            Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            {
                FileNameStar = name + ".json",
            }.ToString();
        }
        return Content(run.ReportJson(), "application/json; charset=utf-8");
    }
}
