using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

internal static class OrganizationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/organizations").WithTags("organizations");
        api.MapGet("/", async (HttpContext http, OrganizationService orgs) =>
        {
            var (page, size) = http.Paging();
            var (items, total) = await orgs.ListAsync(page, size);
            return Http.Json(http, ApiJson.Page(items.Select(o => ApiJson.Organization(o, http)), page, size, total, http));
        }).WithSummary("Lister les organisations / List organisations");

        api.MapPost("/", async (HttpContext http, OrganizationService orgs) =>
        {
            var org = await orgs.CreateAsync(await http.ActorAsync(), await http.BodyAsync());
            http.Response.Headers.Location = $"/api/1/organizations/{org.Slug}/";
            return Http.Json(http, ApiJson.Organization(org, http), 201);
        }).WithSummary("Créer une organisation / Create an organisation");

        api.MapGet("/{org}/", async (HttpContext http, string org, OrganizationService orgs) =>
            Http.Json(http, ApiJson.Organization(await orgs.GetAsync(org), http))).WithSummary("Une organisation / An organisation");

        api.MapPut("/{org}/", async (HttpContext http, string org, OrganizationService orgs) =>
            Http.Json(http, ApiJson.Organization(await orgs.UpdateAsync(await http.ActorAsync(), org, await http.BodyAsync()), http)))
            .WithSummary("Modifier une organisation / Update an organisation");

        // Its datasets, drafts included for its members.
        api.MapGet("/{org}/datasets/", async (HttpContext http, string org, OrganizationService orgs, CatalogDb db) =>
        {
            var o = await orgs.GetAsync(org);
            var actor = await http.ActorAsync();
            var (page, size) = http.Paging();
            var q = db.Datasets.AsNoTracking().Include(d => d.Organization).Include(d => d.License).Where(d => d.OrganizationId == o.Id);
            if (!actor.Has(o.Id, OrganizationRole.Contributor)) q = q.Where(d => d.Status == DatasetStatus.Published);
            var total = await q.CountAsync();
            var items = await q.OrderByDescending(d => d.UpdatedAt).Skip((page - 1) * size).Take(size).ToListAsync();
            return Http.Json(http, ApiJson.Page(items.Select(d => ApiJson.Dataset(d, http, http.Lang(), full: false)), page, size, total, http));
        }).WithSummary("Les jeux de données d'une organisation / An organisation's datasets");

        api.MapGet("/{org}/members/", async (HttpContext http, string org, OrganizationService orgs) =>
        {
            var actor = await http.ActorAsync();
            var o = await orgs.GetAsync(org);
            actor.Require(o.Id, OrganizationRole.Contributor, "organization.members");
            var members = await orgs.MembersAsync(org);
            return Http.Json(http, members.Select(m => new { account = m.AccountId, name = m.Account?.DisplayName, email = m.Account?.Email, role = m.Role.ToString().ToLowerInvariant(), since = m.Since }));
        }).WithSummary("Membres / Members");

        api.MapPost("/{org}/members/", async (HttpContext http, string org, OrganizationService orgs) =>
        {
            var body = await http.BodyAsync();
            var m = await orgs.SetMemberAsync(await http.ActorAsync(), org, body["account"]?.ToString() ?? "", body["role"]?.ToString() ?? "");
            return Http.Json(http, new { account = m.AccountId, name = m.Account?.DisplayName, role = m.Role.ToString().ToLowerInvariant(), since = m.Since }, 201);
        }).WithSummary("Ajouter un membre ou changer son rôle / Add a member or change a role");

        api.MapDelete("/{org}/members/{account}/", async (HttpContext http, string org, string account, OrganizationService orgs) =>
        {
            await orgs.RemoveMemberAsync(await http.ActorAsync(), org, account);
            return Results.NoContent();
        }).WithSummary("Retirer un membre / Remove a member");
    }
}
