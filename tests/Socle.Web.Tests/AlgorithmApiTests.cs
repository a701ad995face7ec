using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Tests;
using Socle.Tabular.Tests;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests;

/// <summary>The public algorithm register through its HTTP API, as an administration and a reader use it, on SQLite and on PostgreSQL.</summary>
public abstract class AlgorithmApiTests(Db kind) : IAsyncLifetime
{
    protected WebFixture F = null!;
    public async ValueTask InitializeAsync() => F = await WebFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    private const string Api = "/api/1/algorithms/";

    /// <summary>A contributor of the test organisation: writes drafts and proposes them, does not publish.</summary>
    private async Task<HttpClient> ContributorAsync()
    {
        var client = await F.SignUpWithKeyAsync("contributrice@example.org", "Contributrice");
        var member = await F.Admin.PostAsJsonAsync($"/api/1/organizations/{F.OrgSlug}/members/", new { account = "contributrice@example.org", role = "contributor" });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);
        return client;
    }

    private static async Task<string> CreateAsync(HttpClient who, JsonObject body)
    {
        var created = await who.PostAsJsonAsync(Api, body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await Json(created))["slug"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient who, string slug, string action, string? note = null) =>
        who.PostAsJsonAsync($"{Api}{slug}/status/", new { action, note });

    private async Task<string> PublishedAsync(JsonObject body)
    {
        var slug = await CreateAsync(F.Admin, body);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(F.Admin, slug, "publish")).StatusCode);
        return slug;
    }

    private async Task<string> PublishedDatasetAsync(string title)
    {
        var created = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody(title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{slug}/status/", new { action = "publish" })).EnsureSuccessStatusCode();
        return slug;
    }

    /// <summary>The body of an RFC 9457 problem, after checking its status and media type.</summary>
    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    private static string[] Fields(JsonNode problem) => [.. problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>())];

    /// <summary>Every entry stored, drafts included: what a refused request must leave unchanged.</summary>
    private async Task<(int Entries, int Revisions)> StoredAsync()
    {
        await using var scope = F.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        return (await db.Algorithms.CountAsync(TestContext.Current.CancellationToken), await db.AlgorithmRevisions.CountAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient who, string url)
    {
        var response = await who.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json(response);
    }

    [Fact]
    public async Task A_member_declares_an_entry_that_readers_see_only_once_the_organisation_publishes_it()
    {
        var contributor = await ContributorAsync();
        var body = F.AlgorithmBody("Attribution des places en crèche");
        body["fields"]!["automation"] = "Aide à la décision";   // a label: stored as the vocabulary's value
        body["fields"]!["theme"] = new JsonArray("Éducation et jeunesse", "social");
        body["fields"]!["decisions_per_year"] = "2400";

        var created = await contributor.PostAsJsonAsync(Api, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await Json(created);
        var slug = entry["slug"]!.GetValue<string>();
        Assert.Equal("attribution-des-places-en-creche", slug);
        Assert.Equal($"/api/1/algorithms/{slug}/", created.Headers.Location!.OriginalString);
        Assert.Equal("draft", entry["status"]!.GetValue<string>());
        Assert.Equal("decision-support", entry["fields"]!["automation"]!.GetValue<string>());
        Assert.Equal(["education", "social"], entry["fields"]!["theme"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2400, entry["fields"]!["decisions_per_year"]!.GetValue<int>());
        Assert.Equal(F.OrgSlug, entry["organization"]!["slug"]!.GetValue<string>());

        // A draft is the organisation's business: anonymous readers and the search do not know it exists.
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/"), HttpStatusCode.NotFound);
        await ProblemAsync(await F.Outsider.GetAsync($"{Api}{slug}/"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await GetJsonAsync(F.Anonymous, $"{Api}?q=creche"))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await contributor.GetAsync($"{Api}{slug}/")).StatusCode);

        var published = await ActAsync(F.Admin, slug, "publish");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await Json(published))["status"]!.GetValue<string>());

        var read = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/");
        Assert.Equal("Attribution des places en crèche", read["name"]!.GetValue<string>());
        Assert.EndsWith($"/algorithms/{slug}/", read["page"]!.GetValue<string>());
        var found = await GetJsonAsync(F.Anonymous, $"{Api}?q=creche");
        Assert.Equal(1, found["total"]!.GetValue<int>());
        Assert.Contains("<mark>", found["data"]![0]!["name_html"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readers_search_the_register_with_facets_filters_sorts_and_pages()
    {
        var creches = await PublishedAsync(F.AlgorithmBody("Attribution des places en crèche", themes: ["social"]));
        var cantine = await PublishedAsync(F.AlgorithmBody("Tarif de la cantine scolaire", automation: "automated", themes: ["tax"]));
        var air = await PublishedAsync(F.AlgorithmBody("Prévision de la qualité de l'air", type: "machine-learning", lifecycle: "in-development", themes: ["environment"]));
        await CreateAsync(F.Admin, F.AlgorithmBody("Crèches : brouillon jamais publié", themes: ["social"]));

        // Without accents, as a reader types; the draft that also says "crèche" is not found.
        var q = await GetJsonAsync(F.Anonymous, $"{Api}?q=creche");
        Assert.Equal(1, q["total"]!.GetValue<int>());
        Assert.Equal(creches, q["data"]![0]!["slug"]!.GetValue<string>());
        Assert.Contains("<mark>crèche</mark>", q["data"]![0]!["name_html"]!.GetValue<string>());
        // Vocabulary labels count: "apprentissage" is the label of the air forecast's kind of algorithm.
        Assert.Equal(air, (await GetJsonAsync(F.Anonymous, $"{Api}?q=apprentissage"))["data"]![0]!["slug"]!.GetValue<string>());

        var all = await GetJsonAsync(F.Anonymous, Api);
        Assert.Equal(3, all["total"]!.GetValue<int>());
        Assert.Null(all["next_page"]);
        var facets = all["facets"]!;
        foreach (var facet in new[] { "organization", "automation", "algorithm_type", "lifecycle", "theme" })
            Assert.NotNull(facets[facet]);
        Assert.Equal("Niveau d'automatisation", facets["automation"]!["label"]!.GetValue<string>());
        var automation = facets["automation"]!["values"]!.AsArray();
        Assert.Equal(("decision-support", 2, "Aide à la décision"), Value(automation[0]!));
        Assert.Equal(("automated", 1, "Décision entièrement automatisée"), Value(automation[1]!));
        Assert.Contains(facets["algorithm_type"]!["values"]!.AsArray(), v => Value(v!) == ("machine-learning", 1, "Apprentissage automatique"));
        Assert.Contains(facets["lifecycle"]!["values"]!.AsArray(), v => Value(v!) == ("in-use", 2, "En service"));
        Assert.Contains(facets["theme"]!["values"]!.AsArray(), v => Value(v!) == ("environment", 1, "Environnement"));
        Assert.Equal((F.OrgSlug, 3, "Agence de l'eau (test)"), Value(facets["organization"]!["values"]![0]!));
        var english = await GetJsonAsync(F.Anonymous, $"{Api}?lang=en");
        Assert.Equal("Decision support", english["facets"]!["automation"]!["values"]![0]!["label"]!.GetValue<string>());

        // Filters: OR within a facet (comma), AND across facets; the facet counts follow the filters.
        Assert.Equal([cantine], Slugs(await GetJsonAsync(F.Anonymous, $"{Api}?automation=automated")));
        Assert.Equal([creches, air], Slugs(await GetJsonAsync(F.Anonymous, $"{Api}?theme=social,environment&sort=name")));
        var and = await GetJsonAsync(F.Anonymous, $"{Api}?automation=decision-support&algorithm_type=machine-learning");
        Assert.Equal([air], Slugs(and));
        Assert.Equal(1, and["facets"]!["automation"]!["values"]!.AsArray().Count);
        Assert.Equal(3, (await GetJsonAsync(F.Anonymous, $"{Api}?organization={F.OrgSlug}"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await GetJsonAsync(F.Anonymous, $"{Api}?lifecycle=retired"))["total"]!.GetValue<int>());
        var unknownFacet = await ProblemAsync(await F.Anonymous.GetAsync($"{Api}?colour=blue"), HttpStatusCode.BadRequest);
        Assert.Equal(["colour"], Fields(unknownFacet));

        Assert.Equal([creches, air, cantine], Slugs(await GetJsonAsync(F.Anonymous, $"{Api}?sort=name")));
        Assert.Equal([cantine, air, creches], Slugs(await GetJsonAsync(F.Anonymous, $"{Api}?sort=-name")));
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}?sort=colour"), HttpStatusCode.BadRequest);

        var first = await GetJsonAsync(F.Anonymous, $"{Api}?sort=name&page_size=2");
        Assert.Equal([creches, air], Slugs(first));
        Assert.Equal(3, first["total"]!.GetValue<int>());
        Assert.Equal(2, first["page_size"]!.GetValue<int>());
        var next = first["next_page"]!.GetValue<string>();
        Assert.Contains("page=2", next);
        var second = await GetJsonAsync(F.Anonymous, new Uri(next).PathAndQuery);
        Assert.Equal([cantine], Slugs(second));
        Assert.Null(second["next_page"]);
        Assert.NotNull(second["previous_page"]);
    }

    private static (string, int, string) Value(JsonNode v) =>
        (v["value"]!.GetValue<string>(), v["count"]!.GetValue<int>(), v["label"]!.GetValue<string>());

    private static string[] Slugs(JsonNode page) => [.. page["data"]!.AsArray().Select(h => h!["slug"]!.GetValue<string>())];

    [Fact]
    public async Task A_contributor_proposes_an_editor_rejects_with_a_note_and_publishes_after_a_reopening()
    {
        var contributor = await ContributorAsync();
        var slug = await CreateAsync(contributor, F.AlgorithmBody("Présélection des dossiers de subvention"));

        var forbidden = await ProblemAsync(await ActAsync(contributor, slug, "publish"), HttpStatusCode.Forbidden);
        Assert.Contains("algorithm.publish", forbidden["title"]!.GetValue<string>());
        Assert.Equal("proposed", (await Json(await ActAsync(contributor, slug, "propose")))["status"]!.GetValue<string>());

        var rejected = await ActAsync(F.Admin, slug, "reject", "Précisez le fondement juridique.");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var entry = await Json(rejected);
        Assert.Equal("rejected", entry["status"]!.GetValue<string>());
        Assert.Equal("Précisez le fondement juridique.", entry["review_note"]!.GetValue<string>());
        // The author reads the note in the entry's history too.
        var history = await GetJsonAsync(contributor, $"{Api}{slug}/revisions/");
        Assert.Equal("Précisez le fondement juridique.", history[0]!["note"]!.GetValue<string>());

        Assert.Equal("draft", (await Json(await ActAsync(contributor, slug, "reopen")))["status"]!.GetValue<string>());
        var published = await ActAsync(F.Admin, slug, "publish");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", (await Json(published))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await F.Anonymous.GetAsync($"{Api}{slug}/")).StatusCode);
        // Published, the entry is the editors' to change.
        await ProblemAsync(await contributor.PutAsJsonAsync($"{Api}{slug}/", new { name = "Autre nom" }), HttpStatusCode.Forbidden);

        var unknown = await ProblemAsync(await ActAsync(F.Admin, slug, "archive"), HttpStatusCode.BadRequest);
        Assert.Equal(["action"], Fields(unknown));
        Assert.Contains("archive", unknown["errors"]![0]!["message"]!.GetValue<string>());

        var impossible = await ProblemAsync(await ActAsync(F.Admin, slug, "reject"), HttpStatusCode.Conflict);
        Assert.Equal("L'action « reject » n'est pas possible pour une fiche d'algorithme à l'état « published ».", impossible["title"]!.GetValue<string>());
        var en = new HttpRequestMessage(HttpMethod.Post, $"{Api}{slug}/status/") { Content = JsonContent.Create(new { action = "publish" }) };
        en.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var impossibleEn = await ProblemAsync(await F.Admin.SendAsync(en), HttpStatusCode.Conflict);
        Assert.Equal("Action \"publish\" is not possible for an algorithm entry in state \"published\".", impossibleEn["title"]!.GetValue<string>());
        Assert.Equal("published", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_change_is_a_revision_that_can_be_read_and_compared_field_by_field()
    {
        var body = F.AlgorithmBody("Attribution des places en crèche");
        body["fields"]!["decisions_per_year"] = 2400;
        var slug = await CreateAsync(F.Admin, body);
        Assert.Single((await GetJsonAsync(F.Admin, $"{Api}{slug}/revisions/")).AsArray());

        // "fields" replaces the entry's fields as a whole: the form sends them all, one of them changed.
        var fields = (JsonObject)body["fields"]!.DeepClone();
        fields["decisions_per_year"] = 2600;
        Assert.Equal(HttpStatusCode.OK, (await F.Admin.PatchAsJsonAsync($"{Api}{slug}/", new JsonObject { ["fields"] = fields })).StatusCode);
        Assert.Equal(2, (await GetJsonAsync(F.Admin, $"{Api}{slug}/revisions/")).AsArray().Count);
        // Saving without a change adds nothing to the history.
        Assert.Equal(HttpStatusCode.OK, (await F.Admin.PutAsJsonAsync($"{Api}{slug}/", new JsonObject { ["fields"] = fields.DeepClone() })).StatusCode);
        Assert.Equal(2, (await GetJsonAsync(F.Admin, $"{Api}{slug}/revisions/")).AsArray().Count);
        (await ActAsync(F.Admin, slug, "publish")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await F.Admin.PutAsJsonAsync($"{Api}{slug}/", new { name = "Attribution des places en crèche municipale" })).StatusCode);

        var revisions = (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/revisions/")).AsArray();
        Assert.Equal([4, 3, 2, 1], revisions.Select(r => r!["number"]!.GetValue<int>()));
        Assert.All(revisions, r => Assert.Equal("Administratrice", r!["author_name"]!.GetValue<string>()));
        Assert.Contains(revisions[2]!["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "fields.decisions_per_year");
        Assert.Contains(revisions[1]!["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "status" && c["after"]!.GetValue<string>() == "published");

        var second = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/revisions/2/");
        Assert.Equal(2600, second["snapshot"]!["fields"]!["decisions_per_year"]!.GetValue<int>());
        Assert.Equal("draft", second["snapshot"]!["status"]!.GetValue<string>());
        Assert.Equal(2400, (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/revisions/1/"))["snapshot"]!["fields"]!["decisions_per_year"]!.GetValue<int>());
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/revisions/9/"), HttpStatusCode.NotFound);

        var diff = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/revisions/compare/?from=1&to=2");
        var change = Assert.Single(diff["changes"]!.AsArray())!;
        Assert.Equal("fields.decisions_per_year", change["field"]!.GetValue<string>());
        Assert.Equal(2400, change["before"]!.GetValue<int>());
        Assert.Equal(2600, change["after"]!.GetValue<int>());
        var whole = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/revisions/compare/?from=1&to=4");
        Assert.Equal(["name", "status"], whole["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Where(f => !f.StartsWith("fields.")).Order(StringComparer.Ordinal));
        Assert.Equal(["from"], Fields(await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/revisions/compare/?to=2"), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task ETags_spare_downloads_and_a_stale_If_Match_changes_nothing()
    {
        var slug = await PublishedAsync(F.AlgorithmBody("Tarif de la cantine scolaire"));
        var first = await F.Anonymous.GetAsync($"{Api}{slug}/");
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"{Api}{slug}/");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await F.Anonymous.SendAsync(again)).StatusCode);

        var update = new HttpRequestMessage(HttpMethod.Put, $"{Api}{slug}/") { Content = JsonContent.Create(new { name = "Tarif de la cantine scolaire 2026" }) };
        update.Headers.IfMatch.Add(etag);
        var updated = await F.Admin.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag);
        var revisions = await StoredAsync();

        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Api}{slug}/") { Content = JsonContent.Create(new { name = "Perdu" }) };
        stale.Headers.IfMatch.Add(etag);
        var refused = await ProblemAsync(await F.Admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Contains("version actuelle", refused["title"]!.GetValue<string>());
        Assert.Equal("Tarif de la cantine scolaire 2026", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["name"]!.GetValue<string>());
        Assert.Equal(revisions, await StoredAsync());

        // The old copy no longer matches; the new one does.
        var old = new HttpRequestMessage(HttpMethod.Get, $"{Api}{slug}/");
        old.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await F.Anonymous.SendAsync(old)).StatusCode);
    }

    public static TheoryData<string> BadBodies => new() { "missing-required", "not-in-vocabulary", "unknown-field", "unknown-organization", "unknown-dataset" };

    /// <summary>Each bad body, its expected fields in error, and a part of the French and English message of the first one.</summary>
    private (JsonObject Body, string[] Fields, string Fr, string En) Bad(string what)
    {
        var body = F.AlgorithmBody("Fiche refusée");
        var fields = body["fields"]!.AsObject();
        switch (what)
        {
            case "missing-required":
                fields.Remove("purpose");
                fields["contact_email"] = " ";
                return (body, ["fields.purpose", "fields.contact_email"], "obligatoire", "required");
            case "not-in-vocabulary":
                fields["automation"] = "magique";
                return (body, ["fields.automation"], "magique", "magique");
            case "unknown-field":
                body["colour"] = "bleu";
                fields["couleur"] = "rouge";
                return (body, ["colour", "fields.couleur"], "n'existe pas", "does not exist");
            case "unknown-organization":
                body["organization"] = "nulle-part";
                return (body, ["organization"], "aucune organisation « nulle-part »", "no organisation \"nulle-part\"");
            default:
                body["datasets"] = new JsonArray("jeu-inexistant");
                return (body, ["datasets"], "aucun jeu de données « jeu-inexistant »", "no dataset \"jeu-inexistant\"");
        }
    }

    [Theory, MemberData(nameof(BadBodies))]
    public async Task A_refused_entry_is_a_problem_in_the_readers_language_and_nothing_is_created(string what)
    {
        var (body, fields, fr, en) = Bad(what);
        var before = await StoredAsync();

        var french = await ProblemAsync(await F.Admin.PostAsJsonAsync(Api, body), HttpStatusCode.BadRequest);
        Assert.Equal("La requête contient des erreurs ; rien n'a été modifié.", french["title"]!.GetValue<string>());
        Assert.Equal(fields, Fields(french));
        Assert.Contains(fr, french["errors"]![0]!["message"]!.GetValue<string>());

        var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var english = await ProblemAsync(await F.Admin.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("The request has errors; nothing was changed.", english["title"]!.GetValue<string>());
        Assert.Equal(fields, Fields(english));
        Assert.Contains(en, english["errors"]![0]!["message"]!.GetValue<string>());

        Assert.Equal(before, await StoredAsync());
        Assert.Equal(0, (await GetJsonAsync(F.Admin, Api))["total"]!.GetValue<int>());

        // An update with the same faults leaves the entry as it was.
        var slug = await CreateAsync(F.Admin, F.AlgorithmBody("Fiche existante"));
        var entry = await GetJsonAsync(F.Admin, $"{Api}{slug}/");
        body.Remove("name");
        Assert.Equal(fields, Fields(await ProblemAsync(await F.Admin.PutAsJsonAsync($"{Api}{slug}/", body), HttpStatusCode.BadRequest)));
        var after = await GetJsonAsync(F.Admin, $"{Api}{slug}/");
        Assert.Equal(entry["version"]!.GetValue<int>(), after["version"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(entry["fields"], after["fields"]));
    }

    [Fact]
    public async Task Only_members_write_entries_and_only_signed_in_people_write_at_all()
    {
        var before = await StoredAsync();
        var outsider = await ProblemAsync(await F.Outsider.PostAsJsonAsync(Api, F.AlgorithmBody("Fiche d'un inconnu")), HttpStatusCode.Forbidden);
        Assert.StartsWith("Vous n'avez pas le droit", outsider["title"]!.GetValue<string>());
        var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = JsonContent.Create(F.AlgorithmBody("Fiche d'un inconnu")) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB"));
        Assert.StartsWith("You are not allowed", (await ProblemAsync(await F.Outsider.SendAsync(request), HttpStatusCode.Forbidden))["title"]!.GetValue<string>());

        var anonymous = await ProblemAsync(await F.Anonymous.PostAsJsonAsync(Api, F.AlgorithmBody("Fiche anonyme")), HttpStatusCode.Unauthorized);
        Assert.StartsWith("Identifiez-vous", anonymous["title"]!.GetValue<string>());
        var anonymousEn = await ProblemAsync(await F.Anonymous.PostAsJsonAsync($"{Api}?lang=en", F.AlgorithmBody("Fiche anonyme")), HttpStatusCode.Unauthorized);
        Assert.StartsWith("Sign in", anonymousEn["title"]!.GetValue<string>());
        Assert.Equal(before, await StoredAsync());

        var slug = await PublishedAsync(F.AlgorithmBody("Fiche protégée"));
        await ProblemAsync(await F.Outsider.PutAsJsonAsync($"{Api}{slug}/", new { name = "Piratée" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await F.Outsider.PostAsJsonAsync($"{Api}{slug}/status/", new { action = "unpublish" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await F.Outsider.DeleteAsync($"{Api}{slug}/"), HttpStatusCode.Forbidden);
        await ProblemAsync(await F.Anonymous.DeleteAsync($"{Api}{slug}/"), HttpStatusCode.Unauthorized);
        Assert.Equal("Fiche protégée", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_entry_never_takes_the_name_of_a_register_page()
    {
        var slug = await PublishedAsync(F.AlgorithmBody("Mapping"));
        Assert.Equal("mapping-2", slug);
        Assert.Equal("Mapping", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["name"]!.GetValue<string>());
        var body = F.AlgorithmBody("Autre");
        body["slug"] = "profile";
        Assert.Equal(HttpStatusCode.BadRequest, (await F.Admin.PostAsJsonAsync(Api, body)).StatusCode);
        Assert.Equal("algorithme", await PublishedAsync(F.AlgorithmBody("—")));
    }

    [Fact]
    public async Task An_entry_links_catalogue_datasets_and_readers_see_only_the_published_ones()
    {
        var water = await PublishedDatasetAsync("Prélèvements d'eau par usage");
        var draft = await F.Admin.PostAsJsonAsync("/api/1/datasets/", F.DatasetBody("Registre interne des redevables"));
        var hidden = await Json(draft);
        var hiddenSlug = hidden["slug"]!.GetValue<string>();
        var waterId = (await GetJsonAsync(F.Anonymous, $"/api/1/datasets/{water}/"))["id"]!.GetValue<string>();

        var body = F.AlgorithmBody("Calcul de la redevance pour prélèvement d'eau", automation: "automated", themes: ["tax"]);
        body["datasets"] = new JsonArray(water, hidden["id"]!.GetValue<string>(), water); // a slug, an id, a repetition
        var slug = await PublishedAsync(body);

        var forMember = (await GetJsonAsync(F.Admin, $"{Api}{slug}/"))["datasets"]!.AsArray();
        Assert.Equal([water, hiddenSlug], forMember.Select(d => d!["slug"]!.GetValue<string>()));
        var linked = (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["datasets"]!.AsArray();
        var dataset = Assert.Single(linked)!;
        Assert.Equal(waterId, dataset["id"]!.GetValue<string>());
        Assert.Equal(water, dataset["slug"]!.GetValue<string>());
        Assert.Equal("Prélèvements d'eau par usage", dataset["title"]!.GetValue<string>());
        Assert.EndsWith($"/api/1/datasets/{water}/", dataset["uri"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await F.Anonymous.GetAsync(new Uri(dataset["uri"]!.GetValue<string>()).PathAndQuery)).StatusCode);

        // The whole-register exports resolve the links the same way, and never name the draft.
        var exported = Assert.Single((await GetJsonAsync(F.Anonymous, "/api/1/algorithms.json")).AsArray())!;
        Assert.Equal([water], exported["datasets"]!.AsArray().Select(d => d!["slug"]!.GetValue<string>()));
        var csv = await F.Anonymous.GetStringAsync("/api/1/algorithms.csv");
        Assert.DoesNotContain(hiddenSlug, csv);
        var rows = StrictCsv.Parse(csv);
        Assert.Equal(water, rows[1][Array.IndexOf(rows[0], "datasets")]);

        // The search listing names only the published dataset, and the draft's title does not make the entry findable.
        var listed = await GetJsonAsync(F.Anonymous, $"{Api}?q=calcul");
        Assert.Equal([water], listed["data"]![0]!["datasets"]!.AsArray().Select(d => d!["slug"]!.GetValue<string>()));
        Assert.DoesNotContain(hidden["id"]!.GetValue<string>(), listed.ToJsonString());
        Assert.Equal(0, (await GetJsonAsync(F.Anonymous, $"{Api}?q=redevables"))["total"]!.GetValue<int>());

        var unknown = await ProblemAsync(await F.Admin.PutAsJsonAsync($"{Api}{slug}/", new { datasets = new[] { water, "inexistant" } }), HttpStatusCode.BadRequest);
        Assert.Equal(["datasets"], Fields(unknown));
        Assert.Single((await GetJsonAsync(F.Anonymous, $"{Api}{slug}/"))["datasets"]!.AsArray());

        // The entry is found by a linked dataset's title once it is published, by its new title after a rename, and
        // no longer once it is deleted — without the entry itself being edited.
        async Task<int> FoundAsync(string q) => (await GetJsonAsync(F.Anonymous, $"{Api}?q={q}"))["total"]!.GetValue<int>();
        (await F.Admin.PostAsJsonAsync($"/api/1/datasets/{hiddenSlug}/status/", new { action = "publish" })).EnsureSuccessStatusCode();
        Assert.Equal(1, await FoundAsync("redevables"));
        (await F.Admin.PutAsJsonAsync($"/api/1/datasets/{hiddenSlug}/", new { title = "Fichier des contribuables préleveurs" })).EnsureSuccessStatusCode();
        Assert.Equal(0, await FoundAsync("redevables"));
        Assert.Equal(1, await FoundAsync("contribuables"));
        Assert.Equal(HttpStatusCode.NoContent, (await F.Admin.DeleteAsync($"/api/1/datasets/{hiddenSlug}/")).StatusCode);
        Assert.Equal(0, await FoundAsync("contribuables"));
    }

    [Fact]
    public async Task The_register_is_exported_whole_as_csv_and_json_with_the_same_filters_as_the_search()
    {
        var slugs = new List<string>();
        for (var i = 1; i <= 21; i++)
            slugs.Add(await PublishedAsync(F.AlgorithmBody($"Algorithme numéro {i:00}", automation: i <= 3 ? "automated" : "decision-support",
                themes: i % 2 == 0 ? ["education", "social"] : ["tax"])));
        var formula = F.AlgorithmBody("=SOMME(A1:A9)");
        var formulaSlug = await PublishedAsync(formula);
        await CreateAsync(F.Admin, F.AlgorithmBody("Brouillon confidentiel"));
        Assert.NotNull((await GetJsonAsync(F.Anonymous, Api))["next_page"]); // the search pages; the exports do not

        var response = await F.Anonymous.GetAsync("/api/1/algorithms.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("algorithms.csv", response.Content.Headers.ContentDisposition!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Brouillon confidentiel", text);
        var csv = StrictCsv.Parse(text);
        var header = csv[0];
        Assert.Equal(["id", "slug", "name", "url", "organization", "organization_slug", "description", "datasets", "status", "created_at", "updated_at"], header.Take(11));
        var profile = await GetJsonAsync(F.Anonymous, $"{Api}profile/");
        Assert.Equal(profile["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()), header.Skip(11));
        Assert.Equal(23, csv.Count);
        Assert.All(csv.Skip(1), row => Assert.Equal(header.Length, row.Length));
        Assert.All(csv.Skip(1), row => Assert.Equal("published", row[Array.IndexOf(header, "status")]));
        Assert.Equal([.. slugs, formulaSlug], csv.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal));
        var row = csv.Single(r => r[1] == formulaSlug);
        Assert.Equal("'=SOMME(A1:A9)", row[2]); // a spreadsheet shows it, never computes it
        Assert.Equal("Agence de l'eau (test)", row[Array.IndexOf(header, "organization")]);
        Assert.EndsWith($"/algorithms/{formulaSlug}/", row[Array.IndexOf(header, "url")]);
        Assert.Equal("social", row[Array.IndexOf(header, "theme")]);
        Assert.Equal("decision-support", row[Array.IndexOf(header, "automation")]);
        Assert.Equal("education,social", csv.Single(r => r[1] == slugs[1])[Array.IndexOf(header, "theme")]);

        var filtered = StrictCsv.Parse(await F.Anonymous.GetStringAsync("/api/1/algorithms.csv?automation=automated"));
        Assert.Equal(slugs.Take(3), filtered.Skip(1).Select(r => r[1]).Order(StringComparer.Ordinal));
        var searched = StrictCsv.Parse(await F.Anonymous.GetStringAsync("/api/1/algorithms.csv?q=somme"));
        Assert.Equal([formulaSlug], searched.Skip(1).Select(r => r[1]));
        Assert.Equal(9, StrictCsv.Parse(await F.Anonymous.GetStringAsync("/api/1/algorithms.csv?theme=education&automation=decision-support")).Count - 1); // 4, 6 … 20
        await ProblemAsync(await F.Anonymous.GetAsync("/api/1/algorithms.csv?colour=blue"), HttpStatusCode.BadRequest);

        var json = (await GetJsonAsync(F.Anonymous, "/api/1/algorithms.json")).AsArray();
        Assert.Equal(22, json.Count);
        Assert.All(json, e => Assert.Equal("published", e!["status"]!.GetValue<string>()));
        Assert.Contains(json, e => e!["slug"]!.GetValue<string>() == slugs[20] && e["fields"]!["lifecycle"]!.GetValue<string>() == "in-use");
        Assert.Equal(3, (await GetJsonAsync(F.Anonymous, "/api/1/algorithms.json?automation=automated")).AsArray().Count);
    }

    [Fact]
    public async Task The_profile_and_its_crosswalk_to_the_Dutch_and_UK_standards_are_published()
    {
        var profile = await GetJsonAsync(F.Anonymous, $"{Api}profile/");
        Assert.Equal("etalab", profile["id"]!.GetValue<string>());
        var keys = profile["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()).ToList();
        var legal = profile["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "legal_basis")!;
        Assert.Equal("lawful_basis", legal["mappings"]!["nl"]!.GetValue<string>());
        Assert.Equal("Fondement juridique", legal["label"]!.GetValue<string>());
        Assert.Equal("Legal basis", (await GetJsonAsync(F.Anonymous, $"{Api}profile/?lang=en"))["fields"]!.AsArray()
            .Single(f => f!["key"]!.GetValue<string>() == "legal_basis")!["label"]!.GetValue<string>());
        Assert.Contains("machine-learning", profile["vocabularies"]!["algorithm_type"]!["values"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()));

        var mapping = await GetJsonAsync(F.Anonymous, $"{Api}mapping/");
        Assert.NotNull(mapping["standards"]!["nl"]);
        Assert.NotNull(mapping["standards"]!["uk"]);
        var rows = mapping["fields"]!.AsArray();
        Assert.Equal(["name", "description", "organization", "datasets", .. keys], rows.Select(r => r!["field"]!.GetValue<string>()));
        var automation = rows.Single(r => r!["field"]!.GetValue<string>() == "automation")!;
        Assert.Equal("human_intervention", automation["nl"]!.GetValue<string>());
        Assert.Contains("human decisions", automation["uk"]!.GetValue<string>());
        Assert.All(rows, r => Assert.True(r!["nl"] is not null || r["uk"] is not null, r["field"]!.GetValue<string>()));

        var response = await F.Anonymous.GetAsync($"{Api}mapping.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = StrictCsv.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["field", "label_fr", "label_en", "type", "required", "nl", "uk"], csv[0]);
        Assert.Equal(rows.Select(r => r!["field"]!.GetValue<string>()), csv.Skip(1).Select(r => r[0]));
        var decisions = csv.Single(r => r[0] == "decisions_per_year");
        Assert.Equal(["decisions_per_year", "Nombre de décisions par an", "Decisions per year", "integer", "false", ""], decisions.Take(6));
        Assert.Contains("frequency and scale", decisions[6]);
        Assert.Equal("true", csv.Single(r => r[0] == "purpose")[4]);
    }

    [Fact]
    public async Task An_editor_deletes_an_entry_with_its_history()
    {
        var contributor = await ContributorAsync();
        var slug = await CreateAsync(contributor, F.AlgorithmBody("Fiche à supprimer"));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(contributor, slug, "propose")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(F.Admin, slug, "publish")).StatusCode);
        Assert.Equal((1, 3), await StoredAsync());
        // Published, it is no longer the contributor's to delete.
        await ProblemAsync(await contributor.DeleteAsync($"{Api}{slug}/"), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await F.Admin.DeleteAsync($"{Api}{slug}/")).StatusCode);
        Assert.Equal((0, 0), await StoredAsync());
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/"), HttpStatusCode.NotFound);
        await ProblemAsync(await F.Admin.GetAsync($"{Api}{slug}/"), HttpStatusCode.NotFound);
        await ProblemAsync(await F.Admin.GetAsync($"{Api}{slug}/revisions/"), HttpStatusCode.NotFound);
        await ProblemAsync(await F.Admin.DeleteAsync($"{Api}{slug}/"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await GetJsonAsync(F.Anonymous, Api))["total"]!.GetValue<int>());
        Assert.Single(StrictCsv.Parse(await F.Anonymous.GetStringAsync("/api/1/algorithms.csv")));

        // A contributor deletes a draft of their own.
        var draft = await CreateAsync(contributor, F.AlgorithmBody("Brouillon abandonné"));
        Assert.Equal(HttpStatusCode.NoContent, (await contributor.DeleteAsync($"{Api}{draft}/")).StatusCode);
        Assert.Equal((0, 0), await StoredAsync());
    }
}

public sealed class AlgorithmApiTestsSqlite() : AlgorithmApiTests(Db.Sqlite);
public sealed class AlgorithmApiTestsPostgres() : AlgorithmApiTests(Db.Postgres);
