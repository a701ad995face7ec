using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// The signed-in back office under /admin/: the dashboard, the dataset form generated from the profile (inline errors,
/// stale versions), uploads with their validation status, the review queue, API keys and organisation members.
/// </summary>
[Collection(nameof(BackOfficeTests))]
public sealed class BackOfficeTests(PortalFixture portal)
{
    private const string Toulouse = "ville-toulouse-demo";

    /// <summary>A DSFR checkbox is drawn by its label, which lies over the native input: the click goes to the label.</summary>
    private static readonly LocatorCheckOptions Box = new() { Force = true };

    private const string ValidCsv =
        "code_station,nom_station,code_commune,date,polluant,valeur,unite,taux_saisie\n" +
        "FR50001,Toulouse Berthelot,31555,2024-03-01,NO2,21.5,µg/m³,98\n" +
        "FR50001,Toulouse Berthelot,31555,2024-03-01,PM10,14.2,µg/m³,97\n" +
        "FR50002,Blagnac,31069,2024-03-01,O3,48,µg/m³,100\n";

    /// <summary>A pollutant outside the schema's list and a negative concentration.</summary>
    private const string InvalidCsv =
        "code_station,nom_station,code_commune,date,polluant,valeur,unite,taux_saisie\n" +
        "FR50001,Toulouse Berthelot,31555,2024-03-01,SO2,-3,µg/m³,98\n";

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_come_back_to_the_page_they_asked_for()
    {
        foreach (var path in new[] { "/admin/", "/admin/datasets/new/", "/admin/keys/", "/admin/jobs/", "/admin/review/" })
        {
            var r = await portal.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal("/login/?returnUrl=" + Uri.EscapeDataString(path), r.Headers.Location?.OriginalString);
        }

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/admin/datasets/new/");
        await Expect(page).ToHaveURLAsync(new Regex("/login/\\?returnUrl=%2Fadmin%2Fdatasets%2Fnew%2F$"));
        await page.GetByLabel("Adresse électronique").FillAsync(DemoCatalog.AdminEmail);
        await page.GetByLabel("Mot de passe").FillAsync(DemoCatalog.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/datasets/new/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nouveau jeu de données");
    }

    [Fact]
    public async Task The_dashboard_shows_my_organisations_with_my_role_and_my_datasets_by_status()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mon espace");
        var orgs = page.Locator("table").Filter(new() { Has = page.Locator("caption", new() { HasText = "Mes organisations" }) });
        await Expect(orgs.GetByRole(AriaRole.Row, new() { Name = "Ville de Toulouse (démo)" })).ToContainTextAsync("Administrateur");
        // The demo has published datasets, each linked to its edit page (a harvested one, which another test may have
        // brought, to its public page: it is edited at its source).
        var published = page.Locator(".socle-status-column").Filter(new() { Has = page.Locator("#col-published") });
        await Expect(published.Locator("li a").First).ToHaveAttributeAsync("href", new Regex("^/(admin/)?datasets/[a-z0-9-]+/$"));
        // The side menu marks where one is, and leads to every part of the back office.
        var menu = page.Locator(".fr-sidemenu");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord" })).ToHaveAttributeAsync("aria-current", "page");
        foreach (var (name, href) in new[] { ("Jeux de données", "/admin/datasets/"), ("Organisations", "/admin/organizations/"),
                     ("File de relecture", "/admin/review/"), ("Tâches de fond", "/admin/jobs/"), ("Clés d'API", "/admin/keys/") })
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveAttributeAsync("href", href);
        await PortalFixture.ScreenshotAsync(page, "admin-dashboard");

        // The jobs, as the API lists them, with their twin.
        await page.GotoAsync("/admin/jobs/?state=succeeded");
        await Expect(page.Locator("table.socle-jobs tbody tr").First).ToContainTextAsync("Terminée");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", new Regex("^/api/1/jobs/\\?state=succeeded&page=1"));
    }

    [Fact]
    public async Task A_dataset_is_created_through_the_form_generated_from_the_profile_errors_inline_first_and_nothing_saved()
    {
        var title = "Relevés de bruit " + Guid.NewGuid().ToString("N")[..8];
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/datasets/new/");

        // Generated from the gd4h profile: required marks, lists from its vocabularies, dates, yes/no.
        await Expect(page.Locator("#f-title")).ToHaveAttributeAsync("required", "required");
        await Expect(page.Locator("#f-extras-environment legend")).ToContainTextAsync("Milieu *");
        await Expect(page.Locator("#f-extras-producer-type option")).ToHaveCountAsync(9);
        await Expect(page.Locator("#f-temporal-coverage-start")).ToHaveAttributeAsync("type", "date");
        await Expect(page.Locator("#f-extras-geolocated input[type=radio]")).ToHaveCountAsync(3);
        await Expect(page.Locator("legend", new() { HasText = "Qualification des données" })).ToBeVisibleAsync();

        // The filter box of a long list hides what does not match, accents aside.
        var themes = page.Locator("#f-extras-inspire-theme");
        await themes.GetByLabel("Filtrer la liste").FillAsync("hydrographie");
        await Expect(themes.Locator(".fr-fieldset__element:visible")).ToHaveCountAsync(1);
        await themes.GetByLabel("Filtrer la liste").FillAsync("");
        await Expect(themes.Locator(".fr-fieldset__element:visible")).ToHaveCountAsync(34);

        await page.Locator("#f-title").FillAsync(title);
        await page.Locator("#f-organization").SelectOptionAsync((await OrganizationIdAsync(Toulouse)).ToString());
        await page.Locator("#f-extras-nature").GetByLabel("Mesures et observations").CheckAsync(Box);
        await page.Locator("#f-extras-spatial-resolution").FillAsync("beaucoup");
        // The environment, required, is left out.
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le jeu de données" }).ClickAsync();

        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#error-summary h2")).ToHaveTextAsync("Le formulaire contient 2 erreurs ; rien n'a été enregistré.");
        await Expect(page.Locator("#f-extras-environment .fr-message--error")).ToContainTextAsync("« Milieu »");
        await Expect(page.Locator("#f-extras-environment .fr-message--error")).ToContainTextAsync("obligatoire");
        await Expect(page.Locator("#f-extras-spatial-resolution-error")).ToContainTextAsync("« beaucoup »");
        await Expect(page.Locator("#error-summary a[href='#f-extras-environment']")).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Erreur"));
        // What was typed is kept.
        await Expect(page.Locator("#f-title")).ToHaveValueAsync(title);
        await Expect(page.Locator("#f-extras-nature").GetByLabel("Mesures et observations")).ToBeCheckedAsync();
        Assert.Equal(0, await CountAsync(title));
        // A tall page: its full-page screenshot gets more time than the shared helper's default on a busy machine.
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "admin-dataset-form-errors.png"), FullPage = true, Timeout = 60_000 });

        await page.Locator("#f-extras-environment").GetByLabel("Air").CheckAsync(Box);
        await page.Locator("#f-extras-spatial-resolution").FillAsync("12,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le jeu de données" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Jeu de données créé");
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        Assert.Equal(1, await CountAsync(title));
        var stored = await DatasetAsync(title);
        Assert.Equal(DatasetStatus.Draft, stored.Status);
        Assert.Equal("[\"air\"]", stored.Extras["environment"]!.ToJsonString());
        Assert.Equal(12.5, stored.Extras["spatial_resolution"]!.GetValue<double>());
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/datasets/{stored.Slug}/\\?done=created$"));

        // Someone else changes it meanwhile: this form is now stale, and saving it changes nothing.
        await page.Locator("#f-description").FillAsync("Ma description");
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DatasetService>()
                .UpdateAsync(await AdminAsync(scope.ServiceProvider), stored.Slug, new JsonObject { ["description"] = "Changée ailleurs" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("modifié par quelqu'un d'autre");
        await Expect(page.Locator("#f-description")).ToHaveValueAsync("Ma description");
        Assert.Equal("Changée ailleurs", (await DatasetAsync(title)).Description);
        await page.GetByRole(AriaRole.Link, new() { Name = "Recharger la version actuelle" }).ClickAsync();
        await Expect(page.Locator("#f-description")).ToHaveValueAsync("Changée ailleurs");
        await page.Locator("#f-description").FillAsync("Ma description");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Modifications enregistrées.");
        Assert.Equal("Ma description", (await DatasetAsync(title)).Description);
    }

    [Fact]
    public async Task Workflow_buttons_publish_and_unpublish_and_deletion_needs_a_confirmation()
    {
        var title = "Cartes de chaleur " + Guid.NewGuid().ToString("N")[..8];
        var slug = await CreateDatasetAsync(title);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/admin/datasets/{slug}/");
        await Expect(page.Locator(".fr-badge").First).ToHaveTextAsync("Brouillon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Jeu de données publié.");
        Assert.Equal(HttpStatusCode.OK, (await portal.Http.GetAsync($"/api/1/datasets/{slug}/")).StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dépublier" }).ClickAsync();
        await Expect(page.Locator(".fr-badge").First).ToHaveTextAsync("Brouillon");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.GetAsync($"/api/1/datasets/{slug}/")).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await Expect(page.Locator("#f-confirm-error")).ToHaveTextAsync("Cochez la case pour confirmer la suppression.");
        Assert.Equal(1, await CountAsync(title));
        await page.GetByLabel("Je confirme la suppression définitive").CheckAsync(Box);
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/datasets/\\?done=deleted$"));
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Jeu de données supprimé.");
        Assert.Equal(0, await CountAsync(title));
    }

    [Fact]
    public async Task A_csv_uploaded_with_a_schema_shows_its_validation_status_once_validated()
    {
        var slug = await CreateDatasetAsync("Mesures de la qualité de l'air " + Guid.NewGuid().ToString("N")[..8]);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/admin/datasets/{slug}/resources/");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/datasets/{slug}/resources/");
        await Expect(page.Locator(".socle-progress")).ToBeHiddenAsync();

        // With JavaScript the form goes through XMLHttpRequest, which reports the upload's progress.
        await page.Locator("#f-upload-schema").SelectOptionAsync("demo/mesures-air");
        await page.Locator("#f-upload-file").SetInputFilesAsync(new FilePayload { Name = "mesures.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(ValidCsv) });
        var upload = page.WaitForRequestAsync(r => r.Url.EndsWith("/resources/upload/", StringComparison.Ordinal) && r.ResourceType == "xhr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Téléverser" }).ClickAsync();
        await upload;
        await page.WaitForURLAsync(new Regex($"/admin/datasets/{slug}/resources/\\?added="));
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Ressource « mesures.csv » ajoutée.");
        var row = page.Locator("tr", new() { HasText = "mesures.csv" });
        await Expect(row).ToContainTextAsync("demo/mesures-air");

        await portal.WaitForJobsAsync();
        await page.ReloadAsync();
        await Expect(row.Locator(".socle-resource-status .fr-badge")).ToHaveTextAsync("Valide");
        var id = (await row.GetAttributeAsync("id"))!["resource-".Length..];
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Rapport de validation" })).ToHaveAttributeAsync("href", $"/datasets/{slug}/resources/{id}/validation/");
        await PortalFixture.ScreenshotAsync(page, "admin-resources");

        // Without JavaScript the browser posts the same multipart form, streamed to the store, then redirected.
        var cookies = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        var posted = await PostUploadAsync(slug, cookies, "demo/mesures-air", "mesures-fausses.csv", InvalidCsv);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith($"/admin/datasets/{slug}/resources/?added=", posted.Headers.Location?.OriginalString);
        await portal.WaitForJobsAsync();
        await page.GotoAsync($"/admin/datasets/{slug}/resources/");
        await Expect(page.Locator("tr", new() { HasText = "mesures-fausses.csv" }).Locator(".socle-resource-status .fr-badge")).ToHaveTextAsync("Invalide");

        // A refused upload says why next to the input, and adds nothing.
        var refused = await PostUploadAsync(slug, cookies, "pas un schéma !", "autre.csv", ValidCsv);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"f-upload-schema-error\"", html);
        Assert.Contains("ni une URL de schéma ni un nom de schéma enregistré", html);
        await page.ReloadAsync();
        await Expect(page.Locator("table.socle-resources tbody tr")).ToHaveCountAsync(2);

        // A link, with a schema given by URL.
        await page.Locator("#f-link-url").FillAsync("https://example.invalid/donnees/stations.csv");
        await page.Locator("#f-link-schema-url").FillAsync("https://example.invalid/schema.json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le lien" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Ressource « stations.csv » ajoutée.");
        await Expect(page.Locator("tr", new() { HasText = "stations.csv" })).ToContainTextAsync("Lien");
    }

    [Fact]
    public async Task A_dataset_proposed_by_someone_outside_the_organisation_is_published_from_the_review_queue()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var proposer = await portal.NewPageAsync();
        await proposer.GotoAsync("/register/");
        await proposer.GetByLabel("Adresse électronique").FillAsync($"proposeur-{suffix}@exemple.fr");
        await proposer.GetByLabel("Nom affiché").FillAsync("Paule Proposeuse");
        await proposer.GetByLabel("Mot de passe").FillAsync("un mot de passe assez long");
        await proposer.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(proposer).ToHaveURLAsync(new Regex("/admin/$"));

        var title = "Pollens à Toulouse " + suffix;
        var rejected = "Autre proposition " + suffix;
        string slug = "";
        foreach (var t in new[] { title, rejected })
        {
            var created = await proposer.APIRequest.PostAsync("/api/1/datasets/", new()
            {
                DataObject = new { title = t, organization = Toulouse, extras = new { environment = new[] { "air" }, nature = new[] { "mesures" } } },
            });
            Assert.Equal(201, created.Status);
            var json = (await created.JsonAsync())!.Value;
            Assert.Equal("proposed", json.GetProperty("status").GetString());
            if (t == title) slug = json.GetProperty("slug").GetString()!;
        }
        // Proposers see their proposals in their space, and are not admins.
        await proposer.GotoAsync("/admin/");
        await Expect(proposer.Locator(".socle-status-column").Filter(new() { Has = proposer.Locator("#col-proposed") })).ToContainTextAsync(title);
        Assert.Equal(403, (await proposer.GotoAsync("/admin/jobs/"))!.Status);
        Assert.Equal(403, (await proposer.GotoAsync("/admin/review/"))!.Status);

        var admin = await portal.NewPageAsync();
        await portal.SignInAsync(admin);
        await admin.GotoAsync("/admin/review/");
        var item = admin.Locator(".socle-review > li").Filter(new() { HasText = title });
        await Expect(item).ToContainTextAsync("Proposé par Paule Proposeuse à Ville de Toulouse (démo)");
        await PortalFixture.ScreenshotAsync(admin, "admin-review");
        await item.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Expect(admin.Locator(".fr-alert--success")).ToHaveTextAsync($"« {title} » est publié.");
        await Expect(admin.Locator(".socle-review > li").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        var published = await portal.Http.GetAsync($"/api/1/datasets/{slug}/");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("published", JsonNode.Parse(await published.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        var other = admin.Locator(".socle-review > li").Filter(new() { HasText = rejected });
        await other.GetByLabel("Motif du rejet").FillAsync("Doublon d'un jeu existant.");
        await other.GetByRole(AriaRole.Button, new() { Name = "Rejeter" }).ClickAsync();
        await Expect(admin.Locator(".fr-alert--success")).ToHaveTextAsync($"« {rejected} » est rejeté.");
        var stored = await DatasetAsync(rejected);
        Assert.Equal(DatasetStatus.Rejected, stored.Status);
        Assert.Equal("Doublon d'un jeu existant.", stored.ReviewNote);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_works_on_the_api_and_stops_working_once_revoked()
    {
        var name = "moissonnage " + Guid.NewGuid().ToString("N")[..8];
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/keys/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la clé" }).ClickAsync();
        await Expect(page.Locator("#f-name-error")).ToContainTextAsync("obligatoire");

        await page.GetByLabel("Nom de la clé").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la clé" }).ClickAsync();
        await Expect(page.Locator("#new-key.fr-alert")).ToContainTextAsync("elle ne sera plus jamais affichée");
        var secret = await page.Locator("#new-key-secret").InputValueAsync();
        Assert.StartsWith("socle_", secret);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(secret)).StatusCode);

        await page.GotoAsync("/admin/keys/");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = $"Révoquer la clé {name}" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Clé révoquée");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = name })).ToContainTextAsync("Révoquée le");
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(secret)).StatusCode);
    }

    [Fact]
    public async Task An_organisation_is_created_and_its_members_added_by_email_given_roles_and_removed()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"membre-{suffix}@exemple.fr";
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, "Marc Membre", "un mot de passe assez long");

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/organizations/new/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Expect(page.Locator("#f-name-error")).ToContainTextAsync("« Nom » est obligatoire");
        await page.Locator("#f-name").FillAsync("Syndicat des eaux " + suffix);
        await page.Locator("#f-url").FillAsync("pas une adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Expect(page.Locator("#f-url-error")).ToContainTextAsync("n'est pas une adresse http(s)");
        await page.Locator("#f-url").FillAsync("https://eaux.example.fr/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        var slug = "syndicat-des-eaux-" + suffix;
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/organizations/{slug}/\\?done=created$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Membres" }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(new Regex("^Membres de Syndicat des eaux"));
        await page.Locator("#f-add-email").FillAsync("personne-" + suffix + "@exemple.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Expect(page.Locator("#f-add-email-error")).ToContainTextAsync("Aucun compte n'a l'adresse");

        await page.Locator("#f-add-email").FillAsync(email);
        await page.Locator("#f-add-role").SelectOptionAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Membre ajouté.");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Marc Membre" });
        await Expect(row.GetByLabel("Rôle de Marc Membre", new() { Exact = true })).ToHaveValueAsync("editor");
        Assert.Equal(OrganizationRole.Editor, await RoleAsync(slug, email));

        await row.GetByLabel("Rôle de Marc Membre", new() { Exact = true }).SelectOptionAsync("contributor");
        await row.GetByRole(AriaRole.Button, new() { Name = "Changer le rôle de Marc Membre" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Rôle changé.");
        Assert.Equal(OrganizationRole.Contributor, await RoleAsync(slug, email));

        // The last administrator stays.
        var me = page.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoCatalog.AdminEmail });
        await me.GetByRole(AriaRole.Button, new() { Name = "Retirer" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("au moins un administrateur");

        await page.GetByRole(AriaRole.Row, new() { Name = "Marc Membre" }).GetByRole(AriaRole.Button, new() { Name = "Retirer Marc Membre" }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Membre retiré.");
        Assert.Null(await RoleAsync(slug, email));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private async Task<HttpResponseMessage> PostUploadAsync(string slug, string cookies, string schema, string fileName, string csv)
    {
        // The fields in the form's order: metadata first, the file last.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(""), "title" },
            { new StringContent("main"), "type" },
            { new StringContent(schema), "schema" },
            { new StringContent(""), "schema_url" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/datasets/{slug}/resources/upload/") { Content = form };
        request.Headers.Add("Cookie", cookies);
        request.Headers.Accept.ParseAdd("text/html");
        return await portal.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> MeAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/1/me/");
        request.Headers.Add("X-API-KEY", key);
        return await portal.Http.SendAsync(request);
    }

    /// <summary>A draft of the demo's Ville de Toulouse, created by the demo admin.</summary>
    private async Task<string> CreateDatasetAsync(string title)
    {
        using var scope = portal.Services.CreateScope();
        var d = await scope.ServiceProvider.GetRequiredService<DatasetService>().CreateAsync(await AdminAsync(scope.ServiceProvider), new JsonObject
        {
            ["title"] = title, ["organization"] = Toulouse,
            ["extras"] = new JsonObject { ["environment"] = new JsonArray("air"), ["nature"] = new JsonArray("mesures") },
        });
        return d.Slug;
    }

    private static async Task<Actor> AdminAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var id = await db.Users.Where(u => u.NormalizedEmail == DemoCatalog.AdminEmail.ToUpperInvariant()).Select(u => u.Id).FirstAsync();
        return Actor.For((await services.GetRequiredService<AccountService>().FindAsync(id))!);
    }

    private async Task<Guid> OrganizationIdAsync(string slug)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDb>().Organizations.Where(o => o.Slug == slug).Select(o => o.Id).FirstAsync();
    }

    private async Task<int> CountAsync(string title)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDb>().Datasets.CountAsync(d => d.Title == title);
    }

    private async Task<Dataset> DatasetAsync(string title)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDb>().Datasets.AsNoTracking().FirstAsync(d => d.Title == title);
    }

    private async Task<OrganizationRole?> RoleAsync(string org, string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        return await db.Memberships.Where(m => m.Organization!.Slug == org && m.Account!.NormalizedEmail == email.ToUpperInvariant())
            .Select(m => (OrganizationRole?)m.Role).FirstOrDefaultAsync();
    }
}

/// <summary>
/// The back office publishes, creates organisations and changes counts that the discovery pages' tests compare between
/// the API and the pages: its tests run on their own, after the others, so that no count moves under them.
/// </summary>
[CollectionDefinition(nameof(BackOfficeTests), DisableParallelization = true)]
public sealed class BackOfficeCollection;
