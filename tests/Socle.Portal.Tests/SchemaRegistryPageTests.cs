using System.Text;
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

/// <summary>
/// <c>/admin/schemas/</c>: a platform admin registers a version by URL (this Socle's own copy of a demo schema, fetched
/// over HTTP like any other), imports a catalogue and follows its job to the report; then the resource form offers the
/// schema's latest version and each version. Names under <c>tests-registre/</c>, which no other test touches.
/// </summary>
public sealed class SchemaRegistryPageTests(PortalFixture portal)
{
    private const string ValidCsv =
        "code_station,nom_station,code_commune,date,polluant,valeur,unite,taux_saisie\n" +
        "FR50001,Toulouse Berthelot,31555,2024-03-01,NO2,21.5,µg/m³,98\n";

    private string DemoSchemaUrl => $"{portal.BaseUrl}/api/1/schemas/demo/mesures-air/schema.json";

    [Fact]
    public async Task An_admin_registers_a_version_by_url_imports_a_catalogue_and_resources_can_pin_a_version()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/");
        await page.Locator(".fr-sidemenu").GetByRole(AriaRole.Link, new() { Name = "Schémas", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/schemas/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Registre des schémas");
        // The demo's schemas, placed in the folder before versions existed, are listed as such.
        await Expect(page.Locator("tr[data-schema='demo/mesures-air']")).ToContainTextAsync("sans version enregistrée");

        // A URL that answers 404: the error is next to the input, nothing is registered.
        await page.GetByLabel("Nom du schéma").FillAsync("tests-registre/qualite-air");
        await page.GetByLabel("Adresse du schéma").FillAsync($"{portal.BaseUrl}/api/1/schemas/demo/absent/schema.json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la version" }).ClickAsync();
        await Expect(page.Locator("#f-register-url-error")).ToContainTextAsync("HTTP 404");
        await Expect(page.Locator("tr[data-schema='tests-registre/qualite-air']")).ToHaveCountAsync(0);

        // The right URL: the version is the one the schema declares, and it is the latest.
        await page.GetByLabel("Adresse du schéma").FillAsync(DemoSchemaUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la version" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Version 1.0.0 de « tests-registre/qualite-air » enregistrée.");
        var row = page.Locator("tr[data-schema='tests-registre/qualite-air']");
        await Expect(row.Locator("th a")).ToHaveTextAsync("Mesures journalières de la qualité de l'air (démonstration)");
        await Expect(row.Locator("li[data-version='1.0.0']")).ToContainTextAsync("dernière");
        await Expect(row.Locator("li[data-version='1.0.0'] a", new() { HasText = "source" })).ToHaveAttributeAsync("href", DemoSchemaUrl);
        await PortalFixture.ScreenshotAsync(page, "admin-schemas");

        // A catalogue in schema.data.gouv.fr's form, uploaded: its job's page follows the import to its report.
        var catalogue = $$"""
            { "version": 1, "schemas": [
              { "name": "tests-registre/import-air", "title": "Air (import)", "schema_type": "tableschema",
                "versions": [ { "version_name": "1.0.0", "schema_url": "{{DemoSchemaUrl}}" } ] },
              { "name": "tests-registre/json", "title": "Un JSON Schema", "schema_type": "jsonschema",
                "versions": [ { "version_name": "0.1.0", "schema_url": "{{portal.BaseUrl}}/nulle-part.json" } ] } ] }
            """;
        await page.Locator("#f-import-file").SetInputFilesAsync(new FilePayload { Name = "schemas.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(catalogue) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/schemas/import/[0-9a-f-]{36}/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Import d'un catalogue de schémas");
        // The worker runs it; htmx refreshes the status until the report shows.
        await Expect(page.Locator("#import-status")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator(".socle-import-summary")).ToContainTextAsync("versions ajoutées : 1");
        await Expect(page.Locator("#import-skipped tr[data-schema='tests-registre/json']")).ToContainTextAsync("seuls les Table Schema sont enregistrés");
        await PortalFixture.ScreenshotAsync(page, "admin-schemas-import");

        // The resource form offers the schema's latest version and each version; a resource pinned to one keeps it.
        var slug = await CreateDatasetAsync("Registre des schémas " + Guid.NewGuid().ToString("N")[..8]);
        await page.GotoAsync($"/admin/datasets/{slug}/resources/");
        var select = page.Locator("#f-upload-schema");
        var options = select.Locator("option[value^='tests-registre/qualite-air']");
        await Expect(options).ToHaveTextAsync(["Dernière version (1.0.0)", "Version 1.0.0 uniquement"]);
        Assert.Equal(["tests-registre/qualite-air", "tests-registre/qualite-air@1.0.0"], await options.EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        // Grouped under the schema's title and name.
        Assert.Equal("Mesures journalières de la qualité de l'air (démonstration) (tests-registre/qualite-air)",
            await options.First.EvaluateAsync<string>("o => o.parentElement.label"));
        await select.SelectOptionAsync("tests-registre/qualite-air@1.0.0");
        await page.Locator("#f-upload-file").SetInputFilesAsync(new FilePayload { Name = "epingle.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(ValidCsv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/admin/datasets/{slug}/resources/\\?added="));
        await Expect(page.Locator("tr", new() { HasText = "epingle.csv" })).ToContainTextAsync("tests-registre/qualite-air@1.0.0");

        // The validator's page lists the versions too.
        await page.GotoAsync("/validate/");
        await Expect(page.Locator("#schema option[value='tests-registre/qualite-air@1.0.0']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#schema option[value='tests-registre/qualite-air']")).ToContainTextAsync("dernière version (1.0.0)");
    }

    [Fact]
    public async Task Only_platform_admins_see_the_registry()
    {
        var anonymous = await portal.Http.GetAsync("/admin/schemas/", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/login/?returnUrl=" + Uri.EscapeDataString("/admin/schemas/"), anonymous.Headers.Location?.OriginalString);
    }

    private async Task<string> CreateDatasetAsync(string title)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var id = await db.Users.Where(u => u.NormalizedEmail == DemoCatalog.AdminEmail.ToUpperInvariant()).Select(u => u.Id).FirstAsync();
        var admin = Actor.For((await scope.ServiceProvider.GetRequiredService<AccountService>().FindAsync(id))!);
        var d = await scope.ServiceProvider.GetRequiredService<DatasetService>().CreateAsync(admin, new JsonObject
        {
            ["title"] = title, ["organization"] = "ville-toulouse-demo",
            ["extras"] = new JsonObject { ["environment"] = new JsonArray("air"), ["nature"] = new JsonArray("mesures") },
        });
        return d.Slug;
    }
}
