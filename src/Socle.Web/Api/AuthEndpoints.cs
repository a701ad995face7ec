using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Services;
using Socle.Web.Auth;

namespace Socle.Web.Api;

/// <summary>Accounts, browser sessions (cookie) and API keys.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1").WithTags("auth");
        api.MapPost("/auth/register/", async (HttpContext http, AccountService accounts) =>
        {
            var body = await http.BodyAsync();
            var account = await accounts.RegisterAsync(Str(body, "email"), Str(body, "name"), Str(body, "password"));
            return Http.Json(http, new { id = account.Id, email = account.Email, name = account.DisplayName }, 201);
        }).WithSummary("Créer un compte / Create an account");

        api.MapPost("/auth/login/", async (HttpContext http, AccountService accounts) =>
        {
            var body = await http.BodyAsync();
            var account = await accounts.CheckPasswordAsync(Str(body, "email"), Str(body, "password"));
            if (account is null) throw new CatalogException(Problem.Unauthorized, "credentials");
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                ActorAccessor.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
            return Http.Json(http, new { id = account.Id, email = account.Email, name = account.DisplayName });
        }).WithSummary("Ouvrir une session (cookie) / Sign in (cookie)");

        api.MapPost("/auth/logout/", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).WithSummary("Fermer la session / Sign out");

        api.MapGet("/me/", async (HttpContext http, AccountService accounts) =>
        {
            var actor = await http.ActorAsync();
            var me = await accounts.FindAsync(actor.RequireAccount()) ?? throw CatalogException.Unauthorized();
            return Http.Json(http, new
            {
                id = me.Id, email = me.Email, name = me.DisplayName, is_admin = me.IsAdmin,
                organizations = me.Memberships.Select(m => new { id = m.OrganizationId, role = m.Role.ToString().ToLowerInvariant() }),
            });
        }).WithSummary("Mon compte / My account");

        api.MapGet("/me/apikeys/", async (HttpContext http, AccountService accounts) =>
        {
            var keys = await accounts.KeysAsync(await http.ActorAsync());
            return Http.Json(http, keys.Select(k => new { id = k.Id, name = k.Name, prefix = k.Prefix, created_at = k.CreatedAt, last_used_at = k.LastUsedAt, revoked_at = k.RevokedAt }));
        }).WithSummary("Mes clés d'API / My API keys");

        api.MapPost("/me/apikeys/", async (HttpContext http, AccountService accounts) =>
        {
            var body = await http.BodyAsync();
            var (key, secret) = await accounts.CreateKeyAsync(await http.ActorAsync(), Str(body, "name"));
            // The secret appears in this answer only: it is stored hashed.
            return Http.Json(http, new { id = key.Id, name = key.Name, prefix = key.Prefix, created_at = key.CreatedAt, key = secret }, 201);
        }).WithSummary("Créer une clé d'API (affichée une seule fois) / Create an API key (shown once)");

        api.MapDelete("/me/apikeys/{id:guid}/", async (HttpContext http, Guid id, AccountService accounts) =>
        {
            await accounts.RevokeKeyAsync(await http.ActorAsync(), id);
            return Results.NoContent();
        }).WithSummary("Révoquer une clé / Revoke a key");
    }

    private static string Str(System.Text.Json.Nodes.JsonObject body, string name) =>
        body[name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
