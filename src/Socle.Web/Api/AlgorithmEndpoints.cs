using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Web.Api;

/// <summary>The public algorithm register: search with facets, entries, their workflow and history, exports and the crosswalk.</summary>
internal static class AlgorithmEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/algorithms").WithTags("algorithms");

        api.MapGet("/", async (HttpContext http, AlgorithmSearch search, AlgorithmService algorithms, CatalogSettings settings, CatalogDb db) =>
        {
            var (page, size) = http.Paging();
            var result = await search.SearchAsync(Query(http) with { Page = page, PageSize = size });
            var lang = http.Lang();
            // Listed entries are published; their links are shown as any reader sees them, so a draft dataset is never named.
            var datasets = await algorithms.DatasetsAsync([.. result.Hits.Select(h => h.Algorithm)], Actor.Anonymous);
            var data = result.Hits.Select(h => Hit(h, datasets[h.Algorithm.Id], http));
            return Http.Json(http, new
            {
                data, page = result.Page, page_size = result.PageSize, total = result.Total, sort = result.Sort,
                next_page = (long)result.Page * result.PageSize < result.Total ? ApiJson.PageLink(http, result.Page + 1) : null,
                previous_page = result.Page > 1 ? ApiJson.PageLink(http, result.Page - 1) : null,
                facets = await FacetLabels.DescribeAsync(result.Facets, settings.AlgorithmProfile, db, lang),
            });
        }).WithSummary("Rechercher dans le registre des algorithmes / Search the algorithm register")
          .WithDescription("q: texte libre; sort: relevance, name, -name, -updated, updated, -created, created; " +
                           "filtres / filters: organization et chaque facette du profil / and every profile facet (automation, algorithm_type, lifecycle, theme, scope).");

        // Whole-register exports: every published entry matching the same parameters, not one page.
        app.MapGet("/api/1/algorithms.csv", async (HttpContext http, AlgorithmSearch search, AlgorithmExports exports) =>
        {
            var result = await search.SearchAsync(Query(http) with { All = true });
            await SiteEndpoints.Export(http, "algorithms.csv", (w, ct) => exports.RegisterCsvAsync(w, result, ct));
        }).WithTags("algorithms").WithSummary("Le registre en CSV (mêmes filtres que la recherche) / The register as CSV (same filters as the search)");

        app.MapGet("/api/1/algorithms.json", async (HttpContext http, AlgorithmSearch search, AlgorithmService algorithms) =>
        {
            var result = await search.SearchAsync(Query(http) with { All = true });
            // The linked datasets resolved as a reader sees them (published ones), whoever downloads the export.
            var datasets = await algorithms.DatasetsAsync([.. result.Hits.Select(h => h.Algorithm)], Actor.Anonymous);
            return Http.Json(http, result.Hits.Select(h => Entry(h.Algorithm, datasets[h.Algorithm.Id], http)));
        }).WithTags("algorithms").WithSummary("Le registre en JSON, toutes les fiches / The register as JSON, every entry");

        api.MapGet("/profile/", (HttpContext http, CatalogSettings settings) => Http.Json(http, ProfileJson.Of(settings.AlgorithmProfile, http.Lang())))
            .WithSummary("Les champs d'une fiche / The fields of an entry");

        api.MapGet("/mapping/", (HttpContext http, CatalogSettings settings) =>
        {
            var lang = http.Lang();
            return Http.Json(http, new
            {
                standards = new
                {
                    nl = "Algoritmeregister — publicatiestandaard 1.0 (Pays-Bas / Netherlands)",
                    uk = "Algorithmic Transparency Recording Standard v3 (Royaume-Uni / United Kingdom)",
                },
                fields = AlgorithmExports.Mapping(settings.AlgorithmProfile).Select(r => new
                {
                    field = r.Field, label = r.Label.Get(lang), type = r.Type, required = r.Required,
                    nl = r.Mappings.GetValueOrDefault("nl"), uk = r.Mappings.GetValueOrDefault("uk"),
                }),
            });
        }).WithSummary("Correspondance avec les standards néerlandais et britannique / Crosswalk to the Dutch and UK standards");

        app.MapGet("/api/1/algorithms/mapping.csv", (HttpContext http, CatalogSettings settings) =>
            SiteEndpoints.Export(http, "algorithms-mapping.csv", (w, _) => AlgorithmExports.MappingCsvAsync(w, settings.AlgorithmProfile)))
            .WithTags("algorithms").WithSummary("La correspondance en CSV / The crosswalk as CSV");

        api.MapPost("/", async (HttpContext http, AlgorithmService algorithms) =>
        {
            var actor = await http.ActorAsync();
            var a = await algorithms.CreateAsync(actor, await http.BodyAsync());
            a = await algorithms.GetAsync(a.Id.ToString(), actor);
            http.Response.Headers.Location = $"/api/1/algorithms/{a.Slug}/";
            return Http.Json(http, Entry(a, await algorithms.DatasetsAsync(a, actor), http), 201, a.Version);
        }).WithSummary("Déclarer un algorithme (brouillon) / Declare an algorithm (draft)");

        api.MapGet("/{algorithm}/", async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            var actor = await http.ActorAsync();
            var a = await algorithms.GetAsync(algorithm, actor);
            return Http.Json(http, Entry(a, await algorithms.DatasetsAsync(a, actor), http), version: a.Version);
        }).WithSummary("Une fiche (ETag, If-None-Match) / An entry (ETag, If-None-Match)");

        var update = async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            var actor = await http.ActorAsync();
            var a = await algorithms.UpdateAsync(actor, algorithm, await http.BodyAsync(), Http.IfMatchVersion(http));
            a = await algorithms.GetAsync(a.Id.ToString(), actor);
            return Http.Json(http, Entry(a, await algorithms.DatasetsAsync(a, actor), http), version: a.Version);
        };
        api.MapPut("/{algorithm}/", update).WithSummary("Modifier (propriétés présentes seulement ; If-Match) / Update (present properties only; If-Match)");
        api.MapPatch("/{algorithm}/", update).WithSummary("Modifier (comme PUT) / Update (as PUT)");

        api.MapDelete("/{algorithm}/", async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            await algorithms.DeleteAsync(await http.ActorAsync(), algorithm);
            return Results.NoContent();
        }).WithSummary("Supprimer / Delete");

        api.MapPost("/{algorithm}/status/", async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            var body = await http.BodyAsync();
            var actor = await http.ActorAsync();
            var a = await algorithms.TransitionAsync(actor, algorithm, body["action"]?.ToString() ?? "", body["note"]?.ToString());
            a = await algorithms.GetAsync(a.Id.ToString(), actor);
            return Http.Json(http, Entry(a, await algorithms.DatasetsAsync(a, actor), http), version: a.Version);
        }).WithSummary("Circuit de publication : propose, publish, reject, unpublish, reopen / Workflow");

        api.MapGet("/{algorithm}/revisions/", async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            var revs = await algorithms.RevisionsAsync(await http.ActorAsync(), algorithm);
            return Http.Json(http, revs.Select(r => new
            {
                number = r.Number, author = r.AuthorId, author_name = r.AuthorName, at = r.At, note = r.Note, changes = JsonNode.Parse(r.Changes),
            }));
        }).WithSummary("Historique / History");

        api.MapGet("/{algorithm}/revisions/{number:int}/", async (HttpContext http, string algorithm, int number, AlgorithmService algorithms) =>
        {
            var revs = await algorithms.RevisionsAsync(await http.ActorAsync(), algorithm);
            var r = revs.FirstOrDefault(x => x.Number == number) ?? throw CatalogException.NotFound("revision", number.ToString(CultureInfo.InvariantCulture));
            return Http.Json(http, new { number = r.Number, author = r.AuthorId, author_name = r.AuthorName, at = r.At, note = r.Note,
                changes = JsonNode.Parse(r.Changes), snapshot = JsonNode.Parse(r.Snapshot) });
        }).WithSummary("Une révision et la fiche complète après elle / A revision and the whole entry after it");

        api.MapGet("/{algorithm}/revisions/compare/", async (HttpContext http, string algorithm, AlgorithmService algorithms) =>
        {
            var from = Http.Int(http, "from") ?? throw CatalogException.Invalid("from", "required");
            var to = Http.Int(http, "to") ?? throw CatalogException.Invalid("to", "required");
            return Http.Json(http, new { from, to, changes = await algorithms.CompareAsync(await http.ActorAsync(), algorithm, from, to) });
        }).WithSummary("Comparer deux révisions (?from=&to=) / Compare two revisions");
    }

    /// <summary>The search parameters of a request: text, sort, and every other parameter as a facet filter (comma = OR).</summary>
    internal static AlgorithmQuery Query(HttpContext http) => new()
    {
        Q = http.Request.Query["q"].ToString(),
        Sort = http.Request.Query["sort"].ToString() is { Length: > 0 } s ? s : null,
        Filters = FacetFilters.Read(http.Request.Query, AlgorithmQuery.Parameters),
    };

    private static JsonObject Hit(AlgorithmHit h, List<LinkedDataset> datasets, HttpContext http)
    {
        var o = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(Entry(h.Algorithm, datasets, http), ApiJson.Options)!;
        o["name_html"] = h.NameHtml;
        o["snippet"] = h.Snippet;
        o["score"] = h.Score;
        return o;
    }

    /// <summary>An entry with its linked datasets as the reader may see them.</summary>
    public static object Entry(Algorithm a, List<LinkedDataset> datasets, HttpContext http) => new
    {
        id = a.Id, slug = a.Slug, name = a.Name,
        description = a.Description, description_html = MarkdownText.ToSafeHtml(a.Description),
        organization = a.Organization is null ? null : new { id = a.Organization.Id, slug = a.Organization.Slug, name = a.Organization.Name },
        datasets = datasets.Select(d => new { id = d.Id, slug = d.Slug, title = d.Title, uri = $"{ApiJson.Base(http)}/api/1/datasets/{d.Slug}/" }),
        fields = a.Fields,
        status = DatasetSnapshot.StatusName(a.Status), status_changed_at = a.StatusChangedAt, review_note = a.ReviewNote,
        created_at = a.CreatedAt, last_modified = a.UpdatedAt, version = a.Version,
        uri = $"{ApiJson.Base(http)}/api/1/algorithms/{a.Slug}/",
        page = $"{ApiJson.Base(http)}/algorithms/{a.Slug}/",
    };
}
