using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

/// <summary>Site-wide facts: the profile, licences, frequencies, registered schemas, the catalogue exports.</summary>
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

        api.MapGet("/schemas/", async (HttpContext http, SchemaUsage usage) => Http.Json(http, (await usage.ListAsync(http.RequestAborted)).Select(s => Schema(s, http))))
            .WithSummary("Schémas : enregistrés ou cités, jeux qui les suivent, taux de conformité / Schemas: registered or named, datasets following them, conformance rate");
        app.MapGet("/api/1/schemas.csv", (HttpContext http, SchemaUsage usage) => Export(http, "schemas.csv", async (w, ct) =>
        {
            await Csv.RowAsync(w, ["name", "title", "registered", "datasets", "resources", "valid", "invalid", "not_validated", "conformance"]);
            foreach (var s in await usage.ListAsync(ct))
                await Csv.RowAsync(w, [s.Reference, s.Title, s.Registered ? "true" : "false", Invariant(s.Datasets.Count), Invariant(s.Resources), Invariant(s.Valid),
                    Invariant(s.Invalid), Invariant(s.NotValidated), s.Conformance is { } c ? Invariant(c) : null]);
        })).WithTags("site").WithSummary("Les schémas en CSV / The schemas as CSV");

        // Whole-catalogue exports, as data.gouv.fr offers them.
        app.MapGet("/datasets.csv", (HttpContext http, CatalogExports e) => Export(http, "datasets.csv", e.DatasetsAsync)).WithTags("exports");
        app.MapGet("/resources.csv", (HttpContext http, CatalogExports e) => Export(http, "resources.csv", e.ResourcesAsync)).WithTags("exports");
        app.MapGet("/organizations.csv", (HttpContext http, CatalogExports e) => Export(http, "organizations.csv", e.OrganizationsAsync)).WithTags("exports");
    }

    private static object Schema(SchemaUse s, HttpContext http) => new
    {
        name = s.Reference, title = s.Title, registered = s.Registered,
        url = s.Registered ? $"{ApiJson.Base(http)}/api/1/schemas/{s.Reference}/schema.json" : s.Reference,
        datasets = s.Datasets.Count,
        followed_by = s.Datasets.Select(d => new { slug = d.Slug, title = d.Title, uri = $"{ApiJson.Base(http)}/api/1/datasets/{d.Slug}/" }),
        resources = s.Resources, valid = s.Valid, invalid = s.Invalid, not_validated = s.NotValidated,
        conformance = s.Conformance,
    };

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static async Task Export(HttpContext http, string name, Func<TextWriter, CancellationToken, Task> write)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await using var w = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await write(w, http.RequestAborted);
        await w.FlushAsync(http.RequestAborted);
    }
}
