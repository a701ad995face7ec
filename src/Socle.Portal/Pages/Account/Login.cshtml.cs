using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;

namespace Socle.Portal.Pages.Account;

/// <summary>Signing in with an e-mail address and a password: the same session cookie as the API's.</summary>
public sealed class LoginModel(AccountService accounts) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool Failed { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await accounts.CheckPasswordAsync(Email ?? "", Password ?? "", HttpContext.RequestAborted);
        if (account is null)
        {
            Failed = true;
            Password = "";
            Response.StatusCode = 400;
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorAccessor.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        // Only an address of this site: a link cannot send a signed-in reader elsewhere.
        return LocalRedirect(ReturnUrl is { Length: > 0 } r && Url.IsLocalUrl(r) ? r : "/admin/");
    }
}
