using Microsoft.AspNetCore.OpenApi;

namespace Socle.Web.Api;

/// <summary>The OpenAPI document's header: what the API is and how to authenticate.</summary>
internal static class OpenApiDocs
{
    public static void Configure(OpenApiOptions o) => o.AddDocumentTransformer((doc, _, _) =>
    {
        doc.Info.Title = "Socle API";
        doc.Info.Version = "1";
        doc.Info.Description =
            "Catalogue de données ouvertes : organisations, jeux de données, ressources, recherche à facettes, qualité, historique. " +
            "Authentification : en-tête X-API-KEY (clé créée sur /api/1/me/apikeys/) ou cookie de session. Erreurs : RFC 9457 (application/problem+json).\n\n" +
            "Open-data catalogue: organisations, datasets, resources, faceted search, quality, history. " +
            "Authentication: X-API-KEY header (key created at /api/1/me/apikeys/) or session cookie. Errors: RFC 9457 (application/problem+json).";
        return Task.CompletedTask;
    });
}
