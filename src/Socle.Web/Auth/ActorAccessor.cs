using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Services;

namespace Socle.Web.Auth;

/// <summary>The actor of the current request, read once from its authenticated account (API key or cookie).</summary>
internal sealed class ActorAccessor(AccountService accounts)
{
    private Actor? actor;

    public async Task<Actor> GetAsync(HttpContext http)
    {
        if (actor is not null) return actor;
        var id = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !Guid.TryParse(id, out var guid)) return actor = Actor.Anonymous;
        var account = await accounts.FindAsync(guid, http.RequestAborted);
        // A deleted account or a changed password (security stamp) ends the cookie session.
        if (account is null || http.User.FindFirstValue("stamp") is { } stamp && stamp != account.SecurityStamp) return actor = Actor.Anonymous;
        return actor = Actor.For(account);
    }
}
