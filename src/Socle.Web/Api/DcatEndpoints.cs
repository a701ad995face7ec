using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Socle.Catalog.Dcat;
using Socle.Catalog.Services;

namespace Socle.Web.Api;

/// <summary>
/// DCAT-AP for harvesters, at data.gouv.fr's and udata's addresses: <c>/catalog</c> (and per organisation
/// <c>/api/1/organizations/{org}/catalog</c>), Hydra-paged, and <c>/api/1/datasets/{dataset}/rdf</c>; each as
/// JSON-LD, Turtle or RDF/XML by extension (<c>.jsonld</c>, <c>.ttl</c>, <c>.rdf</c>) or by the Accept header.
/// </summary>
internal static class DcatEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog", (HttpContext http, DcatExport dcat) => CatalogAsync(http, dcat, null, null, "/catalog"))
            .WithTags("dcat").WithSummary("Le catalogue en DCAT-AP (négociation de contenu, pages Hydra) / The catalogue as DCAT-AP (content negotiation, Hydra pages)");
        app.MapGet("/catalog.{format}", (HttpContext http, DcatExport dcat, string format) => CatalogAsync(http, dcat, null, format, "/catalog." + format))
            .WithTags("dcat").WithSummary("Le catalogue en DCAT-AP : jsonld, ttl ou rdf / The catalogue as DCAT-AP: jsonld, ttl or rdf");
        app.MapGet("/api/1/organizations/{org}/catalog", (HttpContext http, DcatExport dcat, string org) =>
            CatalogAsync(http, dcat, org, null, $"/api/1/organizations/{org}/catalog")).WithTags("dcat").WithSummary("Le catalogue d'une organisation / An organisation's catalogue");
        app.MapGet("/api/1/organizations/{org}/catalog.{format}", (HttpContext http, DcatExport dcat, string org, string format) =>
            CatalogAsync(http, dcat, org, format, $"/api/1/organizations/{org}/catalog.{format}")).WithTags("dcat").WithSummary("Le catalogue d'une organisation : jsonld, ttl ou rdf / An organisation's catalogue: jsonld, ttl or rdf");
        app.MapGet("/api/1/datasets/{dataset}/rdf", (HttpContext http, DatasetService datasets, DcatExport dcat, string dataset) => DatasetAsync(http, datasets, dcat, dataset, null))
            .WithTags("dcat").WithSummary("Un jeu de données en DCAT-AP / A dataset as DCAT-AP");
        app.MapGet("/api/1/datasets/{dataset}/rdf.{format}", (HttpContext http, DatasetService datasets, DcatExport dcat, string dataset, string format) =>
            DatasetAsync(http, datasets, dcat, dataset, format)).WithTags("dcat").WithSummary("Un jeu de données en DCAT-AP : jsonld, ttl ou rdf / A dataset as DCAT-AP: jsonld, ttl or rdf");
    }

    private static async Task CatalogAsync(HttpContext http, DcatExport dcat, string? org, string? extension, string path)
    {
        var format = Format(http, extension);
        var (page, size) = http.Paging(DcatExport.DefaultPageSize);
        var graph = await dcat.CatalogAsync(BaseUrl(http), BaseUrl(http) + path, page, size, org, http.RequestAborted);
        await WriteAsync(http, graph, format);
    }

    private static async Task DatasetAsync(HttpContext http, DatasetService datasets, DcatExport dcat, string dataset, string? extension)
    {
        var format = Format(http, extension);
        var d = await datasets.GetAsync(dataset, await http.ActorAsync(), http.RequestAborted);
        await WriteAsync(http, dcat.Dataset(d, BaseUrl(http)), format);
    }

    private static RdfFormat Format(HttpContext http, string? extension) => extension is null
        ? RdfFormats.Negotiate(http.Request.Headers.Accept.ToString())
        : RdfFormats.Parse(extension) ?? throw CatalogException.Invalid("format", "not-in-list", extension, "jsonld, ttl, rdf");

    /// <summary>The configured public address (what harvesters store), else the address the request came to.</summary>
    private static string BaseUrl(HttpContext http) =>
        http.RequestServices.GetService(typeof(CatalogSettings)) is CatalogSettings { PublicBaseUrl: { Length: > 0 } configured }
            ? configured.TrimEnd('/') : ApiJson.Base(http);

    private static async Task WriteAsync(HttpContext http, RdfGraph graph, RdfFormat format)
    {
        http.Response.ContentType = RdfFormats.MediaType(format) + "; charset=utf-8";
        http.Response.Headers.Vary = "Accept";
        await using var w = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await RdfWriter.WriteAsync(graph, format, w);
        await w.FlushAsync(http.RequestAborted);
    }
}
