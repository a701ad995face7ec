using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

/// <summary>Site-wide facts: the profile, licences, frequencies, the catalogue exports (the schemas: <see cref="SchemaEndpoints"/>).</summary>
internal static class SiteEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1").WithTags("site");
        api.MapGet("/site/", async (HttpContext http, CatalogDb db, CatalogSettings settings) => Http.Json(http, new
        {
            title = "Socle",
            profile = settings.Profile.Id,
            datasets = await db.Datasets.CountAsync(d => d.Status == DatasetStatus.Published),
            organizations = await db.Organizations.CountAsync(),
            resources = await db.Resources.CountAsync(r => r.Dataset!.Status == DatasetStatus.Published),
            algorithms = await db.Algorithms.CountAsync(a => a.Status == DatasetStatus.Published),
            exports = new[] { "/datasets.csv", "/resources.csv", "/organizations.csv", "/api/1/algorithms.csv", "/api/1/algorithms.json" },
        })).WithSummary("Le site en chiffres / The site in figures");

        api.MapGet("/datasets/licenses/", async (HttpContext http, CatalogDb db) =>
            Http.Json(http, (await db.Licenses.AsNoTracking().ToListAsync()).OrderBy(l => l.Title).Select(l => new { id = l.Id, title = l.Title, url = l.Url, open = l.IsOpen, alternate_titles = l.Aliases })))
            .WithSummary("Licences");

        api.MapGet("/datasets/frequencies/", (HttpContext http, CatalogSettings settings) =>
        {
            var lang = http.Lang();
            var v = settings.Profile.Vocabulary("frequency");
            return Http.Json(http, v is null ? [] : v.Concepts.Select(c => new { id = c.Value, label = c.Label.Get(lang), uri = c.Uri }));
        }).WithSummary("Fréquences de mise à jour / Update frequencies");

        api.MapGet("/profile/", (HttpContext http, CatalogSettings settings) => Http.Json(http, ProfileJson.Of(settings.Profile, http.Lang())))
            .WithSummary("Le profil de métadonnées actif / The active metadata profile");

        // Whole-catalogue exports, as data.gouv.fr offers them.
        app.MapGet("/datasets.csv", (HttpContext http, CatalogExports e) => Export(http, "datasets.csv", e.DatasetsAsync)).WithTags("exports");
        app.MapGet("/resources.csv", (HttpContext http, CatalogExports e) => Export(http, "resources.csv", e.ResourcesAsync)).WithTags("exports");
        app.MapGet("/organizations.csv", (HttpContext http, CatalogExports e) => Export(http, "organizations.csv", e.OrganizationsAsync)).WithTags("exports");
    }

    internal static async Task Export(HttpContext http, string name, Func<TextWriter, CancellationToken, Task> write)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await using var w = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await write(w, http.RequestAborted);
        await w.FlushAsync(http.RequestAborted);
    }
}
