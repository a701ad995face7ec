using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Services;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>The public discovery pages: home, dataset search (facets, sort, pages, twins), organisations.</summary>
[Collection(nameof(DiscoveryTests))]
public sealed class DiscoveryTests(PortalFixture portal)
{
    /// <summary>Waiting for a page's HTML, not for its fonts and icons (slow on a busy machine).</summary>
    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    private async Task<JsonObject> ApiAsync(string url) => JsonNode.Parse(await portal.Http.GetStringAsync(url))!.AsObject();

    private static int Total(JsonObject page) => page["total"]!.GetValue<int>();

    private static string[] Titles(JsonObject page) => page["data"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()).ToArray();

    /// <summary>The titles of the dataset cards on the page, in order.</summary>
    private static Task<IReadOnlyList<string>> CardTitlesAsync(IPage page) => page.Locator(".socle-dataset-card .fr-card__title").AllInnerTextsAsync();

    private static string Count(int n) => n == 1 ? "1 jeu de données" : $"{n} jeux de données";

    [Fact]
    public async Task Home_shows_the_figures_the_themes_and_the_latest_datasets_and_its_search_bar_lands_on_the_results()
    {
        var site = await ApiAsync("/api/1/site/");
        var air = Total(await ApiAsync("/api/1/datasets/?environment=air&page_size=1"));
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Socle");
        var figures = page.Locator(".socle-figure__value");
        await Expect(figures.Nth(0)).ToHaveTextAsync(site["datasets"]!.ToString());
        await Expect(figures.Nth(1)).ToHaveTextAsync(site["organizations"]!.ToString());
        await Expect(figures.Nth(2)).ToHaveTextAsync(site["resources"]!.ToString());
        await Expect(figures.Nth(3)).ToHaveTextAsync(site["algorithms"]!.ToString());
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", "/api/1/site/");

        // The profile's first facet vocabulary (gd4h: environments), each concept a tile with its count.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Explorer par thème : Milieu" })).ToBeVisibleAsync();
        await Expect(page.Locator(".fr-tile")).ToHaveCountAsync(5);
        var airTile = page.Locator(".fr-tile", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Air", Exact = true }) });
        await Expect(airTile.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/datasets/?environment=air");
        await Expect(airTile.Locator(".fr-tile__detail")).ToHaveTextAsync(Count(air));

        var latest = Titles(await ApiAsync("/api/1/datasets/?sort=-updated&page_size=3"));
        var best = Titles(await ApiAsync("/api/1/datasets/?sort=-quality&page_size=3"));
        Assert.Equal([.. latest, .. best], await CardTitlesAsync(page));
        await PortalFixture.ScreenshotAsync(page, "discovery-home");

        const string q = "qualité de l'air";
        var expected = Total(await ApiAsync("/api/1/datasets/?q=" + Uri.EscapeDataString(q)));
        Assert.True(expected > 0);
        await page.Locator("#recherche-accueil-q").FillAsync(q);
        await page.Locator("#recherche-accueil-q").PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("/datasets/?q=", StringComparison.Ordinal), Loaded);
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(expected));
        await Expect(page.Locator("#recherche-q")).ToHaveValueAsync(q);
        // Matching words are marked in the titles and snippets.
        await Expect(page.Locator(".socle-dataset-card mark").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Ticking_a_facet_filters_shows_a_removable_tag_and_gives_a_shareable_url()
    {
        var all = Total(await ApiAsync("/api/1/datasets/?page_size=1"));
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/datasets/");
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(all));

        var environments = page.Locator("#facette-environment");
        await Expect(environments.Locator("legend")).ToHaveTextAsync("Milieu");
        var sols = Total(await ApiAsync("/api/1/datasets/?environment=sols&page_size=1"));
        Assert.InRange(sols, 1, all - 1);
        // The DSFR draws the box over the label: readers click the label; portal.js then submits the form.
        await environments.Locator("label", new() { HasText = $"Sols ({sols})" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("environment=sols", StringComparison.Ordinal), Loaded);
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(sols));
        await Expect(page.Locator("#facette-environment").GetByRole(AriaRole.Checkbox, new() { Name = $"Sols ({sols})", Exact = true })).ToBeCheckedAsync();
        var tag = page.GetByRole(AriaRole.Link, new() { Name = "Retirer le filtre Milieu : Sols" });
        await Expect(tag).ToHaveTextAsync("Sols");
        var titles = await CardTitlesAsync(page);
        Assert.Equal(Titles(await ApiAsync("/api/1/datasets/?environment=sols")), titles);
        await PortalFixture.ScreenshotAsync(page, "discovery-search");

        // Everything is in the URL: another tab opening it sees the same search.
        var shared = await portal.NewPageAsync();
        await shared.GotoAsync(page.Url);
        await Expect(shared.Locator("#resultats")).ToHaveTextAsync(Count(sols));
        await Expect(shared.GetByRole(AriaRole.Link, new() { Name = "Retirer le filtre Milieu : Sols" })).ToBeVisibleAsync();
        Assert.Equal(titles, await CardTitlesAsync(shared));

        await tag.ClickAsync();
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(all));
        Assert.DoesNotContain("environment", page.Url);
    }

    [Fact]
    public async Task Filters_work_without_javascript_through_the_filter_button()
    {
        var plain = await portal.NewPageAsync(javaScript: false);
        await plain.GotoAsync("/datasets/?q=eau");
        var eau = Total(await ApiAsync("/api/1/datasets/?q=eau&environment=eau&page_size=1"));
        await plain.Locator("#facette-environment label", new() { HasText = $"Eau ({eau})" }).ClickAsync();
        await Expect(plain.Locator("#facette-environment").GetByRole(AriaRole.Checkbox, new() { Name = $"Eau ({eau})", Exact = true })).ToBeCheckedAsync();
        await plain.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await plain.WaitForURLAsync(u => u.Contains("environment=eau", StringComparison.Ordinal) && u.Contains("q=eau", StringComparison.Ordinal), Loaded);
        await Expect(plain.Locator("#resultats")).ToHaveTextAsync(Count(eau));
    }

    [Fact]
    public async Task Sorting_and_paging_follow_the_api_and_mark_the_current_page()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/datasets/?sort=title");
        await Expect(page.Locator("#tri")).ToHaveValueAsync("title");
        Assert.Equal(Titles(await ApiAsync("/api/1/datasets/?sort=title")), await CardTitlesAsync(page));

        await page.Locator("#tri").SelectOptionAsync("-quality");   // portal.js submits the form
        await page.WaitForURLAsync(u => u.Contains("sort=-quality", StringComparison.Ordinal), Loaded);
        Assert.Equal(Titles(await ApiAsync("/api/1/datasets/?sort=-quality")), await CardTitlesAsync(page));
        await Expect(page.Locator(".fr-pagination [aria-current=page]")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Link, new() { Name = "Page suivante" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("page=2", StringComparison.Ordinal), Loaded);
        await Expect(page.Locator(".fr-pagination [aria-current=page]")).ToHaveTextAsync("2");
        Assert.Equal(Titles(await ApiAsync("/api/1/datasets/?sort=-quality&page=2")), await CardTitlesAsync(page));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Page précédente" })).ToHaveAttributeAsync("href", new Regex(@"^/datasets/\?(q=&)?sort=-quality$"));
    }

    [Fact]
    public async Task The_json_and_csv_twins_of_a_search_hold_what_the_page_counts()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/datasets/?q=eau&environment=eau,sols&sort=-quality&page_size=5");
        var heading = await page.Locator("#resultats").InnerTextAsync();
        var total = int.Parse(heading.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 5, heading);

        var json = await page.Locator(".socle-twins").GetByRole(AriaRole.Link, new() { Name = "JSON" }).GetAttributeAsync("href");
        Assert.Equal("/api/1/datasets/?q=eau&environment=eau,sols&sort=-quality&page_size=5", json);
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", json!);
        var api = await ApiAsync(json!);
        Assert.Equal(total, Total(api));
        Assert.Equal(Titles(api), await CardTitlesAsync(page));

        var csvUrl = await page.Locator(".socle-twins").GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        Assert.Equal("/datasets/search.csv?q=eau&environment=eau,sols&sort=-quality&page_size=5", csvUrl);
        var csv = await portal.Http.GetAsync(csvUrl);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // The columns of /datasets.csv, every match (not only the page), in the search's order.
        var whole = (await portal.Http.GetStringAsync("/datasets.csv")).Split("\r\n")[0];
        Assert.Equal(whole, lines[0]);
        Assert.Equal(total, lines.Length - 1);
        var slugs = api["data"]!.AsArray().Select(d => d!["slug"]!.GetValue<string>()).ToArray();
        Assert.Equal(slugs, lines.Skip(1).Take(5).Select(l => l.Split(',')[1]).ToArray());

        var bad = await portal.Http.GetAsync("/datasets/search.csv?sort=nowhere");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_bad_parameter_gives_a_readable_error_on_the_page()
    {
        var page = await portal.NewPageAsync();
        var response = await page.GotoAsync("/datasets/?q=eau&page=abc");
        Assert.Equal(400, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jeux de données");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le champ « page » doit être de type integer");
        await page.GetByRole(AriaRole.Link, new() { Name = "Relancer la recherche sans les paramètres en erreur" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("page=", StringComparison.Ordinal) && u.Contains("q=eau", StringComparison.Ordinal), Loaded);
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(Total(await ApiAsync("/api/1/datasets/?q=eau&page_size=1"))));

        response = await page.GotoAsync("/datasets/?couleur=bleu");
        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("« couleur » n'est pas une facette de recherche");
        response = await page.GotoAsync("/organizations/?page_size=0");
        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("page_size");
    }

    [Fact]
    public async Task Highlighted_titles_escape_what_a_producer_typed()
    {
        string slug;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
            var admin = Actor.For((await scope.ServiceProvider.GetRequiredService<AccountService>()
                .FindAsync(await db.Users.Where(u => u.Email == DemoCatalog.AdminEmail).Select(u => u.Id).FirstAsync()))!);
            var d = await datasets.CreateAsync(admin, new JsonObject
            {
                ["title"] = "Relevés zorglub <b>gras</b> & <img src=x onerror=alert(1)>",
                ["description"] = "Le zorglub <script>alert(2)</script> est mesuré chaque jour, ce qui fait une description assez longue pour la qualité.",
                ["organization"] = "cooperative-donnees-communes-demo",
                ["license"] = "lov2",
                ["extras"] = new JsonObject { ["environment"] = new JsonArray("cadre-de-vie"), ["nature"] = new JsonArray("mesures") },
            });
            await datasets.TransitionAsync(admin, d.Slug, "publish", null);
            slug = d.Slug;
        }
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/datasets/?q=zorglub");
        var card = page.Locator(".socle-dataset-card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".fr-card__title")).ToHaveTextAsync("Relevés zorglub <b>gras</b> & <img src=x onerror=alert(1)>");
        await Expect(card.Locator(".fr-card__title mark")).ToHaveTextAsync("zorglub");
        await Expect(card.Locator("b, img, script")).ToHaveCountAsync(0);
        await Expect(card.Locator(".socle-snippet")).ToContainTextAsync("<script>alert(2)</script>");
        await Expect(card.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/datasets/{slug}/");
    }

    [Fact]
    public async Task Organisations_are_listed_and_an_organisation_page_lists_its_published_datasets()
    {
        var list = await ApiAsync("/api/1/organizations/");
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/organizations/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Organisations");
        await Expect(page.Locator(".socle-org-card")).ToHaveCountAsync(Total(list));
        await Expect(page.Locator("#resultats")).ToContainTextAsync($"{Total(list)} organisations");
        var twin = await page.Locator(".socle-twins").GetByRole(AriaRole.Link, new() { Name = "JSON" }).GetAttributeAsync("href");
        Assert.Equal("/api/1/organizations/", twin);
        var csv = (await portal.Http.GetStringAsync("/organizations.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Total(list), csv.Length - 1);

        // Pages: two per page, the last page holds the rest.
        await page.GotoAsync("/organizations/?page_size=2");
        await Expect(page.Locator(".socle-org-card")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dernière page" }).ClickAsync();
        await Expect(page.Locator(".socle-org-card")).ToHaveCountAsync(Total(list) % 2 == 0 ? 2 : 1);

        const string slug = "ville-toulouse-demo";
        var datasets = await ApiAsync($"/api/1/datasets/?organization={slug}&page_size=10");
        await page.GotoAsync("/organizations/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ville de Toulouse (démo)" }).ClickAsync();
        await page.WaitForURLAsync($"**/organizations/{slug}/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ville de Toulouse (démo)");
        await Expect(page.Locator("#org-datasets")).ToHaveTextAsync(Total(datasets).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Titles(datasets), await CardTitlesAsync(page));
        Assert.All(datasets["data"]!.AsArray(), d => Assert.Equal(slug, d!["organization"]!["slug"]!.GetValue<string>()));
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", $"/api/1/organizations/{slug}/");
        var org = await ApiAsync($"/api/1/organizations/{slug}/");
        Assert.Equal("Ville de Toulouse (démo)", org["name"]!.GetValue<string>());
        var orgCsv = await page.Locator("section[aria-labelledby=jeux] .socle-twins").GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        var rows = (await portal.Http.GetStringAsync(orgCsv!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Total(datasets), rows.Length - 1);

        // The algorithms it declares in the register, in the API's order by name.
        var declared = await ApiAsync($"/api/1/algorithms/?organization={slug}&sort=name");
        var names = declared["data"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names, await page.Locator("#org-algorithms .fr-card__title").AllInnerTextsAsync());
        await PortalFixture.ScreenshotAsync(page, "discovery-organization");

        var missing = new HttpRequestMessage(HttpMethod.Get, "/organizations/nulle-part/");
        missing.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.SendAsync(missing)).StatusCode);
    }

    [Fact]
    public async Task The_search_page_speaks_english()
    {
        var all = Total(await ApiAsync("/api/1/datasets/?page_size=1"));
        var water = Total(await ApiAsync("/api/1/datasets/?environment=eau&page_size=1"));
        var page = await portal.NewPageAsync("en-GB");
        await page.GotoAsync("/datasets/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Datasets");
        await Expect(page.Locator("#resultats")).ToHaveTextAsync($"{all} datasets");
        await Expect(page.Locator("#facette-environment legend")).ToHaveTextAsync("Environment");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = $"Water ({water})", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Sort by")).ToBeVisibleAsync();
        await Expect(page.Locator("#tri option[value='-quality']")).ToHaveTextAsync("Best quality");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToBeVisibleAsync();
    }
}

/// <summary>
/// These tests compare the pages' counts with the API's: other test classes create and publish datasets, so they run
/// on their own, when no other test runs, and no count moves between the API call and the page.
/// </summary>
[CollectionDefinition(nameof(DiscoveryTests), DisableParallelization = true)]
public sealed class DiscoveryCollection;
