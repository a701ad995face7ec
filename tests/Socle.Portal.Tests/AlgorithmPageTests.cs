using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// The public algorithm register: the searchable list with its facets and twins, an entry as a reader reads it, the
/// datasets it processes (and their pages linking back), the crosswalk to the Dutch and UK standards, English.
/// These tests only read the demo register; the back office's, which change it, run apart (<see cref="AlgorithmBackOfficeTests"/>).
/// </summary>
public sealed class AlgorithmPageTests(PortalFixture portal)
{
    /// <summary>Waiting for a page's HTML, not for its fonts and icons (slow on a busy machine).</summary>
    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    private async Task<JsonObject> ApiAsync(string url) => JsonNode.Parse(await portal.Http.GetStringAsync(url))!.AsObject();

    private static int Total(JsonObject page) => page["total"]!.GetValue<int>();

    private static string[] Names(JsonObject page) => page["data"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ToArray();

    private static Task<IReadOnlyList<string>> CardNamesAsync(IPage page) => page.Locator(".socle-algorithm-card .fr-card__title").AllInnerTextsAsync();

    private static string Count(int n) => n == 1 ? "1 algorithme" : $"{n} algorithmes";

    private static HttpRequestMessage Html(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    [Fact]
    public async Task The_register_lists_the_published_entries_and_a_facet_narrows_it_as_the_api_does()
    {
        var all = await ApiAsync("/api/1/algorithms/");
        Assert.True(Total(all) >= 8, "the demo register has its published entries");
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/algorithms/");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Algorithmes publics");
        await Expect(page.Locator("#navigation-principale").GetByRole(AriaRole.Link, new() { Name = "Algorithmes" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("#registre-intro")).ToContainTextAsync("L312-1-3");
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(Total(all)));
        Assert.Equal(Names(all), await CardNamesAsync(page));
        // The draft of the demo is not in the public register.
        await Expect(page.Locator(".socle-algorithm-card", new() { HasText = "Présélection des dossiers" })).ToHaveCountAsync(0);
        // Each card says how automated the algorithm is, of what kind, and at what stage.
        var creche = page.Locator(".socle-algorithm-card", new() { HasText = "Attribution des places en crèche municipale" });
        await Expect(creche.Locator(".fr-badge")).ToHaveTextAsync(["Aide à la décision", "Règles explicites", "En service"]);
        await Expect(creche).ToContainTextAsync("Ville de Toulouse (démo)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Correspondance avec les standards néerlandais et britannique" }))
            .ToHaveAttributeAsync("href", "/algorithms/mapping/");

        // Ticking a facet: portal.js submits the form; the count and the entries are the API's for the same query.
        var automation = page.Locator("#facette-automation");
        await Expect(automation.Locator("legend")).ToHaveTextAsync("Niveau d'automatisation");
        var support = await ApiAsync("/api/1/algorithms/?automation=decision-support");
        Assert.InRange(Total(support), 1, Total(all) - 1);
        await automation.Locator("label", new() { HasText = $"Aide à la décision ({Total(support)})" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("automation=decision-support", StringComparison.Ordinal), Loaded);
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(Total(support)));
        Assert.Equal(Names(support), await CardNamesAsync(page));
        await Expect(page.Locator(".socle-algorithm-card [data-field=automation]")).ToHaveCountAsync(Total(support));
        foreach (var badge in await page.Locator(".socle-algorithm-card [data-field=automation]").AllAsync())
            await Expect(badge).ToHaveAttributeAsync("data-value", "decision-support");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retirer le filtre Niveau d'automatisation : Aide à la décision" })).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "algorithms-search");

        // Its twins carry the page's query string: the JSON search and the CSV export of every matching entry.
        var query = new Uri(page.Url).Query;
        var twins = page.Locator("#liens-formats");
        var jsonUrl = await twins.GetByRole(AriaRole.Link, new() { Name = "JSON" }).GetAttributeAsync("href");
        Assert.Equal("/api/1/algorithms/" + query, jsonUrl);
        Assert.Equal(Total(support), Total(await ApiAsync(jsonUrl!)));
        var csvUrl = await twins.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        Assert.Equal("/api/1/algorithms.csv" + query, csvUrl);
        await Expect(page.Locator("link[rel=alternate][type='text/csv']")).ToHaveAttributeAsync("href", csvUrl!);
        var csv = await portal.Http.GetStringAsync(csvUrl);
        foreach (var n in Names(all))
            Assert.Equal(Names(support).Contains(n), csv.Contains(n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_csv_link_downloads_the_register_with_its_entries()
    {
        var all = await ApiAsync("/api/1/algorithms/?page_size=100");
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/algorithms/");
        // The browser downloads the file the link names.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("#liens-formats").GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path);
        var lines = csv.Split(["\r\n", "\n"], StringSplitOptions.None).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("id,slug,name,url,organization", lines[0].TrimStart('\uFEFF'));
        foreach (var name in Names(all))
            Assert.Contains(name.Contains(',') || name.Contains('"') ? "\"" + name.Replace("\"", "\"\"") + "\"" : name, csv);
        Assert.DoesNotContain("Présélection des dossiers", csv);
        var response = await portal.Http.GetAsync("/api/1/algorithms.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_text_search_finds_the_nursery_places_and_marks_the_words_found()
    {
        var expected = await ApiAsync("/api/1/algorithms/?q=" + Uri.EscapeDataString("crèche"));
        Assert.True(Total(expected) >= 1);
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/algorithms/");
        await page.Locator("#recherche-q").FillAsync("crèche");
        await page.Locator("#recherche-q").PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("q=", StringComparison.Ordinal), Loaded);

        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(Total(expected)));
        await Expect(page).ToHaveTitleAsync(new Regex("^« crèche » — Algorithmes publics"));
        Assert.Equal(Names(expected), await CardNamesAsync(page));
        var first = page.Locator(".socle-algorithm-card").First;
        await Expect(first.Locator(".fr-card__title")).ToHaveTextAsync("Attribution des places en crèche municipale");
        await Expect(first.Locator(".fr-card__title mark")).ToHaveTextAsync("crèche");
        // The default sort, sent empty, is relevance once there are words.
        await Expect(page.Locator("#tri")).ToHaveValueAsync("");
        await Expect(page.Locator("#tri option:checked")).ToHaveTextAsync("Pertinence");
        await first.Locator(".fr-card__title a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Attribution des places en crèche municipale");
    }

    [Fact]
    public async Task The_quality_score_entry_reads_as_a_summary_then_the_profile_sections_and_its_history()
    {
        const string slug = "socle-score-qualite";
        var entry = await ApiAsync($"/api/1/algorithms/{slug}/");
        var fields = entry["fields"]!.AsObject();
        var page = await portal.NewPageAsync();
        var response = await page.GotoAsync($"/algorithms/{slug}/");
        Assert.Equal(200, response!.Status);

        await Expect(page.Locator("h1")).ToHaveTextAsync("Score de qualité des métadonnées des jeux de données");
        await Expect(page.Locator(".fr-breadcrumb__list li")).ToHaveTextAsync(["Accueil", "Algorithmes", "Score de qualité des métadonnées des jeux de données"]);
        await Expect(page.Locator("#contenu").GetByRole(AriaRole.Link, new() { Name = entry["organization"]!["name"]!.GetValue<string>(), Exact = true }).First)
            .ToHaveAttributeAsync("href", $"/organizations/{entry["organization"]!["slug"]}/");
        await Expect(page.Locator("#statut")).ToHaveCountAsync(0);

        // The summary a non-specialist reads first.
        var summary = page.Locator("#en-bref");
        await Expect(summary.Locator("dt")).ToHaveTextAsync(["Niveau d'automatisation", "Type", "État", "Décisions par an"]);
        await Expect(summary.Locator("dt[data-field=automation] + dd")).ToHaveTextAsync("Décision entièrement automatisée");
        await Expect(summary.Locator("dt[data-field=algorithm_type] + dd")).ToHaveTextAsync("Règles explicites");
        await Expect(summary.Locator("dt[data-field=lifecycle] + dd")).ToContainTextAsync("En service");
        await Expect(summary.Locator("dt[data-field=lifecycle] + dd")).ToContainTextAsync("en service depuis le 1 juin 2026");
        await Expect(summary.Locator("dt[data-field=decisions_per_year] + dd")).ToHaveTextAsync("Non renseigné");

        // Then the profile's sections, in its order, each with the fields the entry fills in.
        var profile = portal.Services.GetRequiredService<CatalogSettings>().AlgorithmProfile;
        var expected = profile.Sections.Where(s => profile.Fields.Any(f => f.Section == s.Key && fields.ContainsKey(f.Key))).Select(s => s.Label.Fr).ToArray();
        Assert.Equal(7, expected.Length);
        await Expect(page.Locator(".socle-algorithm-section h2")).ToHaveTextAsync(expected);
        await Expect(page.Locator("#section-working dt[data-field=operations]")).ToHaveTextAsync("Opérations effectuées");
        // Markdown text, rendered safely; vocabulary values by their label, linked to the register's filter; URLs as links.
        await Expect(page.Locator("#section-working dt[data-field=operations] + dd .socle-markdown p").First).ToBeVisibleAsync();
        var theme = page.Locator("#section-purpose dt[data-field=theme] + dd a.fr-tag");
        await Expect(theme).ToHaveTextAsync("Services de données publiques");
        await Expect(theme).ToHaveAttributeAsync("href", "/algorithms/?theme=data-services");
        await Expect(page.Locator("#section-purpose dt[data-field=related_resources] + dd a")).ToHaveAttributeAsync("href", "https://guides.data.gouv.fr/guide-qualite/");
        await Expect(page.Locator("#section-responsibility dt[data-field=contact_email] + dd a")).ToHaveAttributeAsync("href", "mailto:algorithmes@demo.socle.fr");
        await Expect(page.Locator("#section-lifecycle dt[data-field=in_use_since] + dd")).ToHaveTextAsync("1 juin 2026");

        // Its history as the API keeps it, most recent first, and the JSON twin.
        var revisions = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/algorithms/{slug}/revisions/"))!.AsArray();
        await Expect(page.Locator("#table-historique tbody tr")).ToHaveCountAsync(revisions.Count);
        await Expect(page.Locator("#table-historique tbody tr").First.Locator("th")).ToHaveTextAsync(revisions[0]!["number"]!.ToString());
        // The first version lists every field it set, by its label.
        await Expect(page.Locator("#table-historique tbody tr").Last).ToContainTextAsync("Nom, Identifiant d'URL, Description");
        await Expect(page.Locator("#table-historique tbody tr").Last).ToContainTextAsync("Camille Martin");
        await Expect(page.Locator("link[rel=alternate][type='application/json']")).ToHaveAttributeAsync("href", $"/api/1/algorithms/{slug}/");
        await Expect(page.Locator("#liens-json a").First).ToHaveAttributeAsync("href", $"/api/1/algorithms/{slug}/");
        await PortalFixture.ScreenshotAsync(page, "algorithm");
    }

    [Fact]
    public async Task An_entry_links_the_datasets_it_processes_and_their_pages_link_back()
    {
        var register = JsonNode.Parse(await portal.Http.GetStringAsync("/api/1/algorithms.json"))!.AsArray();
        var withData = register.First(a => a!["datasets"]!.AsArray().Count > 0)!;
        var slug = withData["slug"]!.GetValue<string>();
        var entry = await ApiAsync($"/api/1/algorithms/{slug}/");
        var linked = entry["datasets"]!.AsArray();
        Assert.NotEmpty(linked);

        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/algorithms/{slug}/");
        var links = page.Locator("#liste-jeux a");
        await Expect(links).ToHaveTextAsync(linked.Select(d => d!["title"]!.GetValue<string>()).ToArray());
        await Expect(links.First).ToHaveAttributeAsync("href", $"/datasets/{linked[0]!["slug"]}/");

        await links.First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"/datasets/{Regex.Escape(linked[0]!["slug"]!.GetValue<string>())}/$"), Loaded);
        var back = page.Locator("#algorithmes");
        await Expect(back.Locator("h2")).ToHaveTextAsync("Algorithmes qui utilisent ces données");
        await Expect(back.GetByRole(AriaRole.Link, new() { Name = entry["name"]!.GetValue<string>(), Exact = true })).ToHaveAttributeAsync("href", $"/algorithms/{slug}/");

        // A dataset no entry processes has no such section.
        string unused;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var used = (await db.Algorithms.AsNoTracking().Select(a => a.DatasetIds).ToListAsync()).SelectMany(x => x).ToHashSet();
            unused = (await db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published).Select(d => new { d.Id, d.Slug }).ToListAsync())
                .First(d => !used.Contains(d.Id)).Slug;
        }
        var html = await portal.Http.GetStringAsync($"/datasets/{unused}/");
        Assert.DoesNotContain("id=\"algorithmes\"", html);
    }

    [Fact]
    public async Task The_mapping_page_lists_each_field_with_its_dutch_and_uk_elements()
    {
        var mapping = await ApiAsync("/api/1/algorithms/mapping/");
        var rows = mapping["fields"]!.AsArray();
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/algorithms/mapping/");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Correspondance avec les standards néerlandais et britannique");
        await Expect(page.Locator("#standard-nl h2")).ToHaveTextAsync("Pays-Bas : Algoritmeregister");
        await Expect(page.Locator("#standard-uk h2")).ToContainTextAsync("Algorithmic Transparency Recording Standard");
        await Expect(page.Locator("#table-correspondance tbody tr")).ToHaveCountAsync(rows.Count);
        var automation = page.Locator("#table-correspondance tr[data-field=automation]");
        await Expect(automation.Locator("th")).ToContainTextAsync("Niveau d'automatisation");
        await Expect(automation.Locator("td[data-standard=nl]")).ToHaveTextAsync("human_intervention");
        await Expect(automation.Locator("td[data-standard=uk]")).ToHaveTextAsync("Tier 2 · Decision-making process · human decisions and review");
        await Expect(automation).ToContainTextAsync("Oui");
        // A field without a Dutch counterpart says so.
        await Expect(page.Locator("tr[data-field=decisions_per_year] td[data-standard=nl]")).ToContainTextAsync("aucun équivalent");

        var twins = page.Locator("#liens-formats");
        await Expect(twins.GetByRole(AriaRole.Link, new() { Name = "JSON" })).ToHaveAttributeAsync("href", "/api/1/algorithms/mapping/");
        var csvUrl = await twins.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href");
        var csv = (await portal.Http.GetStringAsync(csvUrl!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rows.Count + 1, csv.Length);
        await PortalFixture.ScreenshotAsync(page, "algorithms-mapping");
    }

    [Fact]
    public async Task Drafts_are_kept_from_the_public_and_unknown_entries_are_the_html_404()
    {
        string draft;
        using (var scope = portal.Services.CreateScope())
            draft = await scope.ServiceProvider.GetRequiredService<CatalogDb>().Algorithms.AsNoTracking()
                .Where(a => a.Status == DatasetStatus.Draft && a.Name.StartsWith("Présélection des dossiers")).Select(a => a.Slug).FirstAsync();
        var hidden = await portal.Http.SendAsync(Html($"/algorithms/{draft}/"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Contains("Page non trouvée", await hidden.Content.ReadAsStringAsync());
        Assert.Equal(0, Total(await ApiAsync("/api/1/algorithms/?q=" + Uri.EscapeDataString("présélection dossiers"))));
        var unknown = await portal.Http.SendAsync(Html("/algorithms/aucun-algorithme-de-ce-nom/"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // A facet the register does not have is refused as the API refuses it, with a way back.
        var page = await portal.NewPageAsync();
        var response = await page.GotoAsync("/algorithms/?couleur=bleu");
        Assert.Equal(400, response!.Status);
        await page.GetByRole(AriaRole.Link, new() { Name = "Relancer la recherche sans les paramètres en erreur" }).ClickAsync();
        await Expect(page.Locator("#resultats")).ToHaveTextAsync(Count(Total(await ApiAsync("/api/1/algorithms/?page_size=1"))));
    }

    [Fact]
    public async Task The_register_and_its_entries_speak_english()
    {
        var all = Total(await ApiAsync("/api/1/algorithms/?page_size=1"));
        var support = Total(await ApiAsync("/api/1/algorithms/?automation=decision-support&page_size=1"));
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/algorithms/?lang=en");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Public algorithms");
        await Expect(page.Locator("#navigation-principale").GetByRole(AriaRole.Link, new() { Name = "Algorithms" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("#resultats")).ToHaveTextAsync($"{all} algorithms");
        await Expect(page.Locator("#facette-automation legend")).ToHaveTextAsync("Level of automation");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = $"Decision support ({support})", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#tri option[value='-name']")).ToHaveTextAsync("Name (Z → A)");
        await Expect(page.Locator(".socle-algorithm-card", new() { HasText = "Attribution des places en crèche municipale" }).Locator(".fr-badge"))
            .ToHaveTextAsync(["Decision support", "Explicit rules", "In use"]);
        await PortalFixture.ScreenshotAsync(page, "algorithms-search-en");

        // The language is remembered: the entry follows in English.
        await page.GotoAsync("/algorithms/socle-score-qualite/");
        await Expect(page.Locator("#en-bref dt")).ToHaveTextAsync(["Level of automation", "Kind", "Stage", "Decisions per year"]);
        await Expect(page.Locator("#en-bref dt[data-field=lifecycle] + dd")).ToContainTextAsync("in use since 1 June 2026");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Risks and human oversight" })).ToBeVisibleAsync();
    }
}

/// <summary>
/// The register's back office: the entries one manages, the form generated from the register's profile (inline errors,
/// nothing saved on a refusal, stale versions), the workflow, deletion. They change the register, so they run with the
/// other back-office tests, when no other test runs.
/// </summary>
[Collection(nameof(BackOfficeTests))]
public sealed class AlgorithmBackOfficeTests(PortalFixture portal)
{
    private const string CamilleEmail = "camille.martin@demo.socle.fr";
    private const string Toulouse = "ville-toulouse-demo";

    /// <summary>A DSFR checkbox is drawn by its label, which lies over the native input: the click goes to the label.</summary>
    private static readonly LocatorCheckOptions Box = new() { Force = true };

    [Fact]
    public async Task Camille_finds_the_draft_of_her_organisation_among_the_entries_she_manages()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, CamilleEmail);
        await page.GotoAsync("/admin/algorithms/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mes fiches d'algorithmes");
        await Expect(page.Locator(".fr-sidemenu").GetByRole(AriaRole.Link, new() { Name = "Algorithmes", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        var draft = page.Locator("#table-algorithmes tbody tr", new() { HasText = "Présélection des dossiers" });
        await Expect(draft.Locator(".fr-badge")).ToHaveTextAsync("Brouillon");
        await Expect(page.Locator("#table-algorithmes tbody tr", new() { HasText = "Score de qualité des métadonnées" }).Locator(".fr-badge")).ToHaveTextAsync("Publié");
        await PortalFixture.ScreenshotAsync(page, "admin-algorithms");

        await page.GotoAsync("/admin/algorithms/?status=draft");
        await Expect(page.Locator("#table-algorithmes tbody tr", new() { HasText = "Score de qualité" })).ToHaveCountAsync(0);
        await draft.GetByRole(AriaRole.Link).ClickAsync();
        // An editor of the organisation may submit it or publish it straight away.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Soumettre à la relecture" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publier", Exact = true })).ToBeVisibleAsync();
        // Its public page shows her that it is a draft.
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir la fiche publique" }).ClickAsync();
        await Expect(page.Locator("#statut")).ToHaveTextAsync("Brouillon (non publié)");
    }

    [Fact]
    public async Task An_entry_is_declared_through_the_generated_form_refused_first_then_published_into_the_register_with_its_history()
    {
        var name = "Orientation des demandes de logement social " + Guid.NewGuid().ToString("N")[..8];
        var (datasetSlug, datasetTitle) = await PublishedDatasetAsync();
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, CamilleEmail);
        await page.GotoAsync("/admin/algorithms/new/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Déclarer un algorithme");

        // Generated from the register's profile: required marks, lists from its vocabularies, dates.
        await Expect(page.Locator("#f-name")).ToHaveAttributeAsync("required", "required");
        await Expect(page.Locator("label[for=f-fields-automation]")).ToContainTextAsync("Niveau d'automatisation *");
        await Expect(page.Locator("#f-fields-automation option")).ToHaveCountAsync(3);
        await Expect(page.Locator("#f-fields-theme legend")).ToContainTextAsync("Thèmes");
        await Expect(page.Locator("#f-fields-in-use-since")).ToHaveAttributeAsync("type", "date");
        await Expect(page.Locator("legend", new() { HasText = "Risques et contrôle humain" })).ToBeVisibleAsync();

        await page.Locator("#f-name").FillAsync(name);
        await page.Locator("#f-description").FillAsync("Classe les demandes de logement social selon des **critères de priorité** publics.");
        await page.Locator("#f-organization").SelectOptionAsync(await OrganizationIdAsync(Toulouse));
        await page.Locator("#f-fields-decisions-per-year").FillAsync("beaucoup");
        await page.Locator("#f-datasets").FillAsync("nulle-part-" + Guid.NewGuid().ToString("N")[..6]);
        await page.Locator("#f-fields-theme").GetByLabel("Logement et urbanisme").CheckAsync(Box);
        // The objectives, the role in the decision and the other required fields are left out.
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();

        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Erreur"));
        await Expect(page.Locator("#f-fields-purpose-error")).ToContainTextAsync("« Objectifs poursuivis »");
        await Expect(page.Locator("#f-fields-purpose-error")).ToContainTextAsync("obligatoire");
        await Expect(page.Locator("#f-fields-decisions-per-year-error")).ToContainTextAsync("« beaucoup »");
        await Expect(page.Locator("#f-datasets-error")).ToContainTextAsync("« Jeux de données utilisés »");
        await Expect(page.Locator("#error-summary a[href='#f-fields-purpose']")).ToBeVisibleAsync();
        // What was typed is kept, and nothing was saved.
        await Expect(page.Locator("#f-name")).ToHaveValueAsync(name);
        await Expect(page.Locator("#f-fields-theme").GetByLabel("Logement et urbanisme")).ToBeCheckedAsync();
        Assert.Null(await AlgorithmAsync(name));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ScreenshotFolder, "admin-algorithm-form-errors.png"), FullPage = true, Timeout = 60_000 });

        await page.Locator("#f-fields-decisions-per-year").FillAsync("1200");
        // A dataset is given by the address of its page, as people copy it.
        await page.Locator("#f-datasets").FillAsync($"{portal.BaseUrl}/datasets/{datasetSlug}/");
        await page.Locator("#f-fields-purpose").FillAsync("Traiter les demandes dans un ordre juste et connu de tous.");
        await page.Locator("#f-fields-automation").SelectOptionAsync("decision-support");
        await page.Locator("#f-fields-decision-role").FillAsync("Il propose un ordre de passage à la commission, qui décide.");
        await page.Locator("#f-fields-algorithm-type").SelectOptionAsync("rules");
        await page.Locator("#f-fields-operations").FillAsync("Un barème additionne des points par critère (ancienneté, urgence, composition du foyer).");
        await page.Locator("#f-fields-lifecycle").SelectOptionAsync("in-use");
        await page.Locator("#f-fields-contact-email").FillAsync("logement@demo.socle.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();

        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Fiche créée en brouillon.");
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);
        var stored = (await AlgorithmAsync(name))!;
        Assert.Equal(DatasetStatus.Draft, stored.Status);
        Assert.Equal(1200, stored.Fields["decisions_per_year"]!.GetValue<long>());
        Assert.Equal("[\"housing\"]", stored.Fields["theme"]!.ToJsonString());
        Assert.Single(stored.DatasetIds);
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/algorithms/{stored.Slug}/\\?done=created$"));
        await Expect(page.Locator("#f-datasets")).ToHaveValueAsync(datasetSlug);
        // Not in the public register yet.
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Http.GetAsync($"/api/1/algorithms/{stored.Slug}/")).StatusCode);

        // Someone else changes it meanwhile: this form is now stale, and saving it changes nothing.
        await page.Locator("#f-fields-public").FillAsync("Les demandeurs de logement social de la ville.");
        using (var scope = portal.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AlgorithmService>().UpdateAsync(await ActorAsync(scope.ServiceProvider, CamilleEmail),
                stored.Slug, new JsonObject { ["description"] = "Changée ailleurs." });
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("modifiée par quelqu'un d'autre");
        await Expect(page.Locator("#f-fields-public")).ToHaveValueAsync("Les demandeurs de logement social de la ville.");
        Assert.False((await AlgorithmAsync(name))!.Fields.ContainsKey("public"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Recharger la version actuelle" }).ClickAsync();
        await Expect(page.Locator("#f-description")).ToHaveValueAsync("Changée ailleurs.");
        await page.Locator("#f-fields-public").FillAsync("Les demandeurs de logement social de la ville.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Modifications enregistrées.");

        // Published by its editor, it joins the public register.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier", Exact = true }).ClickAsync();
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Fiche publiée dans le registre.");
        await Expect(page.Locator("#statut")).ToHaveTextAsync("Publié");
        Assert.Equal(HttpStatusCode.OK, (await portal.Http.GetAsync($"/api/1/algorithms/{stored.Slug}/")).StatusCode);

        var reader = await portal.NewPageAsync();
        await reader.GotoAsync("/algorithms/?q=" + Uri.EscapeDataString(name));
        await Expect(reader.Locator("#resultats")).ToHaveTextAsync("1 algorithme");
        await reader.Locator(".socle-algorithm-card .fr-card__title a").ClickAsync();
        await Expect(reader.Locator("h1")).ToHaveTextAsync(name);
        await Expect(reader.Locator("#en-bref dt[data-field=decisions_per_year] + dd")).ToHaveTextAsync(new Regex(@"^1\s200$"));
        await Expect(reader.Locator("#liste-jeux a")).ToHaveTextAsync(datasetTitle);
        // Its history: created, changed elsewhere, changed here, published — most recent first, with what changed.
        var history = reader.Locator("#table-historique tbody tr");
        await Expect(history).ToHaveCountAsync(4);
        await Expect(history.Locator("th")).ToHaveTextAsync(["4", "3", "2", "1"]);
        await Expect(history.Nth(0)).ToContainTextAsync("État de publication");
        await Expect(history.Nth(1)).ToContainTextAsync("Public concerné");
        await Expect(history.Nth(2)).ToContainTextAsync("Description");
        await Expect(history.Nth(3)).ToContainTextAsync("Camille Martin");
    }

    [Fact]
    public async Task A_contributor_opens_a_published_entry_of_his_organisation_read_only()
    {
        const string louis = "louis.bernard@demo.socle.fr";
        string slug;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var orgs = await db.Memberships.Where(m => m.Account!.NormalizedEmail == louis.ToUpperInvariant() && m.Role == OrganizationRole.Contributor)
                .Select(m => m.OrganizationId).ToListAsync();
            slug = await db.Algorithms.Where(a => a.Status == DatasetStatus.Published && orgs.Contains(a.OrganizationId)).OrderBy(a => a.Slug).Select(a => a.Slug).FirstAsync();
        }
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, louis);
        await page.GotoAsync("/admin/algorithms/");
        await page.Locator($"#table-algorithmes tr[data-slug='{slug}'] a").ClickAsync();
        await Expect(page.Locator("#lecture-seule")).ToContainTextAsync("seul un éditeur de l'organisation peut la modifier");
        await Expect(page.Locator("form.socle-profile-form")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dépublier" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Deleting_an_entry_needs_a_confirmation()
    {
        var name = "Fiche à supprimer " + Guid.NewGuid().ToString("N")[..8];
        string slug;
        using (var scope = portal.Services.CreateScope())
        {
            var a = await scope.ServiceProvider.GetRequiredService<AlgorithmService>().CreateAsync(await ActorAsync(scope.ServiceProvider, CamilleEmail), new JsonObject
            {
                ["name"] = name, ["description"] = "Une fiche de test.", ["organization"] = Toulouse,
                ["fields"] = new JsonObject
                {
                    ["purpose"] = "Tester.", ["automation"] = "automated", ["decision_role"] = "Aucun.", ["algorithm_type"] = "rules",
                    ["operations"] = "Aucune.", ["lifecycle"] = "in-development", ["contact_email"] = "test@demo.socle.fr",
                },
            });
            slug = a.Slug;
        }
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, CamilleEmail);
        await page.GotoAsync($"/admin/algorithms/{slug}/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await Expect(page.Locator("#f-confirm-error")).ToHaveTextAsync("Cochez la case pour confirmer la suppression.");
        Assert.NotNull(await AlgorithmAsync(name));
        await page.GetByLabel("Je confirme la suppression définitive").CheckAsync(Box);
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/algorithms/\\?done=deleted$"));
        await Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Fiche supprimée.");
        Assert.Null(await AlgorithmAsync(name));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private async Task<(string Slug, string Title)> PublishedDatasetAsync()
    {
        using var scope = portal.Services.CreateScope();
        var d = await scope.ServiceProvider.GetRequiredService<CatalogDb>().Datasets.AsNoTracking()
            .Where(x => x.Status == DatasetStatus.Published).OrderBy(x => x.Slug).Select(x => new { x.Slug, x.Title }).FirstAsync();
        return (d.Slug, d.Title);
    }

    private static async Task<Actor> ActorAsync(IServiceProvider services, string email)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var id = await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).FirstAsync();
        return Actor.For((await services.GetRequiredService<AccountService>().FindAsync(id))!);
    }

    private async Task<string> OrganizationIdAsync(string slug)
    {
        using var scope = portal.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CatalogDb>().Organizations.Where(o => o.Slug == slug).Select(o => o.Id).FirstAsync()).ToString();
    }

    private async Task<Algorithm?> AlgorithmAsync(string name)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogDb>().Algorithms.AsNoTracking().FirstOrDefaultAsync(a => a.Name == name);
    }
}
