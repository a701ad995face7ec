using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Socle.Portal.Pages;

/// <summary>The HTML page of an error status, rendered in place (the address stays the one asked for).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string TitleKey => $"portal.error.{Known}.title";
    public string TextKey => $"portal.error.{Known}.text";
    private string Known => Status is 400 or 401 or 403 or 404 or 409 or 503 ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "500";

    public IActionResult OnGet(int status) => Render(status);
    public IActionResult OnPost(int status) => Render(status);

    private IActionResult Render(int status)
    {
        // Reached directly, it shows the page with a 200; re-executed for a real error, it keeps that error's status.
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Status = status is >= 400 and < 600 ? status : 500;
        if (reexecuted) Response.StatusCode = Status;
        return Page();
    }
}
