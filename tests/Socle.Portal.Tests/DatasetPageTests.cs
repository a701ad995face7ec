using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Model;
using Socle.Catalog.Quality;
using Socle.Catalog.Services;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>The public page of a dataset: metadata by profile section, quality, resources and their validation, history, comments.</summary>
public sealed class DatasetPageTests(PortalFixture portal)
{
    /// <summary>A published demo dataset with a resource found invalid on its current content, and that resource.</summary>
    private async Task<(Dataset Dataset, Resource Invalid)> DemoWithInvalidResourceAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var r = await db.Resources.AsNoTracking().Include(x => x.Dataset).ThenInclude(d => d!.Organization)
            .Where(x => x.ValidationStatus == ValidationStatus.Invalid && x.ValidatedChecksum == x.Checksum && x.Dataset!.Status == DatasetStatus.Published)
            .OrderBy(x => x.Dataset!.Slug).FirstAsync();
        return (r.Dataset!, r);
    }

    /// <summary>A published dataset of this test alone (comments change it), by the demo administrator.</summary>
    private async Task<string> CreatePublishedAsync(string title, string status = "publish")
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var datasets = scope.ServiceProvider.GetRequiredService<DatasetService>();
        var admin = Actor.For(await db.Users.FirstAsync(u => u.Email == DemoCatalog.AdminEmail));
        var org = await db.Organizations.OrderBy(o => o.Slug).Select(o => o.Slug).FirstAsync();
        var d = await datasets.CreateAsync(admin, new JsonObject
        {
            ["title"] = title,
            ["description"] = "Un jeu de données **de test** du portail, décrit assez longuement pour remplir le critère de description de plus de cent caractères.",
            ["organization"] = org,
            ["license"] = "lov2",
            ["tags"] = new JsonArray("test-portail"),
            ["frequency"] = "annual",
            ["extras"] = new JsonObject { ["environment"] = new JsonArray("air"), ["nature"] = new JsonArray("mesures"), ["open_data"] = true },
        });
        if (status.Length > 0) await datasets.TransitionAsync(admin, d.Slug, status, null);
        return d.Slug;
    }

    [Fact]
    public async Task Shows_the_metadata_by_profile_section_the_quality_criteria_and_the_resources_with_their_validation()
    {
        var (d, invalid) = await DemoWithInvalidResourceAsync();
        var page = await portal.NewPageAsync();
        var response = await page.GotoAsync($"/datasets/{d.Slug}/");
        Assert.Equal(200, response!.Status);

        await Expect(page.Locator("h1")).ToHaveTextAsync(d.Title);
        var crumbs = page.Locator(".fr-breadcrumb__list li");
        await Expect(crumbs).ToHaveTextAsync(["Accueil", "Données", d.Title]);
        await Expect(page.Locator(".fr-breadcrumb__link[aria-current=page]")).ToHaveTextAsync(d.Title);
        await Expect(page.Locator("#contenu").GetByRole(AriaRole.Link, new() { Name = d.Organization!.Name, Exact = true }).First)
            .ToHaveAttributeAsync("href", $"/organizations/{d.Organization.Slug}/");
        foreach (var k in d.Keywords.Take(2))
            await Expect(page.Locator($".fr-tags-group a.fr-tag[href='/datasets/?tag={Uri.EscapeDataString(k)}']").First).ToHaveTextAsync(k);

        // The gd4h profile's first section, its required "Milieu" field shown with the concept's label, linked to the facet filter.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Qualification des données" })).ToBeVisibleAsync();
        await Expect(page.Locator("dt[data-field=environment]")).ToHaveTextAsync("Milieu");
        var environment = page.Locator("dt[data-field=environment] + dd a.fr-tag").First;
        await Expect(environment).ToHaveAttributeAsync("href", new Regex(@"^/datasets/\?environment=[a-z\-]+$"));
        var value = d.Extras["environment"]!.AsArray()[0]!.GetValue<string>();
        var profile = portal.Services.GetRequiredService<CatalogSettings>().Profile;
        await Expect(environment).ToHaveTextAsync(profile.Vocabulary("environment")!.Find(value)!.Label.Fr);
        await Expect(environment).ToHaveAttributeAsync("href", $"/datasets/?environment={value}");
        await Expect(page.Locator("dt[data-field=license]")).ToHaveTextAsync("Licence");

        // Every criterion with its verdict and reason, the total as the dataset holds it.
        var criteria = QualityReport.Parse(d.QualityDetails);
        await Expect(page.Locator("#score-qualite")).ToHaveTextAsync($"Score de qualité : {d.Quality} / 100");
        await Expect(page.Locator(".socle-quality__item")).ToHaveCountAsync(criteria.Count);
        await Expect(page.Locator(".socle-quality__item--met")).ToHaveCountAsync(criteria.Count(c => c.Met));
        await Expect(page.Locator("[data-criterion=description]")).ToContainTextAsync("Description détaillée");
        await Expect(page.Locator("[data-criterion=schema]")).ToContainTextAsync("critère non rempli");
        await Expect(page.Locator("[data-criterion=schema]")).ToContainTextAsync(invalid.Title);

        // The invalid resource: its badge, its report, its page and its download.
        var row = page.Locator($"tr[data-resource='{invalid.Id}']");
        await Expect(row.Locator(".fr-badge")).ToHaveTextAsync("Non valide");
        await Expect(row.Locator(".fr-badge")).ToHaveClassAsync(new Regex("fr-badge--error"));
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Rapport de validation" }))
            .ToHaveAttributeAsync("href", $"/datasets/{d.Slug}/resources/{invalid.Id}/validation/");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = invalid.Title, Exact = true }))
            .ToHaveAttributeAsync("href", $"/datasets/{d.Slug}/resources/{invalid.Id}/");
        var download = row.GetByRole(AriaRole.Link, new() { Name = "Télécharger" });
        await Expect(download).ToHaveAttributeAsync("href", $"/api/1/datasets/{d.Slug}/resources/{invalid.Id}/download");
        var file = await portal.Http.GetAsync(await download.GetAttributeAsync("href"));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        await Expect(row).ToContainTextAsync((invalid.Format ?? "").ToUpperInvariant());

        await Expect(page.Locator("#table-historique tbody tr").First).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "dataset");
    }

    [Fact]
    public async Task A_resource_valid_against_its_schema_has_a_valid_badge()
    {
        string slug; Guid id;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var r = await db.Resources.AsNoTracking()
                .Where(x => x.ValidationStatus == ValidationStatus.Valid && x.ValidatedChecksum == x.Checksum && x.Dataset!.Status == DatasetStatus.Published)
                .Select(x => new { x.Id, x.Dataset!.Slug }).FirstAsync();
            (slug, id) = (r.Slug, r.Id);
        }
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/datasets/{slug}/");
        var badge = page.Locator($"tr[data-resource='{id}'] .fr-badge");
        await Expect(badge).ToHaveTextAsync("Valide");
        await Expect(badge).ToHaveClassAsync(new Regex("fr-badge--success"));
    }

    [Fact]
    public async Task A_signed_in_reader_posts_a_comment_and_sees_it_while_an_anonymous_one_is_asked_to_sign_in()
    {
        var slug = await CreatePublishedAsync("Commentaires du portail " + Guid.NewGuid().ToString("N")[..8]);
        var anonymous = await portal.NewPageAsync();
        await anonymous.GotoAsync($"/datasets/{slug}/");
        await Expect(anonymous.Locator("#form-commentaire")).ToHaveCountAsync(0);
        await Expect(anonymous.GetByRole(AriaRole.Link, new() { Name = "Se connecter pour participer" }))
            .ToHaveAttributeAsync("href", $"/login/?returnUrl={Uri.EscapeDataString($"/datasets/{slug}/")}");

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/datasets/{slug}/");
        // An empty comment is refused next to its field, with a summary, and nothing is posted.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le commentaire" }).ClickAsync();
        await Expect(page.Locator("#comment-body-error")).ToContainTextAsync("Votre commentaire");
        await Expect(page.Locator("#erreurs")).ToBeVisibleAsync();
        await Expect(page.Locator(".socle-comment")).ToHaveCountAsync(0);

        await page.GetByLabel("Votre commentaire").FillAsync("Merci pour ces données, *très* utiles.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le commentaire" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/datasets/{slug}/#comment-"));
        var comment = page.Locator(".socle-comment");
        await Expect(comment).ToHaveCountAsync(1);
        await Expect(comment).ToContainTextAsync("Merci pour ces données, très utiles.");
        await Expect(comment.Locator("em")).ToHaveTextAsync("très");
        await Expect(comment).ToContainTextAsync("Administratrice de la démo");
        await Expect(comment.Locator(".fr-badge")).ToHaveCountAsync(0);

        // The same comment through the API twin.
        var json = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/datasets/{slug}/comments/"))!.AsArray();
        Assert.Equal("Merci pour ces données, *très* utiles.", json.Single()!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_in_reader_proposes_a_correction_about_a_field()
    {
        var slug = await CreatePublishedAsync("Corrections du portail " + Guid.NewGuid().ToString("N")[..8]);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/datasets/{slug}/");
        await page.GetByLabel("Champ concerné").SelectOptionAsync(new SelectOptionValue { Label = "Milieu" });
        await page.GetByLabel("Correction proposée").FillAsync("Ces mesures portent aussi sur l'eau.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Proposer la correction" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("#comment-"));

        var comment = page.Locator(".socle-comment");
        await Expect(comment).ToHaveCountAsync(1);
        await Expect(comment.Locator(".fr-badge")).ToHaveTextAsync("Proposition de correction");
        await Expect(comment).ToContainTextAsync("Champ concerné : Milieu");
        await Expect(comment.Locator(".socle-markdown")).ToHaveTextAsync("Ces mesures portent aussi sur l'eau.");

        var json = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/datasets/{slug}/comments/"))!.AsArray();
        Assert.Equal("[correction:extras.environment] Ces mesures portent aussi sur l'eau.", json.Single()!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_correction_about_an_unknown_field_is_refused_and_nothing_is_posted()
    {
        var slug = await CreatePublishedAsync("Correction refusée " + Guid.NewGuid().ToString("N")[..8]);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/datasets/{slug}/");
        // A forged option value (no browser offers it): the form answers 400 with the error next to the select.
        await page.Locator("#correction-field").EvaluateAsync("s => s.options[s.selectedIndex].value = 'nulle-part'");
        await page.GetByLabel("Correction proposée").FillAsync("Texte");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Proposer la correction" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#correction-field-error")).ToContainTextAsync("nulle-part");
        await Expect(page.Locator("#correction-body")).ToHaveValueAsync("Texte");
        Assert.Equal("[]", await portal.Http.GetStringAsync($"/api/1/datasets/{slug}/comments/"));
    }

    [Fact]
    public async Task A_draft_is_shown_with_its_status_to_those_allowed_and_is_a_404_for_others()
    {
        var slug = await CreatePublishedAsync("Brouillon du portail " + Guid.NewGuid().ToString("N")[..8], status: "");
        var html = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{slug}/");
        html.Headers.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.SendAsync(html)).StatusCode);

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/datasets/{slug}/");
        await Expect(page.Locator("#statut")).ToHaveTextAsync("Brouillon (non publié)");
    }

    [Fact]
    public async Task An_unknown_dataset_is_the_html_404()
    {
        var html = new HttpRequestMessage(HttpMethod.Get, "/datasets/aucun-jeu-de-donnees-de-ce-nom/");
        html.Headers.Accept.ParseAdd("text/html");
        var response = await portal.Http.SendAsync(html);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page non trouvée", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Has_its_json_twins_and_an_english_version()
    {
        var (d, invalid) = await DemoWithInvalidResourceAsync();
        var html = await portal.Http.GetStringAsync($"/datasets/{d.Slug}/");
        Assert.Contains($"<link rel=\"alternate\" type=\"application/json\" href=\"/api/1/datasets/{d.Slug}/\">", html);
        Assert.Contains($"href=\"/api/1/datasets/{d.Slug}/revisions/\"", html);
        var twin = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/datasets/{d.Slug}/"))!;
        Assert.Equal(d.Title, twin["title"]!.GetValue<string>());

        var page = await portal.NewPageAsync("en-GB");
        await page.GotoAsync($"/datasets/{d.Slug}/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".fr-breadcrumb__list li").First).ToHaveTextAsync("Home");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Data qualification" })).ToBeVisibleAsync();
        await Expect(page.Locator("dt[data-field=environment]")).ToHaveTextAsync("Environment");
        await Expect(page.Locator("#score-qualite")).ToHaveTextAsync($"Quality score: {d.Quality} / 100");
        await Expect(page.Locator("[data-criterion=description]")).ToContainTextAsync("Detailed description");
        await Expect(page.Locator($"tr[data-resource='{invalid.Id}'] .fr-badge")).ToHaveTextAsync("Invalid");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in to take part" })).ToBeVisibleAsync();
    }
}
