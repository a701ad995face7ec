using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Web.Api;

internal static class DatasetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/datasets").WithTags("datasets");

        api.MapGet("/", async (HttpContext http, SearchService search, CatalogSettings settings, CatalogDb db) =>
        {
            var (page, size) = http.Paging();
            var filters = FacetFilters.Read(http.Request.Query, SearchQuery.Parameters);
            var result = await search.SearchAsync(new SearchQuery
            {
                Q = http.Request.Query["q"].ToString(), Filters = filters, Sort = NullIfEmpty(http.Request.Query["sort"].ToString()),
                Page = page, PageSize = size, Facets = http.Request.Query["facets"].ToString() != "false",
                FacetSize = Http.Int(http, "facet_size") ?? 10,
            });
            var lang = http.Lang();
            var data = result.Hits.Select(h => new { dataset = ApiJson.Dataset(h.Dataset, http, lang), title_html = h.TitleHtml, snippet = h.Snippet, score = h.Score })
                .Select(x => Merge(x.dataset, x.title_html, x.snippet, x.score));
            var facets = await FacetLabels.DescribeAsync(result.Facets, settings.Profile, db, lang);
            return Http.Json(http, new
            {
                data, page = result.Page, page_size = result.PageSize, total = result.Total, sort = result.Sort,
                next_page = (long)result.Page * result.PageSize < result.Total ? ApiJson.PageLink(http, result.Page + 1) : null,
                previous_page = result.Page > 1 ? ApiJson.PageLink(http, result.Page - 1) : null,
                facets,
            });
        }).WithSummary("Rechercher des jeux de données (facettes, filtres, tri) / Search datasets (facets, filters, sort)")
          .WithDescription("q: texte libre; sort: relevance, -updated, updated, -quality, quality, title, -title, -created, created; " +
                           "filtres / filters: organization, license, format, tag, territory, frequency, schema et chaque facette du profil / and every profile facet (valeurs séparées par des virgules = OU / comma-separated values = OR).");

        api.MapPost("/", async (HttpContext http, DatasetService datasets) =>
        {
            var d = await datasets.CreateAsync(await http.ActorAsync(), await http.BodyAsync());
            d = await datasets.GetAsync(d.Id.ToString(), await http.ActorAsync());
            http.Response.Headers.Location = $"/api/1/datasets/{d.Slug}/";
            return Http.Json(http, ApiJson.Dataset(d, http, http.Lang()), 201, d.Version);
        }).WithSummary("Créer ou proposer un jeu de données / Create or propose a dataset");

        api.MapGet("/{dataset}/", async (HttpContext http, string dataset, DatasetService datasets, Socle.Catalog.Harvest.HarvestService harvest) =>
        {
            var d = await datasets.GetAsync(dataset, await http.ActorAsync());
            var o = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(ApiJson.Dataset(d, http, http.Lang()), ApiJson.Options)!;
            // Where a harvested dataset comes from, as udata's "harvest" object says it.
            if (await harvest.OriginAsync(d, http.RequestAborted) is { Link: var link, Source: var source })
                o["harvest"] = System.Text.Json.JsonSerializer.SerializeToNode(new
                {
                    source = new { id = source.Id, slug = source.Slug, name = source.Name, type = source.Type, url = source.Url },
                    remote_id = link.RemoteId, remote_uri = link.RemoteUri, remote_url = link.RemotePage,
                    first_seen_at = link.FirstSeenAt, last_seen_at = link.LastSeenAt, archived_at = link.ArchivedAt,
                }, ApiJson.Options);
            return Http.Json(http, o, version: d.Version);
        }).WithSummary("Un jeu de données (ETag, If-None-Match) / A dataset (ETag, If-None-Match)");

        var update = async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var actor = await http.ActorAsync();
            var d = await datasets.UpdateAsync(actor, dataset, await http.BodyAsync(), Http.IfMatchVersion(http));
            d = await datasets.GetAsync(d.Id.ToString(), actor);
            return Http.Json(http, ApiJson.Dataset(d, http, http.Lang()), version: d.Version);
        };
        api.MapPut("/{dataset}/", update).WithSummary("Modifier (propriétés présentes seulement ; If-Match) / Update (present properties only; If-Match)");
        api.MapPatch("/{dataset}/", update).WithSummary("Modifier (comme PUT) / Update (as PUT)");

        api.MapDelete("/{dataset}/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            await datasets.DeleteAsync(await http.ActorAsync(), dataset);
            return Results.NoContent();
        }).WithSummary("Supprimer / Delete");

        api.MapPost("/{dataset}/status/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var body = await http.BodyAsync();
            var actor = await http.ActorAsync();
            var d = await datasets.TransitionAsync(actor, dataset, body["action"]?.ToString() ?? "", body["note"]?.ToString());
            d = await datasets.GetAsync(d.Id.ToString(), actor);
            return Http.Json(http, ApiJson.Dataset(d, http, http.Lang()), version: d.Version);
        }).WithSummary("Circuit de publication : propose, publish, reject, unpublish, reopen / Workflow");

        api.MapGet("/{dataset}/revisions/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var revs = await datasets.RevisionsAsync(await http.ActorAsync(), dataset);
            return Http.Json(http, revs.Select(r => new
            {
                number = r.Number, author = r.AuthorId, author_name = r.AuthorName, at = r.At, note = r.Note,
                changes = JsonNode.Parse(r.Changes),
            }));
        }).WithSummary("Historique des métadonnées / Metadata history");

        api.MapGet("/{dataset}/revisions/{number:int}/", async (HttpContext http, string dataset, int number, DatasetService datasets) =>
        {
            var revs = await datasets.RevisionsAsync(await http.ActorAsync(), dataset);
            var r = revs.FirstOrDefault(x => x.Number == number) ?? throw CatalogException.NotFound("revision", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Http.Json(http, new { number = r.Number, author = r.AuthorId, author_name = r.AuthorName, at = r.At, note = r.Note,
                changes = JsonNode.Parse(r.Changes), snapshot = JsonNode.Parse(r.Snapshot) });
        }).WithSummary("Une révision et l'état complet après elle / A revision and the full state after it");

        api.MapGet("/{dataset}/revisions/compare/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var from = Http.Int(http, "from") ?? throw CatalogException.Invalid("from", "required");
            var to = Http.Int(http, "to") ?? throw CatalogException.Invalid("to", "required");
            return Http.Json(http, new { from, to, changes = await datasets.CompareAsync(await http.ActorAsync(), dataset, from, to) });
        }).WithSummary("Comparer deux révisions (?from=&to=) / Compare two revisions");

        api.MapGet("/{dataset}/quality/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var d = await datasets.GetAsync(dataset, await http.ActorAsync());
            return Http.Json(http, ApiJson.Quality(d, http.Lang()));
        }).WithSummary("Score de qualité, critère par critère / Quality score, criterion by criterion");

        api.MapGet("/{dataset}/comments/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var comments = await datasets.CommentsAsync(await http.ActorAsync(), dataset);
            return Http.Json(http, comments.Select(c => new { id = c.Id, author = c.AuthorId, author_name = c.Author?.DisplayName, body = c.Body, body_html = MarkdownText.ToSafeHtml(c.Body), created_at = c.CreatedAt }));
        }).WithSummary("Commentaires / Comments");

        api.MapPost("/{dataset}/comments/", async (HttpContext http, string dataset, DatasetService datasets) =>
        {
            var body = await http.BodyAsync();
            var c = await datasets.CommentAsync(await http.ActorAsync(), dataset, body["body"]?.ToString() ?? "");
            return Http.Json(http, new { id = c.Id, author = c.AuthorId, author_name = c.Author?.DisplayName, body = c.Body, body_html = MarkdownText.ToSafeHtml(c.Body), created_at = c.CreatedAt }, 201);
        }).WithSummary("Commenter / Comment");
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>A search hit: the dataset's JSON plus the highlighted title, the snippet and the relevance score.</summary>
    private static JsonObject Merge(object dataset, string titleHtml, string? snippet, int score)
    {
        var o = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(dataset, ApiJson.Options)!;
        o["title_html"] = titleHtml;
        o["snippet"] = snippet;
        o["score"] = score;
        return o;
    }
}
