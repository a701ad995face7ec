using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Services;

namespace Socle.Portal.Infrastructure;

/// <summary>
/// Runs around every page: loads the reader (account, language) before the handler, and turns the catalogue's
/// refusals into status codes, which the host renders as HTML error pages (a 404 stays at its URL).
/// </summary>
internal sealed class PortalPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        await http.RequestServices.GetRequiredService<PortalContext>().LoadAsync(http);
        var executed = await next();
        if (executed.Exception is CatalogException e && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = e.Problem switch
            {
                // Signing in is the answer to "who are you?": back to this page afterwards.
                Problem.Unauthorized => new RedirectResult("/login/?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)),
                Problem.Forbidden => new StatusCodeResult(403),
                Problem.NotFound => new StatusCodeResult(404),
                Problem.Conflict => new StatusCodeResult(409),
                Problem.Unavailable => new StatusCodeResult(503),
                _ => new StatusCodeResult(400),
            };
        }
    }
}
