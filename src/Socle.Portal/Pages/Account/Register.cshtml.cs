using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Account;

/// <summary>Creating an account (anyone may, to propose data or comment), then signed in at once.</summary>
public sealed class RegisterModel(AccountService accounts, PortalContext p) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var account = await accounts.RegisterAsync(Email ?? "", Name ?? "", Password ?? "", ct: HttpContext.RequestAborted);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                ActorAccessor.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
            return LocalRedirect(ReturnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : "/admin/");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict)
        {
            foreach (var f in e.Errors) Errors.TryAdd(f.Field, f.Message(p.Lang));
            if (e.Errors.Count == 0) Errors["email"] = e.Title(p.Lang);
            Password = "";
            Response.StatusCode = 400;
            return Page();
        }
    }
}
