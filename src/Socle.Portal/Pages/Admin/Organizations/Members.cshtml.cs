using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Organizations;

/// <summary>
/// An organisation's members and their roles. Its members see the list; its administrators add people by e-mail,
/// change roles and remove members (the catalogue keeps at least one administrator).
/// </summary>
public sealed class MembersModel(OrganizationService organizations, PortalContext p) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    public List<Membership> Members { get; private set; } = [];
    public bool CanManage { get; private set; }
    internal FormErrors Errors { get; } = new() { Prefix = "add-" };
    /// <summary>Refusals of a role change or a removal (the last administrator, a vanished account).</summary>
    internal FormErrors RowErrors { get; } = new();
    public string Email { get; private set; } = "";
    public string Role { get; private set; } = "contributor";
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done)
    {
        await LoadAsync(slug);
        Done = done is "added" or "changed" or "removed" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string slug, string? email, string? role)
    {
        await LoadAsync(slug);
        Email = email?.Trim() ?? "";
        Role = role ?? "";
        if (Email.Length == 0) Errors.Add("email", p.T("portal.admin.member.email.required"));
        else
        {
            try
            {
                await organizations.SetMemberAsync(p.Actor, Organization.Id.ToString(), Email, Role, HttpContext.RequestAborted);
                return Redirect($"/admin/organizations/{Organization.Slug}/members/?done=added");
            }
            catch (CatalogException e) when (e.Problem is Problem.NotFound)
            {
                Errors.Add("email", p.T("portal.admin.member.unknown", Email));
            }
            catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict)
            {
                Errors.Add(e, p.Lang, Labels());
            }
        }
        return await ShowAsync(slug, 400);
    }

    public async Task<IActionResult> OnPostRoleAsync(string slug, Guid account, string? role)
    {
        await LoadAsync(slug);
        try
        {
            await organizations.SetMemberAsync(p.Actor, Organization.Id.ToString(), account.ToString(), role ?? "", HttpContext.RequestAborted);
            return Redirect($"/admin/organizations/{Organization.Slug}/members/?done=changed");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Conflict or Problem.NotFound)
        {
            RowErrors.Add(e, p.Lang, Labels());
            return await ShowAsync(slug, e.Problem == Problem.Conflict ? 409 : 400);
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, Guid account)
    {
        await LoadAsync(slug);
        try
        {
            await organizations.RemoveMemberAsync(p.Actor, Organization.Id.ToString(), account.ToString(), HttpContext.RequestAborted);
            return Redirect($"/admin/organizations/{Organization.Slug}/members/?done=removed");
        }
        catch (CatalogException e) when (e.Problem is Problem.Conflict or Problem.NotFound)
        {
            RowErrors.Add(e, p.Lang, Labels());
            return await ShowAsync(slug, e.Problem == Problem.Conflict ? 409 : 404);
        }
    }

    private Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        ["email"] = p.T("portal.admin.member.email"), ["role"] = p.T("portal.admin.member.role"),
    };

    private async Task<IActionResult> ShowAsync(string slug, int status)
    {
        await LoadAsync(slug);
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync(string slug)
    {
        var actor = p.Actor;
        actor.RequireAccount();
        var ct = HttpContext.RequestAborted;
        Organization = await organizations.GetAsync(slug, ct);
        // As the API: members see the list, administrators change it (the service checks again on every change).
        actor.Require(Organization.Id, OrganizationRole.Contributor, "organization.members");
        CanManage = actor.Has(Organization.Id, OrganizationRole.Admin);
        Members = await organizations.MembersAsync(Organization.Id.ToString(), ct);
    }
}
