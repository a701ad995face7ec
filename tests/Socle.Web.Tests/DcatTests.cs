using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests;

/// <summary>
/// The DCAT-AP export as a harvester reads it: every serialisation parsed by independent toolchains (rapper, rdflib),
/// the same graph in all three, the DCAT-AP properties in place, Hydra paging, and nothing unpublished.
/// </summary>
public abstract class DcatTests(Db kind) : IAsyncLifetime
{
    private WebFixture F = null!;
    public async ValueTask InitializeAsync() => F = await WebFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    private const string Dct = "http://purl.org/dc/terms/", Dcat = "http://www.w3.org/ns/dcat#", Hydra = "http://www.w3.org/ns/hydra/core#";

    private async Task<string> PublishedAsync(JsonObject body)
    {
        var created = await F.Admin.PostAsJsonAsync("/api/1/datasets/", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" })).EnsureSuccessStatusCode();
        return slug;
    }

    private async Task<string> SaveAsync(string url, string accept, string extension)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        var response = await F.Anonymous.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(accept, response.Content.Headers.ContentType!.ToString());
        var path = Path.Combine(F.DataFolder, $"export-{Guid.NewGuid():N}.{extension}");
        await System.IO.File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task The_catalogue_parses_in_three_serialisations_as_one_graph_with_the_DCAT_AP_properties()
    {
        RdfParsers.RequireTools();
        var body = F.DatasetBody("Nitrates \"mesurés\" <b>2024</b>");
        body["description"] = "Première ligne\nDeuxième ligne avec une barre oblique \\ et un tab\t.";
        body["temporal_coverage"] = new JsonObject { ["start"] = "2020-01-01", ["end"] = "2024-12-31" };
        body["spatial"] = new JsonObject { ["zones"] = new JsonArray("fr:region:76") };
        body["contact_point"] = new JsonObject { ["name"] = "Service des données", ["email"] = "donnees@example.org" };
        ((JsonObject)body["extras"]!)["inspire_theme"] = new JsonArray("hh");
        var slug = await PublishedAsync(body);
        (await F.Admin.PostAsync($"/api/1/datasets/{slug}/upload/", File("commune,nitrates\nAlbi,3\n", "nitrates.csv", ("title", "Mesures"))))
            .EnsureSuccessStatusCode();
        var link = await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/resources/",
            new { title = "Lien avec espaces", url = "https://example.org/a file.csv?x=<1>", format = "csv", schema = "https://schema.data.gouv.fr/schemas/etalab/x/schema.json" });
        link.EnsureSuccessStatusCode();

        // The same address negotiated three ways, so the Hydra nodes are the same too.
        var ttl = await SaveAsync("/catalog", "text/turtle", "ttl");
        var rdf = await SaveAsync("/catalog", "application/rdf+xml", "rdf");
        var jsonld = await SaveAsync("/catalog", "application/ld+json", "jsonld");
        var turtleCount = RdfParsers.RapperCount(ttl, "turtle");
        Assert.Equal(turtleCount, RdfParsers.RapperCount(rdf, "rdfxml"));
        var (count, same, triples) = RdfParsers.RdfLib((ttl, "turtle"), (rdf, "xml"), (jsonld, "json-ld"));
        Assert.Equal(turtleCount, count);
        Assert.True(same, "the Turtle, RDF/XML and JSON-LD exports are not the same graph");

        var dataset = $"<http://localhost/datasets/{slug}/>";
        bool Has(string s, string p, string o) => triples.Any(t => t.StartsWith($"{s} <{p}> {o}", StringComparison.Ordinal));
        Assert.True(Has(dataset, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", $"<{Dcat}Dataset>"));
        Assert.True(Has(dataset, Dct + "title", "\"Nitrates \\\"mesurés\\\" <b>2024</b>\""));
        Assert.Contains(triples, t => t.StartsWith($"{dataset} <{Dct}description> \"Première ligne\\nDeuxième", StringComparison.Ordinal));
        Assert.True(Has(dataset, Dcat + "keyword", "\"nitrates\""));
        Assert.True(Has(dataset, Dcat + "theme", "<http://inspire.ec.europa.eu/theme/hh>"));
        Assert.True(Has(dataset, Dct + "accrualPeriodicity", "<http://publications.europa.eu/resource/authority/frequency/MONTHLY>"));
        Assert.True(Has(dataset, Dct + "publisher", $"<http://localhost/organizations/{F.OrgSlug}/>"));
        Assert.True(Has($"<http://localhost/organizations/{F.OrgSlug}/>", "http://xmlns.com/foaf/0.1/name", "\"Agence de l'eau (test)\""));
        Assert.Contains(triples, t => t.Contains($"<{Dcat}startDate> \"2020-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains("<http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:donnees@example.org>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dct}spatial>", StringComparison.Ordinal));
        var distributions = triples.Where(t => t.StartsWith($"{dataset} <{Dcat}distribution>", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, distributions.Count);
        Assert.Contains(triples, t => t.Contains($"<{Dcat}downloadURL> <http://localhost/api/1/datasets/{slug}/resources/", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dcat}accessURL> <https://example.org/a%20file.csv?x=%3C1%3E>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dct}format> <http://publications.europa.eu/resource/authority/file-type/CSV>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dct}license> <https://www.etalab.gouv.fr/licence-ouverte-open-licence", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains($"<{Dct}conformsTo> <https://schema.data.gouv.fr/schemas/etalab/x/schema.json>", StringComparison.Ordinal));
        Assert.Contains(triples, t => t.Contains("<http://spdx.org/rdf/terms#checksumValue>", StringComparison.Ordinal));

        // The dataset alone, and the organisation's catalogue, parse too.
        Assert.True(RdfParsers.RapperCount(await SaveAsync($"/api/1/datasets/{slug}/rdf.ttl", "text/turtle", "ttl"), "turtle") > 20);
        Assert.True(RdfParsers.RapperCount(await SaveAsync($"/api/1/organizations/{F.OrgSlug}/catalog.rdf", "application/rdf+xml", "rdf"), "rdfxml") > 20);
    }

    [Fact]
    public async Task The_catalogue_is_paged_with_Hydra_and_shows_only_published_datasets()
    {
        RdfParsers.RequireTools();
        var first = await PublishedAsync(F.DatasetBody("Premier jeu"));
        var second = await PublishedAsync(F.DatasetBody("Deuxième jeu"));
        var draft = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody("Brouillon secret"));
        var draftSlug = (await Json(draft))["slug"]!.GetValue<string>();

        var page1 = RdfParsers.RdfLib((await SaveAsync("/catalog.ttl?page_size=1", "text/turtle", "ttl"), "turtle")).Triples;
        var view1 = "<http://localhost/catalog.ttl?page=1&page_size=1>";
        Assert.Contains($"{view1} <{Hydra}next> <http://localhost/catalog.ttl?page=2&page_size=1> .", page1);
        Assert.Contains($"{view1} <{Hydra}totalItems> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .", page1);
        Assert.Single(page1, t => t.StartsWith($"<http://localhost/catalog> <{Dcat}dataset>", StringComparison.Ordinal));

        var page2 = RdfParsers.RdfLib((await SaveAsync("/catalog.ttl?page=2&page_size=1", "text/turtle", "ttl"), "turtle")).Triples;
        Assert.DoesNotContain(page2, t => t.Contains($"<{Hydra}next>", StringComparison.Ordinal));
        Assert.Contains(page2, t => t.Contains($"<{Hydra}previous>", StringComparison.Ordinal));

        var all = string.Join('\n', page1.Concat(page2));
        Assert.Contains($"/datasets/{first}/", all);
        Assert.Contains($"/datasets/{second}/", all);
        Assert.DoesNotContain(draftSlug, all);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync($"/api/1/datasets/{draftSlug}/rdf.ttl")).StatusCode);
    }

    [Fact]
    public async Task A_bad_format_or_page_is_a_problem()
    {
        var bad = await F.Anonymous.GetAsync("/catalog.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await F.Anonymous.GetAsync("/catalog.ttl?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync("/api/1/organizations/nobody/catalog.ttl")).StatusCode);
        var negotiated = await F.Anonymous.GetAsync("/catalog");
        Assert.Equal("application/ld+json", negotiated.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class DcatTestsSqlite() : DcatTests(Db.Sqlite);
public sealed class DcatTestsPostgres() : DcatTests(Db.Postgres);
