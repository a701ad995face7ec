using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using System.Text.Json.Nodes;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Services;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// The resource page over the tabular API: a preview filtered, sorted and paged by the API's own query string (with
/// htmx and without JavaScript), the map of the rows' points, the chart builder, the column profile.
/// </summary>
public sealed partial class ResourcePageTests(PortalFixture portal)
{
    /// <summary>The demo's list of air quality stations: latitude/longitude columns, a few dozen rows.</summary>
    private const string Stations = "Liste des stations";
    /// <summary>A demo table without coordinates.</summary>
    private const string Atmo = "Indice ATMO – 3e trimestre 2025";

    [Fact]
    public async Task Filtering_the_preview_swaps_the_table_updates_the_address_and_that_address_gives_the_same_table()
    {
        var (url, id) = await ResourceAsync(Stations);
        var total = await TotalAsync(id, "");
        var trafic = await TotalAsync(id, "typologie__contains=trafic");
        Assert.InRange(trafic, 1, total - 1);

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Stations);
        await Expect(page.Locator("#resource-count")).ToHaveTextAsync(new Regex($"^\\s*{Digits(total)} lignes\\s*$"));
        await Expect(page.Locator("#resource-table tbody tr")).ToHaveCountAsync((int)Math.Min(20, total));
        await PortalFixture.ScreenshotAsync(page, "resource-preview");

        // A mark on the window: it survives an htmx swap, not a page load.
        await page.EvaluateAsync("window.socleMark = 1");
        await page.Locator("#resource-filters summary").ClickAsync();
        await page.GetByLabel("typologie contient").FillAsync("trafic");
        await page.Locator("#resource-filter-submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("\\?typologie__contains=trafic$"));
        await Expect(page.Locator("#resource-count")).ToHaveTextAsync(new Regex($"^\\s*{Digits(trafic)} lignes? sur {Digits(total)}\\s*$"));
        Assert.Equal(1, await page.EvaluateAsync<int>("window.socleMark || 0"));
        var typologie = await ColumnAsync(page, "typologie");
        Assert.Equal((int)Math.Min(20, trafic), typologie.Count);
        Assert.All(typologie, t => Assert.Equal("trafic", t));
        await Expect(page.Locator("#resource-active-label + ul a")).ToHaveTextAsync("typologie contient « trafic »");
        // The JSON twin is the API with the same query.
        Assert.EndsWith($"/api/1/resources/{id}/data/?typologie__contains=trafic", await page.Locator("#resource-json").GetAttributeAsync("href"));
        // The map follows the filters.
        await Expect(page.Locator("#resource-map")).ToHaveAttributeAsync("data-points", trafic.ToString());

        var rows = await page.Locator("#resource-table tbody").InnerTextAsync();
        var fresh = await portal.NewPageAsync();
        await fresh.GotoAsync(page.Url);
        Assert.Equal(rows, await fresh.Locator("#resource-table tbody").InnerTextAsync());
        await Expect(fresh.GetByLabel("typologie contient")).ToHaveValueAsync("trafic");

        // Removing the filter's tag brings every row back.
        await fresh.Locator("#resource-active-label + ul a").ClickAsync();
        await Expect(fresh.Locator("#resource-count")).ToHaveTextAsync(new Regex($"^\\s*{Digits(total)} lignes\\s*$"));
        await Expect(fresh).ToHaveURLAsync(new Regex("/resources/[^/?]+/$"));
    }

    [Fact]
    public async Task Column_headers_sort_ascending_then_descending_as_the_api_does()
    {
        var (url, id) = await ResourceAsync(Stations);
        var asc = await ApiColumnAsync(id, "nom_station__sort=asc", "nom_station");
        var desc = await ApiColumnAsync(id, "nom_station__sort=desc", "nom_station");

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        var header = page.Locator("#resource-table th", new() { HasText = "nom_station" });
        await Expect(header).Not.ToHaveAttributeAsync("aria-sort", new Regex("."));
        await header.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("\\?nom_station__sort=asc$"));
        await Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal(asc, await ColumnAsync(page, "nom_station"));

        await header.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("\\?nom_station__sort=desc$"));
        await Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(desc, await ColumnAsync(page, "nom_station"));

        // A third click removes the sort.
        await header.Locator("a").ClickAsync();
        await Expect(header).Not.ToHaveAttributeAsync("aria-sort", new Regex("."));
        await Expect(page).ToHaveURLAsync(new Regex("/resources/[^/?]+/$"));
    }

    [Fact]
    public async Task The_map_draws_the_rows_points_without_tiles_and_says_how_many()
    {
        var (url, id) = await ResourceAsync(Stations);
        var total = await TotalAsync(id, "");
        var page = await portal.NewPageAsync();
        await page.GotoAsync(url + "#carte");
        await Expect(page.Locator("#resource-map-status")).ToHaveTextAsync($"{Digits(total)} points sur la carte.");
        Assert.Equal(total, await page.Locator("#resource-map path.leaflet-interactive").CountAsync());
        // No tile server is configured in the tests: no tile is asked for.
        Assert.Equal(0, await page.Locator("#resource-map .leaflet-tile").CountAsync());
        await Expect(page.Locator("#resource-map-text")).ToContainTextAsync($"{Digits(total)} lignes");
        Assert.EndsWith($"/api/1/resources/{id}/data/geojson/", await page.Locator("#resource-map-text a").GetAttributeAsync("href"));

        // A point's popup shows its row.
        await page.Locator("#resource-map path.leaflet-interactive").First.ClickAsync(new() { Force = true });
        await Expect(page.Locator(".leaflet-popup-content .socle-popup")).ToContainTextAsync("code_station");
        await page.Locator("#carte").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "resource-map.png"), FullPage = false });

        // A table without coordinates has no map.
        var (atmo, _) = await ResourceAsync(Atmo);
        await page.GotoAsync(atmo);
        await Expect(page.Locator("#resource-table")).ToBeVisibleAsync();
        await Expect(page.Locator("#resource-map")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_chart_builder_draws_the_apis_groups_and_lists_them_in_a_table()
    {
        var (url, id) = await ResourceAsync(Stations);
        using var api = JsonDocument.Parse(await portal.Http.GetStringAsync($"/api/1/resources/{id}/data/?typologie__groupby&typologie__count&page_size=200", Ct));
        var groups = api.RootElement.GetProperty("data").EnumerateArray()
            .Select(r => (Group: r.GetProperty("typologie").GetString()!, Count: r.GetProperty("typologie__count").GetInt64())).ToList();
        Assert.True(groups.Count > 1);

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        await page.GetByLabel("Regrouper par").SelectOptionAsync("typologie");
        await page.GetByLabel("Calcul").SelectOptionAsync("count");
        await page.Locator("#chart-submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("chart_by=typologie"));
        var canvas = page.Locator("#resource-chart-canvas canvas");
        await Expect(canvas).ToBeVisibleAsync();
        await Expect(page.Locator("#resource-chart-canvas")).ToHaveAttributeAsync("data-drawn", "true");
        Assert.Equal(groups.Count, await page.EvaluateAsync<int>("Chart.getChart(document.querySelector('#resource-chart-canvas canvas')).data.labels.length"));
        await Expect(page.Locator("#resource-chart-table caption")).ToHaveTextAsync("Nombre de lignes par typologie");
        var shown = await page.Locator("#resource-chart-table tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])");
        Assert.Equal(groups.Select(g => g.Group), shown.Select(r => r[0]));
        Assert.Equal(groups.Select(g => g.Count), shown.Select(r => long.Parse(NonDigit().Replace(r[1], ""))));
        await page.Locator("#graphique").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "resource-chart.png"), FullPage = false });

        // The chart's address, opened afresh, draws the same chart.
        var fresh = await portal.NewPageAsync();
        await fresh.GotoAsync(page.Url);
        await Expect(fresh.Locator("#resource-chart-canvas")).ToHaveAttributeAsync("data-drawn", "true");
        await Expect(fresh.Locator("#resource-chart-table tbody tr")).ToHaveCountAsync(groups.Count);
    }

    [Fact]
    public async Task The_profile_lists_every_column_with_its_type_and_statistics()
    {
        var (url, id) = await ResourceAsync(Stations);
        using var profile = JsonDocument.Parse(await portal.Http.GetStringAsync($"/api/1/resources/{id}/profile/", Ct));
        var columns = profile.RootElement.GetProperty("profile").GetProperty("columns").EnumerateArray().ToList();

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url + "#profil");
        var rows = page.Locator("#resource-profile-table tbody tr");
        await Expect(rows).ToHaveCountAsync(columns.Count);
        var latitude = rows.Filter(new() { Has = page.Locator("th", new() { HasTextRegex = new Regex("^latitude") }) });
        await Expect(latitude.Locator("td").First).ToHaveTextAsync("nombre");
        var min = columns.First(c => c.GetProperty("name").GetString() == "latitude").GetProperty("min").GetDouble();
        await Expect(latitude.Locator("td").Nth(3)).ToHaveTextAsync(new Regex("^" + Regex.Escape(Math.Floor(min).ToString(System.Globalization.CultureInfo.InvariantCulture)) + ","));
        var typologie = rows.Filter(new() { Has = page.Locator("th", new() { HasTextRegex = new Regex("^typologie") }) });
        await Expect(typologie.Locator(".socle-top li").First).ToContainTextAsync("(");
    }

    [Fact]
    public async Task Without_javascript_the_filter_form_leads_to_the_apis_query_and_bad_values_are_explained_in_place()
    {
        var (url, id) = await ResourceAsync(Stations);
        var total = await TotalAsync(id, "");
        var trafic = await TotalAsync(id, "typologie__contains=trafic");
        var page = await portal.NewPageAsync(javaScript: false);

        await page.GotoAsync(url);
        await page.Locator("#resource-filters summary").ClickAsync();
        await page.GetByLabel("typologie contient").FillAsync("trafic");
        await page.Locator("#resource-filter-submit").ClickAsync();
        // The blank fields were dropped by a redirect: the address is the API's query.
        await Expect(page).ToHaveURLAsync(new Regex("/\\?typologie__contains=trafic$"));
        await Expect(page.Locator("#resource-count")).ToHaveTextAsync(new Regex($"^\\s*{Digits(trafic)} lignes? sur {Digits(total)}\\s*$"));
        Assert.All(await ColumnAsync(page, "typologie"), t => Assert.Equal("trafic", t));

        // Sorting is a plain link too.
        await page.Locator("#resource-table th", new() { HasText = "nom_station" }).Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("\\?nom_station__sort=asc&typologie__contains=trafic$"));
        Assert.Equal(await ApiColumnAsync(id, "nom_station__sort=asc&typologie__contains=trafic", "nom_station"), await ColumnAsync(page, "nom_station"));

        // The chart form renders the aggregated table on the server, with no canvas.
        await page.GetByLabel("Regrouper par").SelectOptionAsync("typologie");
        await page.Locator("#chart-submit").ClickAsync();
        await Expect(page.Locator("#resource-chart-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#resource-chart-table tbody th")).ToHaveTextAsync("trafic");
        await Expect(page.Locator("#resource-chart-canvas canvas")).ToHaveCountAsync(0);

        // A value that does not read as the column's type: the API's message, next to its field, status 400.
        var bad = await page.GotoAsync(url + "?latitude__greater=nord");
        Assert.Equal(400, bad!.Status);
        await Expect(page.Locator("#resource-errors")).ToContainTextAsync("« latitude__greater » : « nord » n'est pas une valeur de type number.");
        var field = page.GetByLabel("Minimum latitude");
        await Expect(field).ToHaveValueAsync("nord");
        await Expect(field).ToHaveAttributeAsync("aria-describedby", new Regex("."));
        await Expect(page.Locator("#" + await field.GetAttributeAsync("aria-describedby"))).ToContainTextAsync("n'est pas une valeur de type number");
        await Expect(page.Locator("#resource-table")).ToHaveCountAsync(0);
        await PortalFixture.ScreenshotAsync(page, "resource-nojs-error");
        await page.Locator("#resource-filters").ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "resource-filters.png") });
    }

    [Fact]
    public async Task The_header_links_the_file_the_dataset_and_the_validation_and_the_page_has_its_json_twin()
    {
        var (url, id) = await ResourceAsync(Stations);
        var html = await GetHtmlAsync(url);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        var body = await html.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/json\" href=\"/api/1/resources/{id}/data/\">", body);
        Assert.Contains("class=\"fr-breadcrumb\"", body);
        Assert.Contains($"/resources/{id}/download\"", body);

        var page = await portal.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator("#resource-format")).ToHaveTextAsync("CSV");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Retour au jeu de données") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/datasets/[^/]+/$"));

        // A schema-bound demo file shows its validation status and links to its report.
        var (valid, _) = await ResourceAsync("Mesures journalières – 1er trimestre 2025");
        await page.GotoAsync(valid);
        await Expect(page.Locator("#resource-validation")).ToHaveTextAsync("Valide");
        Assert.EndsWith("/validation/", await page.Locator("#resource-validation-link").GetAttributeAsync("href"));

        // A wrong slug leads to the dataset's own address; a file that is not a table says why it has no preview.
        var wrong = await GetHtmlAsync(Regex.Replace(url, "/datasets/[^/]+/", "/datasets/autre-chose/"));
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal(url, wrong.Headers.Location?.ToString());
        var notice = await NonTabularAsync();
        await page.GotoAsync(notice);
        await Expect(page.Locator("#resource-table-state")).ToContainTextAsync("Pas d'aperçu");
    }

    [Fact]
    public async Task A_file_whose_table_cannot_be_built_says_why_instead_of_a_preview()
    {
        string slug;
        Guid id;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var admin = Actor.For(await db.Users.FirstAsync(u => u.Email == DemoCatalog.AdminEmail, Ct));
            var org = await db.Organizations.OrderBy(o => o.Slug).Select(o => o.Slug).FirstAsync(Ct);
            var d = await scope.ServiceProvider.GetRequiredService<DatasetService>().CreateAsync(admin, new JsonObject
            {
                ["title"] = "Ressource sans table (test du portail)",
                ["description"] = "Un jeu de données de test du portail dont le fichier JSON est cassé : sa table ne peut pas être construite.",
                ["organization"] = org,
                ["license"] = "lov2",
                ["frequency"] = "annual",
                ["extras"] = new JsonObject { ["environment"] = new JsonArray("air"), ["nature"] = new JsonArray("mesures"), ["open_data"] = true },
            }, Ct);
            await scope.ServiceProvider.GetRequiredService<DatasetService>().TransitionAsync(admin, d.Slug, "publish", null, Ct);
            using var broken = new MemoryStream("{ \"ceci\": n'est pas du JSON"u8.ToArray());
            var r = await scope.ServiceProvider.GetRequiredService<ResourceService>().UploadAsync(admin, d.Slug, broken, "casse.json",
                new ResourceInput { Title = "Fichier cassé" }, Ct);
            (slug, id) = (d.Slug, r.Id);
        }
        await portal.WaitForJobsAsync();

        var page = await portal.NewPageAsync();
        var response = await page.GotoAsync($"/datasets/{slug}/resources/{id}/");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#resource-table-state")).ToContainTextAsync("La table de ce fichier n'a pas pu être construite");
        await Expect(page.Locator("#resource-table-state")).ToContainTextAsync("Le fichier ne peut pas être");
        await Expect(page.Locator("#resource-table")).ToHaveCountAsync(0);
        await Expect(page.Locator("#resource-download")).ToHaveAttributeAsync("href", $"/api/1/datasets/{slug}/resources/{id}/download");
    }

    // ---- helpers ----

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Url, Guid Id)> ResourceAsync(string title)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var r = await db.Resources.AsNoTracking().Include(x => x.Dataset).FirstAsync(x => x.Title == title, Ct);
        return ($"/datasets/{r.Dataset!.Slug}/resources/{r.Id}/", r.Id);
    }

    private async Task<string> NonTabularAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var r = await db.Resources.AsNoTracking().Include(x => x.Dataset).Include(x => x.Table)
            .Where(x => x.Table == null && x.Dataset!.Status == Socle.Catalog.Model.DatasetStatus.Published).FirstAsync(Ct);
        return $"/datasets/{r.Dataset!.Slug}/resources/{r.Id}/";
    }

    private async Task<HttpResponseMessage> GetHtmlAsync(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return await portal.Http.SendAsync(request, Ct);
    }

    private async Task<long> TotalAsync(Guid id, string query)
    {
        using var json = JsonDocument.Parse(await portal.Http.GetStringAsync($"/api/1/resources/{id}/data/?{query}&page_size=1", Ct));
        return json.RootElement.GetProperty("meta").GetProperty("total").GetInt64();
    }

    private async Task<List<string>> ApiColumnAsync(Guid id, string query, string column)
    {
        using var json = JsonDocument.Parse(await portal.Http.GetStringAsync($"/api/1/resources/{id}/data/?{query}", Ct));
        return json.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty(column).GetString() ?? "").ToList();
    }

    /// <summary>The cells of one column of the preview, found by its header.</summary>
    private static async Task<List<string>> ColumnAsync(IPage page, string column)
    {
        var cells = await page.Locator("#resource-table table").EvaluateAsync<string[]>(
            "(t, name) => { const i = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.trim().startsWith(name)); return [...t.tBodies[0].rows].map(r => r.cells[i].textContent.trim()); }",
            column);
        return [.. cells];
    }

    /// <summary>A count as the French page writes it (narrow no-break space between thousands), as a pattern.</summary>
    private static string Digits(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).Replace(",", "\u202F");

    [GeneratedRegex("[^0-9]")]
    private static partial Regex NonDigit();
}
