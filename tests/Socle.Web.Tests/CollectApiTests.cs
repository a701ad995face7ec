using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Tests;
using Socle.Collect.Demo;
using static Socle.Web.Tests.WebFixture;

namespace Socle.Web.Tests;

/// <summary>
/// Collecte through its HTTP API, as a steward, a contributor and a reader use it — a register of renewable
/// installations made from the template, records and their history, events, measures, imports through crosswalks,
/// conflicts between sources and the dashboard — on SQLite and on PostgreSQL.
/// </summary>
public abstract class CollectApiTests(Db kind) : IAsyncLifetime
{
    protected WebFixture F = null!;
    public async ValueTask InitializeAsync() => F = await WebFixture.CreateAsync(kind);
    public ValueTask DisposeAsync() => F.DisposeAsync();

    private const string Api = "/api/1/collections/";
    private const string Power = "puissance_max_installee_kw";

    private async Task<string> CollectionAsync()
    {
        var created = await F.Admin.PostAsJsonAsync(Api, new { title = "Installations EnR d'Occitanie", organization = F.OrgSlug, template = "installations-enr" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await Json(created))["slug"]!.GetValue<string>();
    }

    /// <summary>An installation's values: Aude (11) or Hérault (34), in Occitanie (76).</summary>
    private static JsonObject Values(string name, string departement = "11", double power = 12000, string filiere = "eolien", string? eic = null)
    {
        var v = new JsonObject
        {
            ["nom_installation"] = name,
            ["code_insee_commune"] = departement == "11" ? "11069" : "34172",
            ["code_departement"] = departement,
            ["code_region"] = "76",
            ["filiere"] = filiere,
            [Power] = power,
            ["latitude"] = departement == "11" ? 43.21 : 43.61,
            ["longitude"] = departement == "11" ? 2.35 : 3.87,
        };
        if (eic is not null) v["code_eic"] = eic;
        return v;
    }

    private static async Task<JsonNode> CreateAsync(HttpClient who, string slug, JsonObject values, string? validFrom = null, string? source = null)
    {
        var body = new JsonObject { ["values"] = values };
        if (validFrom is not null) body["valid_from"] = validFrom;
        if (source is not null) body["source"] = source;
        var created = await who.PostAsJsonAsync($"{Api}{slug}/records/", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal($"/api/1/collections/{slug}/records/{(await Json(created))["number"]}/", created.Headers.Location!.ToString());
        return await Json(created);
    }

    private static async Task<HttpResponseMessage> UpdateAsync(HttpClient who, string slug, long number, JsonObject body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Api}{slug}/records/{number}/") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await who.SendAsync(request);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient who, string url)
    {
        var response = await who.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json(response);
    }

    /// <summary>The body of an RFC 9457 problem, after checking its status and media type.</summary>
    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    private static string[] Fields(JsonNode problem) => [.. problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>())];

    private static string Message(JsonNode problem, string field) =>
        problem["errors"]!.AsArray().First(e => e!["field"]!.GetValue<string>() == field)!["message"]!.GetValue<string>();

    /// <summary>A signed-up account named a member of the collection, with its role on some territories.</summary>
    private async Task<HttpClient> MemberAsync(string slug, string email, string role, params string[] territories)
    {
        var client = await F.SignUpWithKeyAsync(email, email.Split('@')[0]);
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Api}{slug}/members/")
        {
            Content = JsonContent.Create(new { email, role, territories }),
        };
        var named = await F.Admin.SendAsync(request);
        Assert.True(named.StatusCode == HttpStatusCode.OK, await named.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task<int> TotalAsync(HttpClient who, string slug, string query = "") =>
        (await GetJsonAsync(who, $"{Api}{slug}/records/{query}"))["total"]!.GetValue<int>();

    // ---- Imports ----

    private static readonly DateOnly YearEnd = new(2023, 12, 31);

    private static IReadOnlyList<GeneratedInstallation> Installations() => RenewablesGenerator.Generate(40, seed: 61);

    private static string Odre(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        RenewablesGenerator.WriteOdreCsv(installations, asOf, w);
        return w.ToString();
    }

    private static string Dreal(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        RenewablesGenerator.WriteDrealCsv(installations, asOf, w);
        return w.ToString();
    }

    private static int DataRows(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;

    /// <summary>Uploads a file, runs the dry run, and returns the import as a steward reads it.</summary>
    private async Task<JsonNode> ImportAsync(string slug, string content, string crosswalk, string validFrom, string lang = "fr")
    {
        var upload = await F.Admin.PostAsync($"{Api}{slug}/imports/",
            File(content, "export.csv", ("crosswalk", crosswalk), ("valid_from", validFrom), ("comment", "Import de test")));
        Assert.True(upload.StatusCode == HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        var queued = await Json(upload);
        Assert.Equal("queued", queued["status"]!.GetValue<string>());
        Assert.NotNull(queued["job"]);
        Assert.Equal($"/api/1/collections/{slug}/imports/{queued["id"]}/", upload.Headers.Location!.ToString());
        await F.DrainJobsAsync();
        return await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{queued["id"]}/?lang={lang}");
    }

    private async Task<JsonNode> CommitAsync(string slug, JsonNode import, bool skipInvalid = false)
    {
        var commit = await F.Admin.PostAsync($"{Api}{slug}/imports/{import["id"]}/commit/{(skipInvalid ? "?skip_invalid=true" : "")}", null);
        Assert.True(commit.StatusCode == HttpStatusCode.Accepted, await commit.Content.ReadAsStringAsync());
        Assert.Equal("committing", (await Json(commit))["status"]!.GetValue<string>());
        await F.DrainJobsAsync();
        var done = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{import["id"]}/");
        Assert.True(done["status"]!.GetValue<string>() == "committed", done.ToJsonString());
        return done;
    }

    private static int Count(JsonNode import, string outcome) => import["plan"]![outcome]!.GetValue<int>();

    // ---- Scenarios ----

    [Fact]
    public async Task A_register_made_from_the_template_has_its_definition_and_crosswalks()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync(Api, new { title = "X", organization = F.OrgSlug, template = "installations-enr" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsJsonAsync(Api, new { title = "X", organization = F.OrgSlug, template = "installations-enr" })).StatusCode);
        var unknown = await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}?lang=en", new { title = "X", organization = F.OrgSlug, template = "nope" }), HttpStatusCode.BadRequest);
        Assert.Contains("nope", Message(unknown, "template"));

        var created = await F.Admin.PostAsJsonAsync(Api, new { title = "Installations EnR d'Occitanie", organization = F.OrgSlug, template = "installations-enr" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = (await Json(created))["slug"]!.GetValue<string>();
        Assert.Equal($"/api/1/collections/{slug}/", created.Headers.Location!.ToString());

        var list = await GetJsonAsync(F.Anonymous, Api);
        var entry = list["data"]!.AsArray().Single(c => c!["slug"]!.GetValue<string>() == slug)!;
        Assert.Equal(0, entry["records"]!.GetValue<int>());
        Assert.Equal(F.OrgSlug, entry["organization"]!["slug"]!.GetValue<string>());

        var read = await F.Anonymous.GetAsync($"{Api}{slug}/?lang=en");
        var c = await Json(read);
        var def = c["definition"]!;
        Assert.Contains(def["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == Power);
        Assert.Equal("In service", def["stages"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "en_service")!["label"]!.GetValue<string>());
        var commissioning = def["events"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "mise_en_service")!;
        Assert.Equal("en_service", commissioning["stage"]!.GetValue<string>());
        Assert.Contains(commissioning["fields"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "puissance_kw");
        Assert.Contains(def["measures"]!.AsArray(), m => m!["id"]!.GetValue<string>() == "production_annuelle_mwh");
        Assert.Equal(["saisie", "odre", "dreal"], def["sources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal("odre", def["priority"]![Power]![0]!.GetValue<string>());

        var schema = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/schema.json");
        Assert.Equal("nom_installation", schema["fields"]![0]!["name"]!.GetValue<string>());

        var crosswalks = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/crosswalks/");
        Assert.Equal(["dreal-eolien", "odre-registre"], crosswalks.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        var odre = await F.Anonymous.GetAsync($"{Api}{slug}/crosswalks/odre-registre/");
        Assert.Equal("odre", (await Json(odre))["source"]!.GetValue<string>());

        // A steward's own crosswalk, saved under its address; a stale version is refused.
        var mine = new JsonObject
        {
            ["title"] = "Tableau départemental",
            ["source"] = "saisie",
            ["columns"] = new JsonArray(new JsonObject { ["from"] = "Nom", ["to"] = "nom_installation" }, new JsonObject { ["from"] = "Commune", ["to"] = "code_insee_commune" },
                new JsonObject { ["to"] = "filiere", ["value"] = "solaire" }),
        };
        var saved = await F.Admin.PutAsJsonAsync($"{Api}{slug}/crosswalks/tableau-11/", mine);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Json(saved))["version"]!.GetValue<int>());
        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Api}{slug}/crosswalks/tableau-11/") { Content = JsonContent.Create(mine) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"v7-0\"");
        await ProblemAsync(await F.Admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        var badTarget = (JsonObject)mine.DeepClone();
        badTarget["columns"]!.AsArray().Add(new JsonObject { ["from"] = "X", ["to"] = "pas_un_champ" });
        await ProblemAsync(await F.Admin.PutAsJsonAsync($"{Api}{slug}/crosswalks/tableau-11/", badTarget), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PutAsJsonAsync($"{Api}{slug}/crosswalks/tableau-11/", mine)).StatusCode);

        // The collection itself: If-Match on its version.
        var etag = read.Headers.ETag!.Tag;
        var rename = new HttpRequestMessage(HttpMethod.Patch, $"{Api}{slug}/") { Content = JsonContent.Create(new { title = "Installations renouvelables" }) };
        rename.Headers.TryAddWithoutValidation("If-Match", etag);
        var renamed = await F.Admin.SendAsync(rename);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Installations renouvelables", (await Json(renamed))["title"]!.GetValue<string>());
        var again = new HttpRequestMessage(HttpMethod.Patch, $"{Api}{slug}/") { Content = JsonContent.Create(new { title = "Encore" }) };
        again.Headers.TryAddWithoutValidation("If-Match", etag);
        await ProblemAsync(await F.Admin.SendAsync(again), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Anonymous.GetAsync($"{Api}pas-de-registre/")).StatusCode);

        var openapi = await GetJsonAsync(F.Anonymous, "/api/1/openapi.json");
        Assert.NotNull(openapi["paths"]!["/api/1/collections/{collection}/records/{number}"]);
        Assert.NotNull(openapi["paths"]!["/api/1/collections/{collection}/imports/{id}/commit"]);
    }

    [Fact]
    public async Task Records_are_checked_field_by_field_in_French_and_English()
    {
        var slug = await CollectionAsync();
        var bad = Values("Parc éolien des Crêtes");
        bad.Remove("nom_installation");
        bad["filiere"] = "nucleaire";
        var fr = await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/", new { values = bad }), HttpStatusCode.BadRequest);
        Assert.Contains("values.nom_installation", Fields(fr));
        Assert.Contains("values.filiere", Fields(fr));
        var en = await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/?lang=en", new { values = bad }), HttpStatusCode.BadRequest);
        Assert.NotEqual(Message(fr, "values.filiere"), Message(en, "values.filiere"));
        Assert.Contains("solaire", Message(en, "values.filiere"));

        var unknown = Values("Parc");
        unknown["pas_un_champ"] = "x";
        Assert.Contains("values.pas_un_champ", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/", new { values = unknown }), HttpStatusCode.BadRequest)));
        var negative = Values("Parc", power: -5);
        Assert.Contains($"values.{Power}", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/", new { values = negative }), HttpStatusCode.BadRequest)));
        Assert.Contains("source", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/", new { values = Values("Parc"), source = "inconnue" }), HttpStatusCode.BadRequest)));
        Assert.Equal(0, await TotalAsync(F.Admin, slug));

        var created = await CreateAsync(F.Admin, slug, Values("Parc éolien des Crêtes", eic: "17W000000000001A"));
        Assert.Equal(1, created["number"]!.GetValue<long>());
        Assert.Equal("12000", created["values"]![Power]!.GetValue<string>());
        Assert.Equal("saisie", created["provenance"]![Power]!.GetValue<string>());
        // The external id is unique in the register.
        Assert.Contains("values.code_eic", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync($"{Api}{slug}/records/", new { values = Values("Autre", eic: "17W000000000001A") }), HttpStatusCode.BadRequest)));
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug));
    }

    [Fact]
    public async Task An_update_needs_the_version_read_and_a_stale_one_names_who_changed_the_record()
    {
        var slug = await CollectionAsync();
        var record = await CreateAsync(F.Admin, slug, Values("Parc éolien du Causse"));
        var number = record["number"]!.GetValue<long>();
        var contributor = await MemberAsync(slug, "contributeur@example.org", "contributor");
        var read = await contributor.GetAsync($"{Api}{slug}/records/{number}/");
        var etag = read.Headers.ETag!.Tag;
        Assert.StartsWith("\"v1-", etag);

        var missing = await ProblemAsync(await UpdateAsync(contributor, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 13000 } }, null), (HttpStatusCode)428);
        Assert.Contains("If-Match", missing["title"]!.GetValue<string>());

        // The admin changes it first; the contributor's change, made on version 1, is refused and says by whom.
        var first = await UpdateAsync(F.Admin, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 14000 }, ["comment"] = "Extension" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await Json(first))["version"]!.GetValue<int>());
        var stale = await ProblemAsync(await UpdateAsync(contributor, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 13000 } }, etag), HttpStatusCode.PreconditionFailed);
        Assert.Contains("Administratrice", stale["title"]!.GetValue<string>());
        Assert.Equal("14000", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/"))["values"]![Power]!.GetValue<string>());

        // The bare version is accepted as well as the ETag; a value outside the list is refused.
        var outside = await ProblemAsync(await UpdateAsync(contributor, slug, number, new JsonObject { ["values"] = new JsonObject { ["regime"] = "gratuit" } }, "\"2\""), HttpStatusCode.BadRequest);
        Assert.Contains("values.regime", Fields(outside));
        var second = await UpdateAsync(contributor, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 13000 } }, "\"2\"");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.StartsWith("\"v3-", second.Headers.ETag!.Tag);

        // Withdrawing needs the version too (stewards): the record stays readable, the listing omits it.
        var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"{Api}{slug}/records/{number}/?comment=doublon");
        Assert.Equal((HttpStatusCode)428, (await F.Admin.SendAsync(withdraw)).StatusCode);
        var byContributor = new HttpRequestMessage(HttpMethod.Delete, $"{Api}{slug}/records/{number}/");
        byContributor.Headers.TryAddWithoutValidation("If-Match", "\"3\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.SendAsync(byContributor)).StatusCode);
        withdraw = new HttpRequestMessage(HttpMethod.Delete, $"{Api}{slug}/records/{number}/?comment=doublon");
        withdraw.Headers.TryAddWithoutValidation("If-Match", "\"3\"");
        Assert.Equal(HttpStatusCode.NoContent, (await F.Admin.SendAsync(withdraw)).StatusCode);
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug));
        var gone = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/");
        Assert.True(gone["removed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task As_of_shows_the_register_as_it_was_with_revisions_a_diff_and_the_csv_twin()
    {
        var slug = await CollectionAsync();
        var a = await CreateAsync(F.Admin, slug, Values("Parc éolien des Crêtes", power: 1000), validFrom: "2020-01-01");
        var number = a["number"]!.GetValue<long>();
        var changed = await UpdateAsync(F.Admin, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 2000 }, ["valid_from"] = "2022-01-01" }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await CreateAsync(F.Admin, slug, Values("Centrale solaire du Puech", "34", 5000, "solaire"), validFrom: "2023-03-01");
        // A change cannot hold from before the record's latest state.
        var back = await ProblemAsync(await UpdateAsync(F.Admin, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 1500 }, ["valid_from"] = "2021-01-01" }, "\"2\""), HttpStatusCode.BadRequest);
        Assert.Contains("valid_from", Fields(back));

        var then = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/?as_of=2021-06-30");
        Assert.Equal(1, then["total"]!.GetValue<int>());
        Assert.Equal("2021-06-30", then["as_of"]!.GetValue<string>());
        var item = then["data"]![0]!;
        Assert.Equal("1000", item["values"]![Power]!.GetValue<string>());
        Assert.Equal(1, item["version"]!.GetValue<int>());
        Assert.Equal("2020-01-01", item["valid_from"]!.GetValue<string>());
        Assert.EndsWith($"/api/1/collections/{slug}/records/{number}/", item["uri"]!.GetValue<string>());
        var later = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/?as_of=2023-12-31");
        Assert.Equal(2, later["total"]!.GetValue<int>());
        Assert.Equal("2000", later["data"]![0]!["values"]![Power]!.GetValue<string>());
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?departement=34"));
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?departement=fr:departement:11&as_of=2023-12-31"));
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?category=solaire"));
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?q=cretes"));
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug, "?region=93"));

        // Pages, udata's way.
        var first = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/?page_size=1");
        Assert.Equal(2, first["total"]!.GetValue<int>());
        Assert.Contains("page=2", first["next_page"]!.GetValue<string>());
        Assert.Null(first["previous_page"]);
        var second = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/?page_size=1&page=2");
        Assert.Null(second["next_page"]);
        Assert.Contains("page=1", second["previous_page"]!.GetValue<string>());

        var bad = await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/records/?as_of=2021-13-45&lang=en"), HttpStatusCode.BadRequest);
        Assert.Equal(["as_of"], Fields(bad));
        Assert.Contains("2021-13-45", Message(bad, "as_of"));

        var old = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/?as_of=2021-06-30");
        Assert.Equal("1000", old["values"]![Power]!.GetValue<string>());
        Assert.Equal(1, old["version"]!.GetValue<int>());
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/records/2/?as_of=2021-06-30"), HttpStatusCode.NotFound);
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/records/99/"), HttpStatusCode.NotFound);

        var revisions = (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/revisions/")).AsArray();
        Assert.Equal([1, 2], revisions.Select(r => r!["version"]!.GetValue<int>()));
        Assert.Equal("2022-01-01", revisions[1]!["valid_from"]!.GetValue<string>());
        Assert.Equal("Administratrice", revisions[1]!["author_name"]!.GetValue<string>());
        Assert.Equal([Power], revisions[1]!["changed"]!.AsArray().Select(f => f!.GetValue<string>()));
        var diff = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/revisions/?from=1&to=2");
        var change = diff["changes"]!.AsArray().Single()!;
        Assert.Equal(Power, change["field"]!.GetValue<string>());
        Assert.Equal("1000", change["before"]!.GetValue<string>());
        Assert.Equal("2000", change["after"]!.GetValue<string>());
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/records/{number}/revisions/?from=1&to=9"), HttpStatusCode.NotFound);

        // The CSV twin: every field in schema order, the same filters and as_of.
        var csv = await F.Anonymous.GetAsync($"{Api}{slug}/records.csv?as_of=2021-06-30");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,stage,nom_installation,code_eic,code_insee_commune,", lines[0]);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("1000", lines[1].Split(',')[Array.IndexOf(header, Power)]);
        var all = (await F.Anonymous.GetStringAsync($"{Api}{slug}/records.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, all.Length);
        Assert.Equal(2, (await F.Anonymous.GetStringAsync($"{Api}{slug}/records.csv?category=solaire")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/records.csv?as_of=hier"), HttpStatusCode.BadRequest);
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}pas-de-registre/records.csv"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Events_give_the_stage_the_timeline_shows_them_and_measures_accumulate()
    {
        var slug = await CollectionAsync();
        var record = await CreateAsync(F.Admin, slug, Values("Parc éolien de la Garrigue"), validFrom: "2019-01-01");
        var number = record["number"]!.GetValue<long>();
        Assert.Null(record["stage"]);
        var events = $"{Api}{slug}/records/{number}/events/";

        var granted = await F.Admin.PostAsJsonAsync(events, new { type = "permis_accorde", date = "2020-05-01", fields = new { reference_arrete = "AP-2020-11-042", puissance_autorisee_kw = 12000 } });
        Assert.True(granted.StatusCode == HttpStatusCode.Created, await granted.Content.ReadAsStringAsync());
        Assert.Equal("autorise", (await Json(granted))["stage"]!.GetValue<string>());
        Assert.Equal("autorise", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/"))["stage"]!.GetValue<string>());
        var commissioned = await F.Admin.PostAsJsonAsync($"{events}?lang=en", new { type = "mise_en_service", date = "2022-06-01", fields = new { puissance_kw = 12000 }, comment = "Mise en service industrielle" });
        Assert.Equal(HttpStatusCode.Created, commissioned.StatusCode);
        var commissioning = await Json(commissioned);
        Assert.Equal("Commissioning", commissioning["label"]!.GetValue<string>());
        var now = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/?lang=en");
        Assert.Equal("en_service", now["stage"]!.GetValue<string>());
        Assert.Equal("In service", now["stage_label"]!.GetValue<string>());
        Assert.Equal("autorise", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/?as_of=2021-01-01"))["stage"]!.GetValue<string>());
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?stage=en_service"));
        Assert.Equal(1, await TotalAsync(F.Anonymous, slug, "?stage=autorise&as_of=2021-01-01"));

        var wrong = await ProblemAsync(await F.Admin.PostAsJsonAsync(events, new { type = "explosion", date = "2022-13-01" }), HttpStatusCode.BadRequest);
        Assert.Contains("type", Fields(wrong));
        Assert.Contains("date", Fields(wrong));
        Assert.Contains("fields.puissance_kw", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync(events, new { type = "mise_en_service", date = "2022-06-02", fields = new { puissance_kw = "beaucoup" } }), HttpStatusCode.BadRequest)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync(events, new { type = "arret", date = "2024-01-01" })).StatusCode);

        var timeline = (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/timeline/")).AsArray();
        Assert.Equal(["revision", "event", "event"], timeline.Select(t => t!["kind"]!.GetValue<string>()));
        Assert.Equal("permis_accorde", timeline[1]!["event"]!["type"]!.GetValue<string>());
        Assert.Equal("AP-2020-11-042", timeline[1]!["event"]!["fields"]!["reference_arrete"]!.GetValue<string>());
        Assert.Equal(1, timeline[0]!["revision"]!["version"]!.GetValue<int>());

        // A mistaken event is withdrawn (stewards): the stage goes back; the event stays in the history, marked.
        var id = commissioning["id"]!.GetValue<string>();
        var contributor = await MemberAsync(slug, "contributeur@example.org", "contributor");
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.DeleteAsync($"{events}{id}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await F.Admin.DeleteAsync($"{events}{id}/")).StatusCode);
        Assert.Equal("autorise", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/"))["stage"]!.GetValue<string>());
        Assert.Single((await GetJsonAsync(F.Anonymous, events)).AsArray());
        var withdrawn = (await GetJsonAsync(F.Anonymous, $"{events}?withdrawn=true")).AsArray();
        Assert.Equal(2, withdrawn.Count);
        Assert.NotNull(withdrawn.Single(e => e!["id"]!.GetValue<string>() == id)!["withdrawn_at"]);
        Assert.Equal(HttpStatusCode.NotFound, (await F.Admin.DeleteAsync($"{events}{id}/")).StatusCode);

        // Measures: yearly values with their source; a new value for the same year supersedes the last.
        var measures = $"{Api}{slug}/records/{number}/measures/";
        var added = await contributor.PostAsJsonAsync(measures, new { measures = new object[] { new { measure = "production_annuelle_mwh", period = "2022", value = 18500.5 }, new { measure = "production_annuelle_mwh", period = "2023", value = 30100 } } });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        Assert.Equal(2, (await Json(added))["added"]!.GetValue<int>());
        (await contributor.PostAsJsonAsync(measures, new { measures = new[] { new { measure = "production_annuelle_mwh", period = "2023", value = 30200 } } })).EnsureSuccessStatusCode();
        var series = (await GetJsonAsync(F.Anonymous, $"{measures}?lang=en")).AsArray();
        Assert.Equal(["2022", "2023"], series.Select(m => m!["period"]!.GetValue<string>()));
        Assert.Equal(30200, series[1]!["value"]!.GetValue<double>());
        Assert.Equal("MWh", series[1]!["unit"]!.GetValue<string>());
        Assert.Equal("Yearly production", series[1]!["label"]!.GetValue<string>());
        var badPeriod = await ProblemAsync(await contributor.PostAsJsonAsync(measures, new { measures = new[] { new { measure = "production_annuelle_mwh", period = "22", value = 1 } } }), HttpStatusCode.BadRequest);
        Assert.Contains("measures[0].period", Fields(badPeriod));
        Assert.Contains("measures[0].measure", Fields(await ProblemAsync(await contributor.PostAsJsonAsync(measures, new { measures = new[] { new { measure = "vent", period = "2022", value = 1 } } }), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Contributors_write_on_their_territories_only()
    {
        var slug = await CollectionAsync();
        var inHerault = await CreateAsync(F.Admin, slug, Values("Centrale solaire de Montpellier", "34", 900, "solaire"));
        var records = $"{Api}{slug}/records/";
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync(records, new { values = Values("Parc") })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsJsonAsync(records, new { values = Values("Parc") })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UpdateAsync(F.Anonymous, slug, 1, new JsonObject { ["values"] = new JsonObject { [Power] = 1 } }, "\"1\"")).StatusCode);

        var aude = await MemberAsync(slug, "aude@example.org", "contributor", "fr:departement:11");
        var refused = await ProblemAsync(await aude.PostAsJsonAsync(records, new { values = Values("Parc de l'Hérault", "34") }), HttpStatusCode.Forbidden);
        Assert.NotNull(refused["title"]);
        var mine = await CreateAsync(aude, slug, Values("Parc éolien du Lauragais", "11"));
        await ProblemAsync(await UpdateAsync(aude, slug, inHerault["number"]!.GetValue<long>(), new JsonObject { ["values"] = new JsonObject { [Power] = 1000 } }, "\"1\""), HttpStatusCode.Forbidden);
        var number = mine["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(aude, slug, number, new JsonObject { ["values"] = new JsonObject { [Power] = 15000 } }, "\"1\"")).StatusCode);
        // Nor may they move a record out of their territories.
        await ProblemAsync(await UpdateAsync(aude, slug, number, new JsonObject { ["values"] = new JsonObject { ["code_departement"] = "34", ["code_insee_commune"] = "34172" } }, "\"2\""), HttpStatusCode.Forbidden);
        Assert.Equal("11", (await GetJsonAsync(F.Anonymous, $"{records}{number}/"))["values"]!["code_departement"]!.GetValue<string>());

        // Members are the stewards' business; the admin names and removes them.
        Assert.Equal(HttpStatusCode.Forbidden, (await aude.GetAsync($"{Api}{slug}/members/")).StatusCode);
        var members = (await GetJsonAsync(F.Admin, $"{Api}{slug}/members/")).AsArray();
        var member = members.Single(m => m!["account"]!["email"]!.GetValue<string>() == "aude@example.org")!;
        Assert.Equal("contributor", member["role"]!.GetValue<string>());
        Assert.Equal(["fr:departement:11"], member["territories"]!.AsArray().Select(t => t!.GetValue<string>()));
        var badTerritory = await F.Admin.PutAsJsonAsync($"{Api}{slug}/members/", new { email = "aude@example.org", role = "chef", territories = new[] { "Aude" } });
        var problem = await ProblemAsync(badTerritory, HttpStatusCode.BadRequest);
        Assert.Contains("role", Fields(problem));
        Assert.Contains("territories", Fields(problem));
        Assert.Equal(HttpStatusCode.NoContent, (await F.Admin.DeleteAsync($"{Api}{slug}/members/{member["account"]!["id"]}/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await aude.PostAsJsonAsync(records, new { values = Values("Encore", "11") })).StatusCode);
    }

    [Fact]
    public async Task An_odre_export_is_imported_through_its_crosswalk_then_again_unchanged()
    {
        var slug = await CollectionAsync();
        var content = Odre(Installations(), YearEnd);
        var rows = DataRows(content);
        Assert.True(rows > 10, $"{rows} rows");
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsync($"{Api}{slug}/imports/", File(content, "export.csv", ("crosswalk", "odre-registre")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await F.Outsider.PostAsync($"{Api}{slug}/imports/", File(content, "export.csv", ("crosswalk", "odre-registre")))).StatusCode);
        var noCrosswalk = await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/", File(content, "export.csv")), HttpStatusCode.BadRequest);
        Assert.Contains("crosswalk", Fields(noCrosswalk));
        Assert.Contains("crosswalk", Fields(await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/", File(content, "export.csv", ("crosswalk", "inconnu"))), HttpStatusCode.BadRequest)));

        var import = await ImportAsync(slug, content, "odre-registre", "2023-12-31");
        Assert.True(import["status"]!.GetValue<string>() == "planned", import.ToJsonString());
        Assert.Equal(rows, Count(import, "rows"));
        Assert.Equal(rows, Count(import, "new"));
        Assert.Equal(0, Count(import, "errors"));
        Assert.Equal("odre", import["source"]!.GetValue<string>());
        Assert.Equal("succeeded", import["job"]!["state"]!.GetValue<string>());
        Assert.Equal(rows, import["plan"]!["samples"]!.AsArray().Count(s => s!["outcome"]!.GetValue<string>() == "new"));
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug));

        await CommitAsync(slug, import);
        Assert.Equal(rows, await TotalAsync(F.Anonymous, slug));
        var first = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/1/");
        Assert.Equal("odre", first["provenance"]!["nom_installation"]!.GetValue<string>());
        Assert.Equal("2023-12-31", first["valid_from"]!.GetValue<string>());
        Assert.Equal("en_service", first["stage"]!.GetValue<string>());
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug, "?as_of=2023-12-30"));
        // Committing twice is refused.
        await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/{import["id"]}/commit/", null), HttpStatusCode.Conflict);

        var again = await ImportAsync(slug, content, "odre-registre", "2023-12-31");
        Assert.Equal(rows, Count(again, "unchanged"));
        Assert.Equal(0, Count(again, "new") + Count(again, "changed") + Count(again, "conflicting") + Count(again, "errors"));
        var discarded = await F.Admin.PostAsync($"{Api}{slug}/imports/{again["id"]}/discard/", null);
        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Equal("discarded", (await Json(discarded))["status"]!.GetValue<string>());
        await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/{again["id"]}/commit/", null), HttpStatusCode.Conflict);

        var list = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/");
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.Equal(["discarded", "committed"], list["data"]!.AsArray().Select(i => i!["status"]!.GetValue<string>()));
        Assert.Null(list["data"]![0]!["plan"]!["samples"]);
        Assert.Equal(rows, await TotalAsync(F.Anonymous, slug));

        // The dashboard: year-end figures and the map.
        var stats = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/stats/?from=2022&to=2023");
        var years = stats["years"]!.AsArray();
        Assert.Equal([2022, 2023], years.Select(y => y!["year"]!.GetValue<int>()));
        Assert.Equal(0, years[0]!["count"]!.GetValue<int>());
        Assert.Equal(rows, years[1]!["count"]!.GetValue<int>());
        Assert.Equal(rows, years[1]!["by_stage"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "en_service")!["count"]!.GetValue<int>());
        var wind = years[1]!["by_category"]!.AsArray().SingleOrDefault(c => c!["category"]!.GetValue<string>() == "eolien");
        Assert.Equal(await TotalAsync(F.Anonymous, slug, "?category=eolien"), wind?["count"]!.GetValue<int>() ?? 0);
        Assert.Equal(years[1]!["power"]!.GetValue<double>(), years[1]!["cells"]!.AsArray().Sum(c => c!["power"]!.GetValue<double>()), 3);
        var defaults = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/stats/");
        Assert.Equal(2023, defaults["from"]!.GetValue<int>());
        var regional = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/stats/?from=2023&to=2023&region=fr:region:76");
        Assert.Equal(await TotalAsync(F.Anonymous, slug, "?region=76"), regional["years"]![0]!["count"]!.GetValue<int>());
        await ProblemAsync(await F.Anonymous.GetAsync($"{Api}{slug}/stats/?from=2024&to=2020"), HttpStatusCode.BadRequest);

        var map = await F.Anonymous.GetAsync($"{Api}{slug}/map.geojson");
        Assert.Equal("application/geo+json", map.Content.Headers.ContentType!.MediaType);
        var geo = await Json(map);
        Assert.Equal("FeatureCollection", geo["type"]!.GetValue<string>());
        var features = geo["features"]!.AsArray();
        Assert.Equal(rows, features.Count);
        var feature = features[0]!;
        Assert.Equal("Point", feature["geometry"]!["type"]!.GetValue<string>());
        Assert.Equal("en_service", feature["properties"]!["stage"]!.GetValue<string>());
        Assert.Equal("#009E73", feature["properties"]!["color"]!.GetValue<string>());
        Assert.NotNull(feature["properties"]!["power"]);
        Assert.Empty((await GetJsonAsync(F.Anonymous, $"{Api}{slug}/map.geojson?as_of=2023-01-01"))["features"]!.AsArray());
    }

    [Fact]
    public async Task A_file_missing_a_column_fails_naming_it_and_writes_nothing()
    {
        var slug = await CollectionAsync();
        var content = Odre(Installations(), YearEnd).Replace("codeINSEECommune", "code_commune_insee");
        var import = await ImportAsync(slug, content, "odre-registre", "2023-12-31", lang: "en");
        Assert.Equal("failed", import["status"]!.GetValue<string>());
        var error = import["error"]!;
        Assert.Contains("codeINSEECommune", error["errors"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).First(m => m.Contains("missing")));
        Assert.Null(import["plan"]);
        var fr = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{import["id"]}/");
        Assert.NotEqual(error["message"]!.GetValue<string>(), fr["error"]!["message"]!.GetValue<string>());
        await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/{import["id"]}/commit/", null), HttpStatusCode.Conflict);
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug));

        // A crosswalk given whole in the form, for a one-off file.
        var crosswalk = new JsonObject
        {
            ["id"] = "tableau-ponctuel",
            ["source"] = "saisie",
            ["columns"] = new JsonArray(
                new JsonObject { ["from"] = "Nom", ["to"] = "nom_installation" },
                new JsonObject { ["from"] = "Commune", ["to"] = "code_insee_commune" },
                new JsonObject { ["from"] = "Dep", ["to"] = "code_departement" },
                new JsonObject { ["to"] = "code_region", ["value"] = "76" },
                new JsonObject { ["to"] = "filiere", ["value"] = "solaire" },
                new JsonObject { ["from"] = "MW", ["to"] = Power, ["unit"] = "MW->kW" }),
        };
        var upload = await F.Admin.PostAsync($"{Api}{slug}/imports/", File("Nom,Commune,Dep,MW\nToiture de la mairie,11069,11,\"0.25\"\n", "mairie.csv",
            ("crosswalk_definition", crosswalk.ToJsonString())));
        Assert.True(upload.StatusCode == HttpStatusCode.Accepted, await upload.Content.ReadAsStringAsync());
        await F.DrainJobsAsync();
        var planned = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{(await Json(upload))["id"]}/");
        Assert.Equal("tableau-ponctuel", planned["crosswalk"]!.GetValue<string>());
        Assert.Equal(1, Count(planned, "new"));
        await CommitAsync(slug, planned);
        Assert.Equal("250", (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/1/"))["values"]![Power]!.GetValue<string>());
        await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/", File("a\n1\n", "x.csv", ("crosswalk_definition", "{pas du json"))), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Rows_in_error_block_the_commit_unless_left_out()
    {
        var slug = await CollectionAsync();
        var content = Odre(Installations(), YearEnd);
        var rows = DataRows(content);
        var at = content.IndexOf(";EOLIE;", StringComparison.Ordinal);
        Assert.True(at > 0);
        content = content[..at] + ";NUCLE;" + content[(at + ";EOLIE;".Length)..];
        var import = await ImportAsync(slug, content, "odre-registre", "2023-12-31", lang: "en");
        Assert.Equal("planned", import["status"]!.GetValue<string>());
        Assert.Equal(1, Count(import, "errors"));
        Assert.Equal(rows - 1, Count(import, "new"));
        var sample = import["plan"]!["samples"]!.AsArray().Single(s => s!["outcome"]!.GetValue<string>() == "error")!;
        var message = sample["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains("NUCLE", message);
        var errorsOnly = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{import["id"]}/?outcome=error");
        Assert.Single(errorsOnly["plan"]!["samples"]!.AsArray());
        var fr = await GetJsonAsync(F.Admin, $"{Api}{slug}/imports/{import["id"]}/?outcome=error");
        Assert.NotEqual(message, fr["plan"]!["samples"]![0]!["errors"]![0]!["message"]!.GetValue<string>());

        var refused = await ProblemAsync(await F.Admin.PostAsync($"{Api}{slug}/imports/{import["id"]}/commit/", null), HttpStatusCode.Conflict);
        Assert.Contains("skip_invalid", refused["title"]!.GetValue<string>());
        Assert.Equal(0, await TotalAsync(F.Anonymous, slug));
        var done = await CommitAsync(slug, import, skipInvalid: true);
        Assert.True(done["skip_invalid"]!.GetValue<bool>());
        Assert.Equal(rows - 1, await TotalAsync(F.Anonymous, slug));
    }

    [Fact]
    public async Task Sources_that_disagree_become_conflicts_a_steward_settles()
    {
        var slug = await CollectionAsync();
        var installations = Installations();
        await CommitAsync(slug, await ImportAsync(slug, Odre(installations, YearEnd), "odre-registre", "2023-12-31"));
        var odreRecords = await TotalAsync(F.Anonymous, slug);

        // The DREAL's spreadsheet, with other powers for the wind farms in service.
        var dreal = Dreal(RenewablesGenerator.Perturb(installations, 1.0, seed: 7), YearEnd);
        var import = await ImportAsync(slug, dreal, "dreal-eolien", "2024-01-15");
        Assert.True(import["status"]!.GetValue<string>() == "planned", import.ToJsonString());
        Assert.Equal("dreal", import["source"]!.GetValue<string>());
        var conflicting = Count(import, "conflicting");
        Assert.True(conflicting > 0, import["plan"]!.ToJsonString());
        var sample = import["plan"]!["samples"]!.AsArray().First(s => s!["outcome"]!.GetValue<string>() == "conflicting")!;
        Assert.Contains(sample["conflicts"]!.AsArray(), c => c!["field"]!.GetValue<string>() == Power);
        await CommitAsync(slug, import, skipInvalid: Count(import, "errors") > 0);
        Assert.Equal(odreRecords + Count(import, "new"), await TotalAsync(F.Anonymous, slug));

        var conflicts = await GetJsonAsync(F.Admin, $"{Api}{slug}/conflicts/?status=open&field={Power}");
        Assert.True(conflicts["total"]!.GetValue<int>() >= 1, conflicts.ToJsonString());
        var conflict = conflicts["data"]![0]!;
        var number = conflict["record"]!["number"]!.GetValue<long>();
        var odreValue = conflict["values"]!["odre"]!.GetValue<string>();
        var drealValue = conflict["values"]!["dreal"]!.GetValue<string>();
        Assert.NotEqual(odreValue, drealValue);
        // Until settled, the priority decides: the national register first for power.
        Assert.Equal(odreValue, conflict["published"]!.GetValue<string>());
        Assert.Equal("odre", conflict["published_from"]!.GetValue<string>());
        var record = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/");
        Assert.Equal(odreValue, record["values"]![Power]!.GetValue<string>());
        Assert.Equal(drealValue, record["sources"]!["dreal"]![Power]!.GetValue<string>());
        Assert.Contains(record["conflicts"]!.AsArray(), c => c!["field"]!.GetValue<string>() == Power);
        Assert.Equal(HttpStatusCode.BadRequest, (await F.Admin.GetAsync($"{Api}{slug}/conflicts/?status=perhaps")).StatusCode);

        var url = $"{Api}{slug}/conflicts/{conflict["id"]}/";
        Assert.Equal(HttpStatusCode.Unauthorized, (await F.Anonymous.PostAsJsonAsync($"{url}resolve/", new { source = "dreal" })).StatusCode);
        var contributor = await MemberAsync(slug, "contributeur@example.org", "contributor");
        Assert.Equal(HttpStatusCode.Forbidden, (await contributor.PostAsJsonAsync($"{url}resolve/", new { source = "dreal" })).StatusCode);
        Assert.Contains("source", Fields(await ProblemAsync(await F.Admin.PostAsJsonAsync($"{url}resolve/", new { source = "saisie" }), HttpStatusCode.BadRequest)));
        var resolved = await F.Admin.PostAsJsonAsync($"{url}resolve/", new { source = "dreal", comment = "Arrêté préfectoral vérifié" });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        var settled = await Json(resolved);
        Assert.Equal("resolved", settled["status"]!.GetValue<string>());
        Assert.Equal(drealValue, settled["resolution"]!.GetValue<string>());
        Assert.Equal("Administratrice", settled["resolved_by_name"]!.GetValue<string>());

        record = await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/");
        Assert.Equal(drealValue, record["values"]![Power]!.GetValue<string>());
        Assert.Equal("arbitrage", record["provenance"]![Power]!.GetValue<string>());
        Assert.DoesNotContain(record["conflicts"]!.AsArray(), c => c!["field"]!.GetValue<string>() == Power);
        var last = (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/records/{number}/revisions/")).AsArray().Last()!;
        Assert.Equal("arbitrage", last["source"]!.GetValue<string>());
        Assert.Equal("Arrêté préfectoral vérifié", last["comment"]!.GetValue<string>());
        Assert.Equal(drealValue, (await GetJsonAsync(F.Anonymous, url))["resolution"]!.GetValue<string>());
        Assert.Equal(1, (await GetJsonAsync(F.Anonymous, $"{Api}{slug}/conflicts/?status=resolved&field={Power}"))["total"]!.GetValue<int>());
        await ProblemAsync(await F.Admin.PostAsJsonAsync($"{url}resolve/", new { source = "odre" }), HttpStatusCode.Conflict);
    }
}

public sealed class CollectApiTestsSqlite() : CollectApiTests(Db.Sqlite);
public sealed class CollectApiTestsPostgres() : CollectApiTests(Db.Postgres);
