using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// Who works on the register beyond its organisation's own roles (stewards read it, admins change it): an account named
/// contributor, steward or admin, on some regions or departments, or everywhere.
/// </summary>
public sealed class MembersModel(CollectionService collections, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal CollectRights Rights { get; private set; } = null!;
    internal IReadOnlyList<(CollectionMember Member, Socle.Catalog.Model.Account? Account)> Members { get; private set; } = [];
    internal Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal) { ["role"] = "contributor" };
    internal FormErrors Errors { get; } = new();
    internal string? Done { get; private set; }

    public async Task OnGetAsync(string slug, string? done)
    {
        await LoadAsync(slug);
        Done = done is "saved" or "removed" ? done : null;
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        var form = await Request.ReadFormAsync(ct);
        foreach (var n in new[] { "email", "role", "territories" }) Values[n] = form[n].ToString().Trim();
        var territories = new JsonArray();
        foreach (var t in Values["territories"].Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            territories.Add(t);
        try
        {
            await collections.SetMemberAsync(p.Actor, slug, new JsonObject { ["email"] = Values["email"], ["role"] = Values["role"], ["territories"] = territories }, ct);
            return Redirect(CollectViews.Base(slug) + "members/?done=saved");
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            CollectViews.AddErrors(Errors, e, p, Labels, f => f == "account" ? "email" : f);
            Response.StatusCode = 400;
            await LoadAsync(slug);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, Guid account)
    {
        await collections.RemoveMemberAsync(p.Actor, slug, account, HttpContext.RequestAborted);
        return Redirect(CollectViews.Base(slug) + "members/?done=removed");
    }

    private async Task LoadAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Rights = await collections.RightsAsync(View.Collection, p.Actor, ct);
        Members = await collections.MembersAsync(p.Actor, slug, ct);
    }

    internal Dictionary<string, string> Labels => new(StringComparer.Ordinal)
    {
        ["email"] = p.T("portal.collect.members.email"), ["role"] = p.T("portal.collect.members.role"), ["territories"] = p.T("portal.collect.members.territories"),
    };

    internal IEnumerable<InputView> Inputs()
    {
        yield return new InputView("email", p.T("portal.collect.members.email"), InputKind.Email)
        {
            Hint = p.T("portal.collect.members.email.hint"), Required = true, Values = [Values.GetValueOrDefault("email") ?? ""], Error = Errors.For("email"),
        };
        yield return new InputView("role", p.T("portal.collect.members.role"), InputKind.Select)
        {
            Required = true, Values = [Values.GetValueOrDefault("role") ?? ""], Error = Errors.For("role"),
            Options = [.. new[] { "contributor", "steward", "admin" }.Select(r => new OptionView(r, p.T("portal.collect.role." + r)))],
        };
        yield return new InputView("territories", p.T("portal.collect.members.territories"), InputKind.Lines)
        {
            Hint = p.T("portal.collect.members.territories.hint"), Values = [.. (Values.GetValueOrDefault("territories") ?? "").Split('\n')],
            Error = Errors.For("territories"),
        };
    }

    internal static string RoleName(CollectionRole r) => r.ToString().ToLowerInvariant();
}
