using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Socle.Portal.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
