using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Services;
using Socle.Tabular;
using Socle.Tabular.Export;
using Socle.Tabular.Query;

namespace Socle.Web.Api;

/// <summary>
/// The tabular API, on data.gouv.fr's routes (<c>/api/1/resources/{id}/data/</c>, <c>…/profile/</c>,
/// <c>…/swagger/</c>) and envelope (<c>data</c>, <c>links</c>, <c>meta</c>), with exports in six formats.
/// </summary>
internal static class TableEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/1/resources/{id:guid}").WithTags("tables");

        api.MapGet("/", async (HttpContext http, Guid id, TableService tables) =>
        {
            var (r, d, _) = await tables.FindAsync(id, await http.ActorAsync(), http.RequestAborted);
            return Http.Json(http, ApiJson.Resource(r, d, http));
        }).WithSummary("Une ressource, par son seul identifiant / A resource, by its id alone");

        api.MapGet("/data/", async (HttpContext http, Guid id, TableService tables) =>
        {
            var t = await tables.ReadyAsync(id, await http.ActorAsync(), http.RequestAborted);
            var etag = ETag(t, http);
            if (Http.NoneMatch(http, etag)) return Results.StatusCode(304);
            var q = tables.Parse(t, Parameters(http));
            var page = await tables.PageAsync(t, q, http.RequestAborted);
            var body = Envelope(http, id, q, page);
            http.Response.Headers.ETag = etag;
            return new JsonBytes(body, 200);
        }).WithSummary("Lignes d'une table : filtres col__op=valeur, tri, agrégats, q=, pages / Rows of a table: filters, sort, aggregates, q=, pages");

        api.MapGet("/data/{format}/", async (HttpContext http, Guid id, string format, TableService tables) =>
        {
            if (!ExportFormats.TryParse(format, out var f)) return Results.NotFound();
            var t = await tables.ReadyAsync(id, await http.ActorAsync(), http.RequestAborted);
            var q = tables.Parse(t, Parameters(http));
            return new ExportResult(tables, t, q, f, id);
        }).WithSummary("Exporter le résultat (csv, json, jsonl, geojson, parquet, xlsx), sans limite de lignes / Export the result, no row cap");

        api.MapGet("/profile/", async (HttpContext http, Guid id, TableService tables) =>
        {
            var (r, t, ready) = await tables.ReadyRowAsync(id, await http.ActorAsync(), http.RequestAborted);
            return Http.Json(http, new
            {
                profile = JsonNode.Parse(t.Profile ?? "{}"),
                columns = ready.Columns,
                geo = ready.Geo,
                warnings = t.Warnings is null ? null : JsonNode.Parse(t.Warnings),
                built_at = t.BuiltAt,
                build_seconds = t.BuildSeconds,
                links = Links(http, id),
                resource = r.Id,
            });
        }).WithSummary("Profil des colonnes / Column profile");

        api.MapGet("/swagger/", async (HttpContext http, Guid id, TableService tables) =>
        {
            var (r, _, t) = await tables.ReadyRowAsync(id, await http.ActorAsync(), http.RequestAborted);
            return Http.Json(http, TableOpenApi.Describe(t, r.Title, ApiJson.Base(http), http.Lang()));
        }).WithSummary("Description OpenAPI des colonnes de la table / OpenAPI description of the table's columns");
    }

    /// <summary>The query string in order (the order of sorts matters), repeated keys kept.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Parameters(HttpContext http) =>
        TableService.QueryPairs(http.Request.QueryString.Value).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value));

    /// <summary>A built table never changes: the ETag is its file and the query.</summary>
    private static string ETag(TableInfo t, HttpContext http)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t.File + "\n" + http.Request.QueryString.Value + "\n" + http.Lang()));
        return "\"t-" + Convert.ToHexStringLower(hash.AsSpan(0, 12)) + "\"";
    }

    private static object Links(HttpContext http, Guid id) => new
    {
        data = $"{ApiJson.TableApi(http, id)}/data/",
        profile = $"{ApiJson.TableApi(http, id)}/profile/",
        swagger = $"{ApiJson.TableApi(http, id)}/swagger/",
    };

    private static byte[] Envelope(HttpContext http, Guid id, TableQuery q, TablePage page)
    {
        using var ms = new MemoryStream(page.Data.Length + 512);
        using (var w = new Utf8JsonWriter(ms, TableService.JsonOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            w.WriteRawValue(page.Data, skipInputValidation: true);
            w.WriteStartObject("links");
            w.WriteString("profile", $"{ApiJson.TableApi(http, id)}/profile/");
            w.WriteString("swagger", $"{ApiJson.TableApi(http, id)}/swagger/");
            if (page.HasMore)
            {
                var next = new Dictionary<string, string?> { ["page"] = (q.Page + 1).ToString(CultureInfo.InvariantCulture) };
                if (page.Next is { } cursor) next["after"] = QueryParser.WriteCursor(cursor);
                w.WriteString("next", Link(http, next));
            }
            else w.WriteNull("next");
            if (q.Page > 1) w.WriteString("prev", Link(http, new() { ["page"] = (q.Page - 1).ToString(CultureInfo.InvariantCulture), ["after"] = null }));
            else w.WriteNull("prev");
            w.WriteEndObject();
            w.WriteStartObject("meta");
            w.WriteNumber("page", q.Page);
            w.WriteNumber("page_size", q.PageSize);
            w.WriteNumber("total", page.Total);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>The same request with some parameters replaced (null removes one), keeping the others in order.</summary>
    private static string Link(HttpContext http, Dictionary<string, string?> replace)
    {
        var parts = new List<string>();
        foreach (var (k, v) in TableService.QueryPairs(http.Request.QueryString.Value))
            if (!replace.ContainsKey(k) && k != "after") parts.Add($"{Uri.EscapeDataString(k)}={Uri.EscapeDataString(v ?? "")}");
        foreach (var (k, v) in replace)
            if (v is not null) parts.Add($"{Uri.EscapeDataString(k)}={Uri.EscapeDataString(v)}");
        return $"{ApiJson.Base(http)}{http.Request.Path}?{string.Join("&", parts)}";
    }

    /// <summary>Streams an export with no row cap.</summary>
    private sealed class ExportResult(TableService tables, TableInfo t, TableQuery q, ExportFormat format, Guid id) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = ExportFormats.ContentType(format);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.{ExportFormats.Extension(format)}\"";
            // Nothing is written before the first row: a failure until then is still answered with a problem detail.
            await tables.ExportAsync(t, q, format, http.Response.Body, http.RequestAborted);
        }
    }
}
