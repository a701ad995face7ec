using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;

namespace Socle.Web.Api;

/// <summary>
/// Harvest sources (DCAT, CKAN, udata) and their runs, at udata's addresses (<c>/api/1/harvest/sources/</c>). Reading is
/// public — a portal says where its harvested datasets come from; the organisation's editors configure and run.
/// </summary>
internal static class HarvestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/harvest").WithTags("harvest");

        api.MapGet("/sources/", async (HttpContext http, HarvestService harvest) =>
        {
            var sources = await harvest.ListAsync(ct: http.RequestAborted);
            return Http.Json(http, new { data = sources.Select(s => Source(s, http)), total = sources.Count });
        }).WithSummary("Les sources moissonnées / The harvested sources");

        api.MapPost("/sources/", async (HttpContext http, HarvestService harvest) =>
        {
            var s = await harvest.CreateAsync(await http.ActorAsync(), await http.BodyAsync(), http.RequestAborted);
            http.Response.Headers.Location = $"/api/1/harvest/sources/{s.Slug}/";
            return Http.Json(http, Source(await harvest.GetAsync(s.Slug, http.RequestAborted), http), 201, s.Version);
        }).WithSummary("Ajouter une source (type dcat, ckan ou udata ; fréquence manual, hourly, daily, weekly, monthly) / Add a source (type dcat, ckan or udata; frequency manual, hourly, daily, weekly, monthly)");

        api.MapGet("/sources/{source}/", async (HttpContext http, string source, HarvestService harvest) =>
        {
            var s = await harvest.GetAsync(source, http.RequestAborted);
            return Http.Json(http, Source(s, http), version: s.Source.Version);
        }).WithSummary("Une source / A source");

        var update = async (HttpContext http, string source, HarvestService harvest) =>
        {
            var s = await harvest.UpdateAsync(await http.ActorAsync(), source, await http.BodyAsync(), Http.IfMatchVersion(http), http.RequestAborted);
            return Http.Json(http, Source(await harvest.GetAsync(s.Slug, http.RequestAborted), http), version: s.Version);
        };
        api.MapPut("/sources/{source}/", update).WithSummary("Modifier une source (propriétés présentes seulement ; If-Match) / Update a source (present properties only; If-Match)");
        api.MapPatch("/sources/{source}/", update).WithSummary("Modifier une source / Update a source");

        api.MapDelete("/sources/{source}/", async (HttpContext http, string source, HarvestService harvest) =>
        {
            await harvest.DeleteAsync(await http.ActorAsync(), source, http.RequestAborted);
            return Results.NoContent();
        }).WithSummary("Supprimer une source qui n'a apporté aucun jeu (sinon, la désactiver) / Delete a source that brought no dataset (otherwise, deactivate it)");

        api.MapPost("/sources/{source}/run/", async (HttpContext http, string source, HarvestService harvest) =>
        {
            var run = await harvest.RunAsync(await http.ActorAsync(), source, http.RequestAborted);
            http.Response.Headers.Location = $"/api/1/harvest/runs/{run.Id}/";
            return Http.Json(http, Run(await harvest.GetRunAsync(run.Id, http.RequestAborted), http, items: false), 202);
        }).WithSummary("Moissonner maintenant (tâche ; le rapport suit à /api/1/harvest/runs/{id}/) / Harvest now (a job; the report follows at /api/1/harvest/runs/{id}/)");

        api.MapGet("/sources/{source}/runs/", async (HttpContext http, string source, HarvestService harvest) =>
        {
            var (page, size) = http.Paging();
            var (runs, total) = await harvest.RunsAsync(source, page, size, http.RequestAborted);
            return Http.Json(http, ApiJson.Page(runs.Select(r => Run(r, http, items: false)), page, size, total, http));
        }).WithSummary("Les moissonnages d'une source, du plus récent au plus ancien / A source's runs, newest first");

        api.MapGet("/runs/{id:guid}/", async (HttpContext http, Guid id, HarvestService harvest) =>
            Http.Json(http, Run(await harvest.GetRunAsync(id, http.RequestAborted), http, items: true)))
            .WithSummary("Le rapport d'un moissonnage : créés, modifiés, inchangés, archivés, en échec, avec les raisons / A run's report: created, updated, unchanged, archived, failed, with reasons");
    }

    public static object Source(HarvestSourceView v, HttpContext http)
    {
        var s = v.Source;
        return new
        {
            id = s.Id, slug = s.Slug, name = s.Name, description = s.Description, type = s.Type, url = s.Url, filter = s.Filter,
            organization = s.Organization is null ? null : new { id = s.Organization.Id, slug = s.Organization.Slug, name = s.Organization.Name },
            frequency = s.Frequency, active = s.Active, next_run_at = s.NextRunAt,
            datasets = v.Datasets, archived = v.Archived,
            last_run = v.LastRun is null ? null : Run(v.LastRun, http, items: false),
            created_at = s.CreatedAt, last_modified = s.UpdatedAt, version = s.Version,
            uri = $"{ApiJson.Base(http)}/api/1/harvest/sources/{s.Slug}/",
        };
    }

    public static object Run(HarvestRun r, HttpContext http, bool items)
    {
        var lang = http.Lang();
        return new
        {
            id = r.Id, source = r.Source?.Slug, trigger = r.Trigger, status = r.Status.ToString().ToLowerInvariant(), job = r.JobId,
            created_at = r.CreatedAt, started_at = r.StartedAt, finished_at = r.FinishedAt, pages = r.Pages,
            created = r.Created, updated = r.Updated, unchanged = r.Unchanged, archived = r.Archived, failed = r.Failed,
            error = r.Error is null ? null : JsonSerializer.Deserialize<HarvestProblem>(r.Error)?.Describe(lang),
            items = items ? HarvestItem.Parse(r.Items).Select(i => new
            {
                remote_id = i.RemoteId, title = i.Title, outcome = i.Outcome, dataset = i.Dataset,
                dataset_uri = i.Dataset is null ? null : $"{ApiJson.Base(http)}/api/1/datasets/{i.Dataset}/",
                reason = i.Reason?.Describe(lang),
                notes = i.Notes?.Select(n => n.Describe(lang)),
            }) : null,
            uri = $"{ApiJson.Base(http)}/api/1/harvest/runs/{r.Id}/",
        };
    }
}
