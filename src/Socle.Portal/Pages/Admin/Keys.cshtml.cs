using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin;

/// <summary>My API keys: the list, a new key (its secret shown once, in the answer to its creation only), revocation.</summary>
public sealed class KeysModel(AccountService accounts, PortalContext p) : PageModel
{
    public List<ApiKey> Keys { get; private set; } = [];
    internal FormErrors Errors { get; } = new();
    public string Name { get; private set; } = "";
    /// <summary>The secret of the key just created: never stored, never shown again.</summary>
    public string? Secret { get; private set; }
    public string? SecretName { get; private set; }
    public bool Revoked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        Revoked = done == "revoked";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        Name = name?.Trim() ?? "";
        try
        {
            var (key, secret) = await accounts.CreateKeyAsync(p.Actor, Name, HttpContext.RequestAborted);
            Secret = secret;
            SecretName = key.Name;
            Name = "";
            // The page carries a secret: no cache, no copy kept by the browser.
            Response.Headers.CacheControl = "no-store";
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid)
        {
            Errors.Add(e, p.Lang, new Dictionary<string, string> { ["name"] = p.T("portal.admin.keys.name") });
            Response.StatusCode = 400;
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        await accounts.RevokeKeyAsync(p.Actor, id, HttpContext.RequestAborted);
        return Redirect("/admin/keys/?done=revoked");
    }

    private async Task LoadAsync() => Keys = await accounts.KeysAsync(p.Actor, HttpContext.RequestAborted);
}
