using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Portal.Infrastructure;
using Socle.Validation.Tests;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// The validator's pages: <c>/validate/</c> (any file against any schema, in the request, with the report on the page
/// and as JSON), the stored report of a catalogue resource, and proposing a missing dataset. Files and schemas come
/// from the shared schema.data.gouv.fr corpus (SCDL subventions: a valid example and two invalid ones).
/// </summary>
public sealed class ValidatePageTests
{
    private const string Registered = "tests-portail/subventions";
    private readonly PortalFixture portal;

    public ValidatePageTests(PortalFixture portal)
    {
        this.portal = portal;
    }

    private static string Subventions(params string[] parts) => TestPaths.SharedOrSkip(["schemas", "scdl", "subventions", "2.1.0", .. parts]);
    private static string Valid => Subventions("exemples", "exemple_valide.csv");
    private static string InvalidCells => Subventions("exemples", "exemple_invalide_erreurs_cellules.csv");

    /// <summary>Registers the shared SCDL schema in this Socle's data folder, as an operator would.</summary>
    private void Register()
    {
        var folder = Path.Combine(portal.Services.GetRequiredService<CatalogOptions>().DataFolder, "schemas", Registered);
        Directory.CreateDirectory(folder);
        File.Copy(Subventions("schema.json"), Path.Combine(folder, "schema.json"), overwrite: true);
    }

    private static HashSet<string> TempFolders() =>
        Directory.EnumerateDirectories(Path.GetTempPath(), "socle-validate-*").ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task A_valid_file_uploaded_with_a_registered_schema_gets_the_success_banner_and_leaves_no_temporary_file()
    {
        Register();
        var before = TempFolders();
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/validate/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Valider un fichier");
        await page.Locator("#file").SetInputFilesAsync(Valid);
        await page.GetByLabel("Schéma enregistré", new() { Exact = true }).SelectOptionAsync(Registered);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();

        var banner = page.Locator(".fr-alert--success");
        await Expect(banner).ToContainTextAsync("Fichier valide");
        await Expect(banner).ToContainTextAsync("29 lignes de données, 16 colonnes");
        await Expect(page.Locator(".socle-report-facts")).ToContainTextAsync("exemple_valide.csv");
        await Expect(page.Locator(".socle-report-facts")).ToContainTextAsync("Subventions");
        await Expect(page.Locator(".socle-report-facts")).ToContainTextAsync("version 2.0.2");
        await Expect(page.Locator(".socle-report-group")).ToHaveCountAsync(0);
        // The form keeps the schema chosen, for the next file.
        await Expect(page.GetByLabel("Schéma enregistré", new() { Exact = true })).ToHaveValueAsync(Registered);
        Assert.Empty(TempFolders().Except(before));
    }

    [Fact]
    public async Task A_file_and_a_schema_given_by_url_are_fetched_and_the_report_has_a_json_twin_link()
    {
        await using var files = await LocalFiles.StartAsync(new()
        {
            ["/schema.json"] = Subventions("schema.json"),
            ["/subventions.csv"] = Valid,
        });
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/validate/");
        await page.GetByLabel("Ou l'adresse (URL) du fichier").FillAsync(files.Url("/subventions.csv"));
        await page.GetByLabel("Ou l'adresse (URL) du schéma").FillAsync(files.Url("/schema.json"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Fichier valide");

        // A URL validation can be asked again by a link, and as JSON.
        var json = page.GetByRole(AriaRole.Link, new() { Name = "JSON", Exact = true });
        var href = await json.GetAttributeAsync("href");
        Assert.StartsWith("/validate/report.json?url=", href);
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", href!);
        var report = JsonNode.Parse(await portal.Http.GetStringAsync(href))!;
        Assert.True(report["valid"]!.GetValue<bool>());
        Assert.Equal(files.Url("/subventions.csv"), report["tasks"]![0]!["place"]!.GetValue<string>());
        Assert.Equal(29, report["tasks"]![0]!["stats"]!["rows"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_invalid_file_shows_structure_errors_first_then_cell_errors_grouped_with_rows_values_and_notes()
    {
        Register();
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/validate/");
        await page.Locator("#file").SetInputFilesAsync(InvalidCells);
        await page.GetByLabel("Schéma enregistré", new() { Exact = true }).SelectOptionAsync(Registered);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();

        var banner = page.Locator(".fr-alert--error").First;
        await Expect(banner).ToContainTextAsync("Fichier invalide");
        await Expect(banner).ToContainTextAsync("95 erreurs sur 29 lignes de données");

        // One section per error code, the file's shape (missing cells) before its values (SIRET numbers).
        var groups = page.Locator(".socle-report-group");
        var ids = await groups.EvaluateAllAsync<string[]>("gs => gs.map(g => g.id)");
        Assert.True(Array.IndexOf(ids, "erreurs-missing-cell") >= 0, string.Join(", ", ids));
        Assert.True(Array.IndexOf(ids, "erreurs-missing-cell") < Array.IndexOf(ids, "erreurs-french-siret-value"), string.Join(", ", ids));

        var siret = page.Locator("#erreurs-french-siret-value");
        await Expect(siret.Locator("h3")).ToContainTextAsync("Numéro SIRET invalide");
        await Expect(siret.Locator("h3")).ToContainTextAsync("49");
        var first = siret.Locator("tbody tr").First;
        await Expect(first.Locator("td").Nth(0)).ToHaveTextAsync("2");
        await Expect(first.Locator("td").Nth(1)).ToContainTextAsync("idAttribuant");
        await Expect(first.Locator("td").Nth(2)).ToHaveTextAsync("21860194600000");
        await Expect(first.Locator("td").Nth(3)).ToContainTextAsync("clé de contrôle");
        // 49 errors, the first 20 listed, the rest counted.
        await Expect(siret.Locator("tbody tr")).ToHaveCountAsync(20);
        await Expect(siret.Locator(".socle-more")).ToHaveTextAsync("… et 29 de plus.");

        var oneOf = page.Locator("#erreurs-one-of-required");
        await Expect(oneOf.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync("9");
        // The summary links to each group.
        await Expect(page.Locator("#rapport-resume a[href='#erreurs-french-siret-value']")).ToHaveTextAsync("Numéro SIRET invalide");
        await PortalFixture.ScreenshotAsync(page, "validate-report");

        // The uploaded file is gone: the JSON comes from posting the form again to the twin.
        await Expect(page.Locator("link[rel=alternate]")).ToHaveCountAsync(0);
        await page.Locator("#file").SetInputFilesAsync(InvalidCells);
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Télécharger le rapport (JSON)" }).ClickAsync());
        Assert.Equal("exemple_invalide_erreurs_cellules-rapport-validation.json", download.SuggestedFilename);
        var json = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        Assert.False(json["valid"]!.GetValue<bool>());
        Assert.Equal(49, json["errorCounts"]!["french-siret-value"]!.GetValue<int>());
        Assert.Equal("exemple_invalide_erreurs_cellules.csv", json["tasks"]![0]!["place"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_inputs_are_explained_next_to_their_field_with_a_400()
    {
        Register();
        // No file at all.
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/validate/");
        await page.GetByLabel("Schéma enregistré", new() { Exact = true }).SelectOptionAsync(Registered);
        var response = await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync());
        Assert.Equal(400, response!.Status);
        await Expect(page.Locator("#file-error")).ToHaveTextAsync("Choisissez un fichier à valider, ou donnez son adresse.");
        await Expect(page.Locator("#erreurs-formulaire a[href='#file']")).ToBeVisibleAsync();
        await Expect(page.Locator(".socle-report")).ToHaveCountAsync(0);

        // An uploaded schema that is not JSON.
        using var temp = new TempFolder();
        var broken = Path.Combine(temp.Path, "schema.json");
        await File.WriteAllTextAsync(broken, "{ \"fields\": [ { \"name\": \"a\" ");
        await page.Locator("#file").SetInputFilesAsync(Valid);
        await page.Locator("#schema").SelectOptionAsync("");
        await page.Locator("#schema_file").SetInputFilesAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Expect(page.Locator("#schema_file-error")).ToContainTextAsync("Le schéma ne peut pas être utilisé");
        await Expect(page.Locator("#schema_file-error")).ToContainTextAsync("n'est pas du JSON valide");

        // A file address nobody answers at, and a schema that is not registered.
        var closed = ClosedPort();
        page = await portal.NewPageAsync();
        await page.GotoAsync("/validate/");
        await page.GetByLabel("Ou l'adresse (URL) du fichier").FillAsync($"http://127.0.0.1:{closed}/absent.csv");
        await page.GetByLabel("Schéma enregistré", new() { Exact = true }).SelectOptionAsync(Registered);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Expect(page.Locator("#url-error")).ToContainTextAsync("Impossible de télécharger");
        await Expect(page.Locator("#url-error")).ToContainTextAsync($"http://127.0.0.1:{closed}/absent.csv");
        // The address typed stays in the form.
        await Expect(page.Locator("#url")).ToHaveValueAsync($"http://127.0.0.1:{closed}/absent.csv");

        var unknown = await portal.Http.GetAsync("/validate/report.json?url=http%3A%2F%2F127.0.0.1%3A1%2Fx.csv&schema=nulle%2Fpart");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;
        Assert.Equal("schema", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("nulle/part", problem["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Addresses_of_the_service_own_network_are_not_fetched()
    {
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("127.0.0.1")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("10.1.2.3")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("172.20.0.1")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("192.168.1.1")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("169.254.169.254")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("::1")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("fd00::1")));
        Assert.False(PublicFetcher.IsPublic(IPAddress.Parse("::ffff:10.0.0.1")));
        Assert.True(PublicFetcher.IsPublic(IPAddress.Parse("192.0.2.10")));
        Assert.True(PublicFetcher.IsPublic(IPAddress.Parse("2001:db8::1")));

        // A portal as deployed by default (the test instance allows its loopback files) refuses before connecting.
        await using var files = await LocalFiles.StartAsync(new() { ["/subventions.csv"] = Valid });
        using var fetcher = new PublicFetcher(new PortalOptions());
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => fetcher.Client.GetAsync(files.Url("/subventions.csv")));
        Assert.IsType<PublicFetcher.PrivateAddressException>(refused.InnerException);
        using var intranet = new PublicFetcher(new PortalOptions { FetchPrivateAddresses = true });
        Assert.Equal(HttpStatusCode.OK, (await intranet.Client.GetAsync(files.Url("/subventions.csv"))).StatusCode);
    }

    [Fact]
    public async Task The_form_streams_a_multipart_post_without_a_token_and_refuses_a_file_and_an_address_together()
    {
        Register();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("http://127.0.0.1:1/x.csv"), "url" },
            { new StringContent(Registered), "schema" },
        };
        var file = new StreamContent(File.OpenRead(Valid));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "exemple_valide.csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/validate/") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await portal.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Donnez un fichier ou une adresse, pas les deux.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_stored_report_of_an_invalid_demo_resource_lists_its_errors_with_links_back_and_to_the_api()
    {
        string slug;
        Resource resource;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var found = await db.Resources.AsNoTracking().Include(r => r.Dataset)
                .Where(r => r.ValidationStatus == ValidationStatus.Invalid && r.Dataset!.Status == DatasetStatus.Published)
                .OrderBy(r => r.Title).FirstAsync();
            (slug, resource) = (found.Dataset!.Slug, found);
        }
        var url = $"/datasets/{slug}/resources/{resource.Id}/validation/";
        var api = $"/api/1/datasets/{slug}/resources/{resource.Id}/validation/";
        var stored = JsonNode.Parse(await portal.Http.GetStringAsync(api))!;
        var firstError = stored["report"]!["tasks"]![0]!["errors"]![0]!;

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator("h1")).ToContainTextAsync(resource.Title);
        await Expect(page.Locator("#statut-validation")).ToHaveTextAsync("Invalide");
        await Expect(page.Locator(".fr-alert--error")).ToContainTextAsync("Fichier invalide");
        var group = page.Locator($"#erreurs-{firstError["type"]!.GetValue<string>()}");
        await Expect(group.Locator("h3")).ToContainTextAsync(firstError["title"]!.GetValue<string>());
        await Expect(group.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(firstError["rowNumber"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(group.Locator("tbody tr").First).ToContainTextAsync(firstError["note"]!.GetValue<string>());
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", api);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "JSON", Exact = true })).ToHaveAttributeAsync("href", api);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retour à la ressource" })).ToHaveAttributeAsync("href", $"/datasets/{slug}/resources/{resource.Id}/");
        await Expect(page.Locator(".fr-breadcrumb")).ToContainTextAsync(resource.Title);
        await PortalFixture.ScreenshotAsync(page, "validate-stored-report");

        // In English, the titles follow; the notes stay in French, as stored, and the page says so.
        await page.GotoAsync(url + "?lang=en");
        await Expect(page.Locator("#statut-validation")).ToHaveTextAsync("Invalid");
        await Expect(page.Locator(".fr-alert--error")).ToContainTextAsync("Invalid file");
        await Expect(page.Locator(".socle-report")).ToContainTextAsync("written in French");

        var missing = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{slug}/resources/{Guid.NewGuid()}/validation/");
        missing.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.SendAsync(missing)).StatusCode);
    }

    [Fact]
    public async Task The_report_reads_in_english_notes_included()
    {
        Register();
        await using var files = await LocalFiles.StartAsync(new() { ["/invalide.csv"] = InvalidCells });
        var query = $"?url={Uri.EscapeDataString(files.Url("/invalide.csv"))}&schema={Uri.EscapeDataString(Registered)}";
        var page = await portal.NewPageAsync("en-GB");
        await page.GotoAsync("/validate/" + query);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Validate a file");
        await Expect(page.Locator(".fr-alert--error").First).ToContainTextAsync("95 errors in 29 data rows and 16 columns");
        var siret = page.Locator("#erreurs-french-siret-value");
        await Expect(siret.Locator("h3")).ToContainTextAsync("Invalid SIRET number");
        await Expect(siret.Locator("tbody tr").First).ToContainTextAsync("check digit");
        await Expect(siret.Locator(".socle-more")).ToHaveTextAsync("… and 29 more.");
        await Expect(page.Locator("h2", new() { HasText = "Structure errors" })).ToBeVisibleAsync();

        var json = JsonNode.Parse(await portal.Http.GetStringAsync("/validate/report.json" + query + "&lang=en"))!;
        var error = json["tasks"]![0]!["errors"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "french-siret-value")!;
        Assert.Equal("Invalid SIRET number", error["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_account_proposes_a_missing_dataset_which_waits_in_status_proposed()
    {
        // Anonymous readers are sent to sign in first, and come back.
        var anonymous = new HttpRequestMessage(HttpMethod.Get, "/datasets/propose/");
        anonymous.Headers.Accept.ParseAdd("text/html");
        var redirect = await portal.Http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/login/?returnUrl=%2Fdatasets%2Fpropose%2F", redirect.Headers.Location?.ToString());

        var page = await portal.NewPageAsync();
        var email = $"proposition-{Guid.NewGuid():N}@exemple.fr";
        await page.GotoAsync("/register/?returnUrl=%2Fdatasets%2Fpropose%2F");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.Locator("#name").FillAsync("Camille Proposante");
        await page.GetByLabel("Mot de passe").FillAsync("un-mot-de-passe-solide-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await page.WaitForURLAsync("**/datasets/propose/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Proposer des données");

        // Without a title nor the profile's required fields: errors next to each field, nothing created.
        var title = $"Qualité de l'eau des piscines {Guid.NewGuid():N}";
        await page.GetByLabel("Mots-clés").FillAsync("eau, baignade");
        var refused = await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync());
        Assert.Equal(400, refused!.Status);
        await Expect(page.Locator("#title-error")).ToContainTextAsync("Titre");
        await Expect(page.Locator("#extras-environment-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Mots-clés")).ToHaveValueAsync("eau, baignade");

        await page.GetByLabel("Titre").FillAsync(title);
        await page.Locator("#description").FillAsync("Les analyses sanitaires des piscines publiques, par bassin et par mois.");
        await page.GetByLabel("Organisation suggérée").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        // The profile's required fields (gd4h: environment, nature), ticked by their labels as a reader does.
        await page.Locator("label[for=extras-environment-eau]").ClickAsync();
        await page.Locator("#extras-nature .fr-checkbox-group label").First.ClickAsync();
        await Expect(page.Locator("#extras-environment-eau")).ToBeCheckedAsync();
        await page.Locator("#comment").FillAsync("Ces données existent à l'ARS, sous forme de tableur.");
        await PortalFixture.ScreenshotAsync(page, "propose");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();

        await page.WaitForURLAsync("**/datasets/propose/sent/**");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Proposition envoyée");
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync(title);
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("file de relecture");
        await Expect(page.Locator("#statut-proposition")).ToHaveTextAsync("Proposé");
        await PortalFixture.ScreenshotAsync(page, "propose-sent");

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var d = await db.Datasets.AsNoTracking().SingleAsync(x => x.Title == title);
        var account = await db.Set<Account>().AsNoTracking().SingleAsync(a => a.Email == email);
        Assert.Equal(DatasetStatus.Proposed, d.Status);
        Assert.Equal(account.Id, d.OwnerId);
        Assert.NotNull(d.OrganizationId);
        Assert.Equal(["eau", "baignade"], d.Keywords);
        Assert.Equal("[\"eau\"]", d.Extras["environment"]!.ToJsonString());
        Assert.Contains(await db.Comments.AsNoTracking().Where(c => c.DatasetKey == d.Key).Select(c => c.Body).ToListAsync(),
            b => b.Contains("ARS", StringComparison.Ordinal));
        // A proposal is not public.
        var html = new HttpRequestMessage(HttpMethod.Get, $"/api/1/datasets/{d.Slug}/");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.SendAsync(html)).StatusCode);
    }

    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A tiny HTTP server on a loopback port serving a few local files: a "remote" file or schema for the tests.</summary>
    private sealed class LocalFiles : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Dictionary<string, string> files;
        private readonly Task loop;
        private readonly int port;

        private LocalFiles(Dictionary<string, string> files)
        {
            this.files = files;
            port = ClosedPort();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public static Task<LocalFiles> StartAsync(Dictionary<string, string> files) => Task.FromResult(new LocalFiles(files));

        public string Url(string path) => $"http://127.0.0.1:{port}{path}";

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext c;
                try { c = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                if (files.TryGetValue(c.Request.Url!.AbsolutePath, out var file))
                {
                    var bytes = await File.ReadAllBytesAsync(file);
                    c.Response.ContentLength64 = bytes.Length;
                    await c.Response.OutputStream.WriteAsync(bytes);
                }
                else c.Response.StatusCode = 404;
                c.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
