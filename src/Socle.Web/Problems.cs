using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Socle.Catalog.Services;
using Socle.Validation.Reporting;
using Socle.Web.Api;

namespace Socle.Web;

/// <summary>
/// Every error as an RFC 9457 problem detail, titled in the reader's language (<c>?lang=</c> or Accept-Language,
/// French first), with an <c>errors</c> list naming each bad field when the request was invalid.
/// </summary>
internal static class Problems
{
    public static string Lang(HttpContext http)
    {
        if (http.Request.Query.TryGetValue("lang", out var q) && q.Count > 0) return Messages.Normalize(q[0]);
        var accept = http.Request.Headers.AcceptLanguage.ToString();
        if (accept.Length == 0) return Messages.French;
        var first = accept.Split(',')[0].Trim();
        return first.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Messages.English : Messages.French;
    }

    public static int StatusOf(Exception e) => e switch
    {
        CatalogException c => c.Problem switch
        {
            Problem.Invalid => 400,
            Problem.Unauthorized => 401,
            Problem.Forbidden => 403,
            Problem.NotFound => 404,
            Problem.Conflict => 409,
            Problem.PreconditionFailed => 412,
            Problem.TooLarge => 413,
            Problem.Unavailable => 503,
            Problem.PreconditionRequired => 428,
            _ => 400,
        },
        BadHttpRequestException b => b.StatusCode,
        System.Text.Json.JsonException => 400,
        _ => 500,
    };

    public static async Task HandleAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var lang = Lang(http);
        var status = error is null ? 500 : StatusOf(error);
        http.Response.StatusCode = status;
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://socle.dev/problems/{Code(error)}",
            ["status"] = status,
            ["instance"] = http.Request.Path.Value,
        };
        switch (error)
        {
            case CatalogException c:
                body["title"] = c.Title(lang);
                body["code"] = c.Code;
                if (c.Errors.Count > 0)
                {
                    body["detail"] = string.Join(" ", c.Errors.Select(e => e.Message(lang)));
                    body["errors"] = c.Errors.Select(e => new { field = e.Field, code = e.Code, message = e.Message(lang) }).ToList();
                }
                break;
            case BadHttpRequestException b when b.StatusCode == 413:
                body["title"] = Messages.Get("web.problem.too-large", lang);
                break;
            case System.Text.Json.JsonException or BadHttpRequestException:
                body["title"] = Messages.Get("web.problem.bad-request", lang);
                body["detail"] = error.Message;
                break;
            default:
                body["title"] = Messages.Get("web.problem.internal", lang);
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Socle.Web").LogError(error, "Unhandled error on {Path}", http.Request.Path);
                break;
        }
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        await http.Response.WriteAsJsonAsync(body, ApiJson.Options, "application/problem+json; charset=utf-8");
    }

    /// <summary>Bare status codes (unknown route, wrong method, 401 from authentication) get a problem body too.</summary>
    public static async Task StatusPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Response.HasStarted || http.Response.ContentLength > 0) return;
        var lang = Lang(http);
        var status = http.Response.StatusCode;
        var key = status switch { 401 => "unauthorized", 403 => "forbidden", 404 => "not-found-route", 405 => "method", 415 => "media-type", _ => "status" };
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["type"] = $"https://socle.dev/problems/{key}",
            ["title"] = Messages.Format($"web.problem.{key}", lang, status),
            ["status"] = status,
            ["instance"] = http.Request.Path.Value,
        }, ApiJson.Options, "application/problem+json; charset=utf-8");
    }

    private static string Code(Exception? e) => e switch
    {
        CatalogException c => c.Code,
        System.Text.Json.JsonException => "bad-json",
        BadHttpRequestException b when b.StatusCode == 413 => "too-large",
        BadHttpRequestException => "bad-request",
        _ => "internal",
    };
}
