using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Data;
using Socle.Web.Tests.Harvest;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// Harvesting from the back office: a CKAN portal (recorded answers served by a real local server) is added through
/// the form (a bad address is refused inline and saves nothing), run from its page, followed on the report until it
/// ends, then run again after a dataset vanished at the source; the public pages of the copies say where they come
/// from, that one is archived, and offer no way to edit them.
/// </summary>
public sealed class HarvestPageTests(PortalFixture portal)
{
    private const string Toulouse = "ville-toulouse-demo";
    private const string Water = "a1b2c3d4-0001-4000-8000-000000000001";
    private const string Parking = "c3d4e5f6-0003-4000-8000-000000000003";
    private static readonly LocatorCheckOptions Box = new() { Force = true };
    /// <summary>A run reads the source, writes, and the report reloads every 2 s: generous on two shared cores.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions RunEnds = new() { Timeout = 45_000 };

    [Fact]
    public async Task A_CKAN_source_is_added_run_and_reported_and_its_datasets_say_where_they_come_from()
    {
        await using var remote = await RemotePortal.StartAsync();
        remote.Serve("/api/3/action/package_search?rows=100&start=0&sort=id+asc", "ckan-round1-start0.json");
        remote.Serve("/api/3/action/package_search?rows=100&start=2&sort=id+asc", "ckan-round1-start2.json");
        remote.Serve("/schemas/baignade/schema.json", "baignade-schema.json");
        remote.Serve("/files/baignade.csv", "baignade.csv", "text/csv");
        var name = "Portail CKAN " + Guid.NewGuid().ToString("N")[..8];

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/");
        await page.Locator(".fr-sidemenu").GetByRole(AriaRole.Link, new() { Name = "Moissonnage", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sources moissonnées");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", "/api/1/harvest/sources/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle source" }).ClickAsync();

        // Each type says which address to give.
        await Expect(page.Locator("label[for=f-type-dcat] .fr-hint-text")).ToContainTextAsync("https://www.data.gouv.fr/catalog.jsonld");
        await page.Locator("#f-name").FillAsync(name);
        await page.Locator("#f-type-ckan").CheckAsync(Box);
        await page.Locator("#f-url").FillAsync("pas une adresse");
        await page.Locator("#f-organization").SelectOptionAsync(Toulouse);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la source" }).ClickAsync();
        await Expect(page.Locator("#error-summary h2")).ToHaveTextAsync("Le formulaire contient une erreur ; rien n'a été enregistré.");
        await Expect(page.Locator("#f-url-error")).ToContainTextAsync("« Adresse de la source » : « pas une adresse » n'est pas une adresse http(s).");
        // What was typed stays, and nothing was saved.
        await Expect(page.Locator("#f-type-ckan")).ToBeCheckedAsync();
        await Expect(page.Locator("#f-name")).ToHaveValueAsync(name);
        Assert.False(await SourceExistsAsync(name));

        await page.Locator("#f-url").FillAsync(remote.Base + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la source" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/harvest/[a-z0-9-]+/\\?done=created$"));
        var sourcePage = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator("#suppression-impossible")).ToHaveCountAsync(0);

        // A stale form (read at another version) is refused and changes nothing.
        await page.Locator("input[name=version]").EvaluateAsync("e => e.value = '0'");
        await page.Locator("#f-name").FillAsync(name + " bis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("rien n'a été enregistré");
        Assert.False(await SourceExistsAsync(name + " bis"));

        // First run: three datasets created, one of them with what the catalogue could not take.
        await page.GotoAsync(sourcePage);
        await page.GetByRole(AriaRole.Button, new() { Name = "Moissonner maintenant" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/harvest/runs/[0-9a-f-]+/$"));
        var runId = new Uri(page.Url).Segments[^1].TrimEnd('/');
        await Expect(page.Locator("#statut-moissonnage")).ToHaveTextAsync("Réussi", RunEnds);
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/harvest/runs/{runId}/");
        await Expect(page.Locator("#bilan-moissonnage")).ToHaveTextAsync("Pages lues : 2. Jeux de données créés : 3 ; modifiés : 0 ; inchangés : 0 ; archivés : 0 ; en échec : 0.");
        var parking = page.Locator($"tr[data-remote-id='{Parking}']");
        await Expect(parking.Locator(".fr-badge")).ToHaveTextAsync("Créé");
        await Expect(parking).ToContainTextAsync("notice-maison");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inchangé (0)" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("\\?outcome=unchanged$"));
        await Expect(page.Locator("#table-rapport")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Créé (3)" }).ClickAsync();
        await Expect(page.Locator("#table-rapport tbody tr")).ToHaveCountAsync(3);
        await PortalFixture.ScreenshotAsync(page, "admin-harvest-run");

        // The copy says where it comes from, links to its page there, and offers no editing.
        await page.Locator($"tr[data-remote-id='{Water}'] a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Qualité des eaux de baignade");
        var provenance = page.Locator("#provenance");
        await Expect(provenance).ToHaveClassAsync(new Regex("fr-notice--info"));
        await Expect(provenance).ToContainTextAsync($"Moissonné depuis « {name} »");
        await Expect(provenance).ToContainTextAsync("dernière mise à jour le");
        await Expect(provenance.GetByRole(AriaRole.Link, new() { Name = "Voir à la source" })).ToHaveAttributeAsync("href", remote.Base + "/dataset/qualite-eau-baignade");
        await Expect(page.Locator("a[href*='/admin/datasets/']")).ToHaveCountAsync(0);

        // Second run: the parking dataset is gone at the source, so it is archived here.
        remote.Clear();
        remote.Serve("/api/3/action/package_search?rows=100&start=0&sort=id+asc", "ckan-round2-start0.json");
        await page.GotoAsync(sourcePage);
        await Expect(page.Locator("#bilan-source")).ToContainTextAsync("publiés : 3");
        await Expect(page.Locator("#suppression-impossible")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Moissonner maintenant" }).ClickAsync();
        await Expect(page.Locator("#statut-moissonnage")).ToHaveTextAsync("Réussi", RunEnds);
        await Expect(page.Locator("#bilan-moissonnage")).ToContainTextAsync("archivés : 1");
        await Expect(page.Locator($"tr[data-remote-id='{Parking}'] .fr-badge")).ToHaveTextAsync("Archivé");
        await page.Locator($"tr[data-remote-id='{Parking}'] a").ClickAsync();
        await Expect(page.Locator("#provenance")).ToHaveClassAsync(new Regex("fr-notice--warning"));
        await Expect(page.Locator("#provenance")).ToContainTextAsync($"n'est plus publié par sa source « {name} »");
        await Expect(page.Locator("#statut")).ToHaveTextAsync("Archivé (plus publié par sa source)");

        // The list shows the source with its counts and last run; its page lists both runs, newest first.
        await page.GotoAsync("/admin/harvest/");
        var row = page.Locator("#table-sources tbody tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("CKAN");
        await Expect(row).ToContainTextAsync("publiés : 2 ; archivés : 1");
        await Expect(row.Locator(".fr-badge").Last).ToHaveTextAsync("Réussi");
        await page.GotoAsync(sourcePage);
        await Expect(page.Locator("#table-moissonnages tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#table-moissonnages tbody tr").First.Locator("td").Nth(4)).ToHaveTextAsync("1");
    }

    private async Task<bool> SourceExistsAsync(string name)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDb>().HarvestSources.AnyAsync(s => s.Name == name);
    }
}
