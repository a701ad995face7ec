using System.Security.Claims;
using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>
/// The actor of the current request (scoped: one per request), read once from its authenticated account, whether
/// the API key handler or the session cookie authenticated it. Shared by the API and the portal pages.
/// </summary>
public sealed class ActorAccessor(AccountService accounts)
{
    private Actor? actor;

    public async Task<Actor> GetAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (actor is not null) return actor;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !Guid.TryParse(id, out var guid)) return actor = Actor.Anonymous;
        var account = await accounts.FindAsync(guid, ct);
        // A deleted account or a changed password (security stamp) ends the cookie session.
        if (account is null || user.FindFirstValue("stamp") is { } stamp && stamp != account.SecurityStamp) return actor = Actor.Anonymous;
        return actor = Actor.For(account);
    }

    /// <summary>The principal a signed-in account carries (in its session cookie, or per request with an API key).</summary>
    public static ClaimsPrincipal Principal(Account account, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
        new Claim(ClaimTypes.Name, account.DisplayName),
        new Claim("stamp", account.SecurityStamp ?? ""),
    ], scheme));
}
