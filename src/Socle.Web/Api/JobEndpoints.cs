using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Web.Api;

/// <summary>Background jobs: what runs, what waits, what failed and why — for people who act on the catalogue.</summary>
internal static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/jobs").WithTags("jobs");
        api.MapGet("/", async (HttpContext http, CatalogDb db) =>
        {
            var actor = await http.ActorAsync();
            actor.RequireAccount();
            var (page, size) = http.Paging();
            var q = db.Jobs.AsNoTracking();
            var subject = http.Request.Query["subject"].ToString();
            // Platform admins see every job; others, the jobs of a resource they can see.
            if (!actor.IsAdmin) await CheckSubjectAsync(db, actor, subject);
            if (subject.Length > 0) q = q.Where(j => j.Subject == subject);
            var state = http.Request.Query["state"].ToString();
            if (state.Length > 0)
            {
                if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var s)) throw CatalogException.Invalid("state", "not-in-list", state, "queued, running, succeeded, failed");
                q = q.Where(j => j.State == s);
            }
            var total = await q.CountAsync();
            var items = await q.OrderByDescending(j => j.CreatedAt).Skip((page - 1) * size).Take(size).ToListAsync();
            return Http.Json(http, ApiJson.Page(items.Select(ApiJson.Job), page, size, total, http));
        }).WithSummary("Lister les tâches (?subject=resource:ID&state=) / List jobs");

        api.MapGet("/{id:guid}/", async (HttpContext http, Guid id, CatalogDb db) =>
        {
            var actor = await http.ActorAsync();
            actor.RequireAccount();
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id) ?? throw CatalogException.NotFound("job", id.ToString());
            if (!actor.IsAdmin) await CheckSubjectAsync(db, actor, job.Subject);
            return Http.Json(http, ApiJson.Job(job));
        }).WithSummary("Une tâche et sa progression / A job and its progress");
    }

    private static async Task CheckSubjectAsync(CatalogDb db, Actor actor, string subject)
    {
        if (!subject.StartsWith("resource:", StringComparison.Ordinal) || !Guid.TryParse(subject["resource:".Length..], out var id))
            throw CatalogException.Invalid("subject", "required");
        var dataset = await db.Resources.AsNoTracking().Where(r => r.Id == id).Select(r => r.Dataset).FirstOrDefaultAsync();
        if (dataset is null || !DatasetService.CanSee(dataset, actor)) throw CatalogException.NotFound("resource", id.ToString());
    }
}
