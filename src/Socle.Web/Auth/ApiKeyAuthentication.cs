using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Web.Auth;

internal sealed class ApiKeySchemeOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates with an API key (udata's <c>X-API-KEY</c> header, or <c>Authorization: Bearer</c>), and falls
/// back to the session cookie of a signed-in browser.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<ApiKeySchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
    : AuthenticationHandler<ApiKeySchemeOptions>(options, logger, encoder)
{
    public const string Name = "socle";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers["X-API-KEY"].ToString();
        if (header.Length == 0 && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            header = auth[7..].Trim();
        if (header.Length > 0)
        {
            var account = await accounts.AuthenticateKeyAsync(header, Context.RequestAborted);
            return account is null
                ? AuthenticateResult.Fail("invalid API key")
                : AuthenticateResult.Success(new AuthenticationTicket(ActorAccessor.Principal(account, Name), Name));
        }
        return await Context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        return Task.CompletedTask;
    }

    /// <summary>A key that does not authenticate is a 401 on every route, reads included: a script must learn its key is wrong.</summary>
    public static Task RejectBadKeys(HttpContext http, Func<Task> next)
    {
        if (http.User.Identity?.IsAuthenticated != true && (http.Request.Headers.ContainsKey("X-API-KEY")
            || http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)))
            throw CatalogException.Unauthorized();
        return next();
    }
}
