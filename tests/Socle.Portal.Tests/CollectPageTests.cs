using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Services;
using Socle.Collect.Records;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// The registers (Collecte) in the browser: a register and its state on a past day, a wind farm's timeline from permit to
/// repowering, the record form generated from the schema (inline refusals, stale versions, the map that places the
/// installation), events and measures, an ODRÉ-style import from upload to commit through its dry run, a conflict
/// settled through its form, the dashboard's charts and tables, and what keyboard and screen-reader users rely on.
/// Each test makes its own register from the renewables template, so they do not disturb each other.
/// </summary>
public sealed class CollectPageTests(PortalFixture portal)
{
    private const string Region = "region-occitanie-demo";
    private const string Crets = "Parc éolien des Crêtes";
    /// <summary>An import reads its file, validates and matches in a job; the page reloads every 2 s: generous on two shared cores.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions JobEnds = new() { Timeout = 60_000 };
    private static readonly LocatorCheckOptions Box = new() { Force = true };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_register_lists_its_records_filters_them_and_shows_them_as_they_were_on_a_past_day()
    {
        var (slug, title) = await CollectionAsync("Registre des installations");
        await SeedWindFarmAsync(slug);
        await RecordAsync(slug, Values("Centrale solaire du Causse", "12145", "12", filiere: "solaire", power: 4500, lat: 44.35, lon: 2.57), new DateOnly(2023, 2, 1));
        await RecordAsync(slug, Values("Méthaniseur de la Plaine", "11262", "11", filiere: "methanisation", power: 800, lat: 43.18, lon: 3.0), new DateOnly(2019, 5, 1));

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        var nav = page.Locator("#navigation-principale");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Registres", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Registres");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Registres", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", "/api/1/collections/");
        var card = page.Locator(".fr-card", new() { HasText = title });
        await Expect(card.Locator(".socle-record-count")).ToHaveTextAsync("3 fiches");
        await Expect(card).ToContainTextAsync("Région Occitanie (démo)");
        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/collections/{slug}/$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("#table-fiches tbody tr")).ToHaveCountAsync(3);
        var crets = page.Locator("#table-fiches tr[data-record='1']");
        await Expect(crets.Locator("th a")).ToHaveTextAsync(Crets);
        await Expect(crets).ToContainTextAsync("Éolien");
        await Expect(crets).ToContainTextAsync("18\u202F000");
        await Expect(crets.Locator(".socle-stage")).ToHaveTextAsync("En service");
        // The stage's colour is the definition's, on the badge and on the map.
        await Expect(crets.Locator(".socle-stage")).ToHaveAttributeAsync("style", "--socle-stage: #009E73");
        await Expect(page.Locator("#jumeau-json")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records/");
        await Expect(page.Locator("#jumeau-csv")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records.csv");
        // The map draws the installations without any tile server.
        await Expect(page.Locator("#carte-registre")).ToHaveAttributeAsync("data-points", "3");
        await Expect(page.Locator("#carte-statut")).ToHaveTextAsync("3 installations placées sur la carte.");
        await Expect(page.Locator("#carte-registre path.leaflet-interactive")).ToHaveCountAsync(3);
        // No steward link for a visitor.
        await Expect(page.Locator("#lien-desaccords")).ToHaveCountAsync(0);
        await PortalFixture.ScreenshotAsync(page, "collect-register");

        await page.Locator("#filtre-category").SelectOptionAsync("solaire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#table-fiches tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#nombre-fiches")).ToHaveTextAsync("1 fiche");
        await Expect(page.Locator("#jumeau-json")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records/?category=solaire");

        // 31 December 2022: the solar plant did not exist yet, the wind farm had its first power, before its repowering.
        await page.GetByRole(AriaRole.Link, new() { Name = "Réinitialiser" }).ClickAsync();
        await page.Locator("#filtre-as-of").FillAsync("2022-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("as_of=2022-12-31"));
        await Expect(page.Locator("#etat-au")).ToContainTextAsync("Le registre tel qu'il était le 31 décembre 2022");
        await Expect(page.Locator("#table-fiches tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#table-fiches tr[data-record='1']")).ToContainTextAsync("12\u202F000");
        await Expect(page.Locator("#table-fiches tr[data-record='2']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#jumeau-json")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records/?as_of=2022-12-31");
        await Expect(page.Locator("#carte-registre")).ToHaveAttributeAsync("data-points", "2");
        // The record's link keeps the day.
        await Expect(page.Locator("#table-fiches tr[data-record='1'] th a")).ToHaveAttributeAsync("href", $"/collections/{slug}/records/1/?as_of=2022-12-31");
        await PortalFixture.ScreenshotAsync(page, "collect-register-as-of");

        // The JSON twin says the same.
        var json = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/collections/{slug}/records/?as_of=2022-12-31", Ct))!;
        Assert.Equal(2, json["total"]!.GetValue<int>());

        // Not a date: said on its input, and the list is today's.
        await page.GotoAsync($"/collections/{slug}/?as_of=31-12-2022");
        await Expect(page.Locator("#filtre-as-of-error")).ToContainTextAsync("« 31-12-2022 » n'est pas une date");
        await Expect(page.Locator("#table-fiches tbody tr")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task A_wind_farms_page_follows_its_life_from_permit_to_repowering_and_shows_it_on_any_past_day()
    {
        var (slug, _) = await CollectionAsync("Parcs éoliens");
        await SeedWindFarmAsync(slug);

        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/collections/{slug}/records/1/");
        await Expect(page.Locator("h1")).ToHaveTextAsync(Crets);
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records/1/");
        await Expect(page.Locator("p .socle-stage").First).ToHaveTextAsync("En service");
        await Expect(page.Locator("#table-valeurs tr[data-field='puissance_max_installee_kw'] td").First).ToHaveTextAsync("18\u202F000");
        await Expect(page.Locator("#table-valeurs tr[data-field='puissance_max_installee_kw'] td").Nth(1)).ToHaveTextAsync("Saisie");

        // The timeline, oldest first: the events from the permit to the repowering, and the record's versions among them.
        var entries = page.Locator("#chronologie > li");
        var events = page.Locator("#chronologie > li[data-kind='event'] .socle-timeline__name");
        await Expect(events).ToHaveCountAsync(5);
        Assert.Equal(
            ["Dépôt de la demande d'autorisation", "Autorisation accordée", "Début des travaux", "Mise en service", "Renouvellement (repowering)"],
            await events.AllInnerTextsAsync());
        await Expect(entries).ToHaveCountAsync(7);
        await Expect(entries.First.Locator("h3")).ToContainTextAsync("Version 1 : création de la fiche");
        var permit = page.Locator("#chronologie > li[data-kind='event']").First;
        await Expect(permit.Locator("time")).ToHaveTextAsync("15 mars 2016");
        await Expect(permit.Locator(".socle-stage")).ToHaveTextAsync("En instruction");
        await Expect(permit).ToContainTextAsync("Puissance demandée (kW) : 12\u202F000");
        var repowering = page.Locator("#chronologie > li[data-kind='event']").Last;
        await Expect(repowering).ToContainTextAsync("Puissance après (kW) : 18\u202F000");
        await Expect(repowering).ToContainTextAsync("par Administratrice de la démo");
        // The repowering's revision says what changed, before → after, with its comment.
        var revision = page.Locator("#chronologie > li[data-kind='revision']").Last;
        await Expect(revision.Locator("h3")).ToHaveTextAsync("Version 2");
        await Expect(revision.Locator("li[data-field='puissance_max_installee_kw']")).ToContainTextAsync("12\u202F000 → devient 18\u202F000");
        await Expect(revision).ToContainTextAsync("Repowering : 6 machines de 3 MW");
        await PortalFixture.ScreenshotAsync(page, "collect-record");

        // Two versions compared.
        await page.Locator("#diff-from").SelectOptionAsync("1");
        await page.Locator("#diff-to").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comparer" }).ClickAsync();
        var diff = page.Locator("#table-comparaison tr[data-field='puissance_max_installee_kw']");
        await Expect(diff.Locator("td").First).ToHaveTextAsync("12\u202F000");
        await Expect(diff.Locator("td").Last).ToHaveTextAsync("18\u202F000");
        await Expect(page.Locator("#table-comparaison tbody tr")).ToHaveCountAsync(1);

        // As it was in mid-2018: under construction, first power; the later steps are marked as after that day.
        await page.Locator("#fiche-as-of").FillAsync("2018-06-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher", Exact = true }).ClickAsync();
        await Expect(page.Locator("#etat-au")).ToContainTextAsync("La fiche telle qu'elle était le 30 juin 2018");
        await Expect(page.Locator("p .socle-stage").First).ToHaveTextAsync("En construction");
        await Expect(page.Locator("#table-valeurs tr[data-field='puissance_max_installee_kw'] td").First).ToHaveTextAsync("12\u202F000");
        await Expect(page.Locator("#chronologie > li.socle-timeline__item--after")).ToHaveCountAsync(3);
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/records/1/?as_of=2018-06-30");

        // Before the record existed: said, and today's record shown.
        await page.GotoAsync($"/collections/{slug}/records/1/?as_of=2015-01-01");
        await Expect(page.Locator("#pas-encore")).ToContainTextAsync("n'existait pas encore");

        // Its yearly production, by year and source.
        await Expect(page.Locator("#mesures [data-measure='production_annuelle_mwh'] tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#mesures [data-measure='production_annuelle_mwh'] caption")).ToHaveTextAsync("Production annuelle (MWh), par période et par source");
    }

    [Fact]
    public async Task The_record_form_refuses_a_bad_value_inline_saves_a_good_one_and_a_stale_edit_keeps_what_was_typed()
    {
        var (slug, _) = await CollectionAsync("Saisie des installations");
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/collections/{slug}/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle fiche" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nouvelle fiche");

        // Generated from the schema: titles, descriptions as hints, required marks, lists as selects, dates, numbers.
        await Expect(page.Locator("label[for=f-values-nom-installation]")).ToContainTextAsync("Nom de l'installation *");
        await Expect(page.Locator("#f-values-filiere option")).ToHaveCountAsync(8);
        await Expect(page.Locator("#f-values-filiere option[value=eolien]")).ToHaveTextAsync("Éolien");
        await Expect(page.Locator("#f-values-date-mise-en-service")).ToHaveAttributeAsync("type", "date");
        await Expect(page.Locator("#f-values-puissance-max-installee-kw")).ToHaveAttributeAsync("type", "number");
        await Expect(page.Locator("#f-values-recours option")).ToHaveCountAsync(3);
        await Expect(page.Locator("label[for=f-values-filiere] .fr-hint-text")).ToContainTextAsync("Filière de production");

        await page.Locator("#f-values-nom-installation").FillAsync("Parc éolien du Col");
        await page.Locator("#f-values-code-insee-commune").FillAsync("31555");
        await page.Locator("#f-values-code-departement").FillAsync("31");
        await page.Locator("#f-values-code-region").FillAsync("76");
        await page.Locator("#f-values-filiere").SelectOptionAsync("eolien");
        await page.Locator("#f-values-puissance-max-installee-kw").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();

        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#error-summary h2")).ToHaveTextAsync("Le formulaire contient une erreur ; rien n'a été enregistré.");
        await Expect(page.Locator("#f-values-puissance-max-installee-kw-error")).ToContainTextAsync("« Puissance maximale installée (kW) »");
        await Expect(page.Locator("#f-values-puissance-max-installee-kw-error")).ToContainTextAsync("minimum");
        await Expect(page.Locator("#f-values-puissance-max-installee-kw")).ToHaveAttributeAsync("aria-describedby", "f-values-puissance-max-installee-kw-error");
        await Expect(page.Locator("#error-summary a")).ToHaveAttributeAsync("href", "#f-values-puissance-max-installee-kw");
        await Expect(page.Locator("#f-values-nom-installation")).ToHaveValueAsync("Parc éolien du Col");
        await Expect(page.Locator("#f-values-filiere")).ToHaveValueAsync("eolien");
        Assert.Equal(0, await CountAsync(slug));

        // A click on the map places the installation.
        await page.Locator("#f-values-puissance-max-installee-kw").FillAsync("9000");
        var map = page.Locator("#form-carte");
        await map.ScrollIntoViewIfNeededAsync();
        await map.ClickAsync(new() { Position = new() { X = 300, Y = 150 } });
        await Expect(map).ToHaveAttributeAsync("data-placed", new Regex("^-?\\d+\\.\\d{6},-?\\d+\\.\\d{6}$"));
        var latitude = await page.Locator("#f-values-latitude").InputValueAsync();
        Assert.Matches("^\\d+\\.\\d{6}$", latitude);
        Assert.NotEqual("", await page.Locator("#f-values-longitude").InputValueAsync());
        await PortalFixture.ScreenshotAsync(page, "collect-record-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/collections/{slug}/records/1/\\?done=created$"));
        await Expect(page.Locator("#enregistre")).ToHaveTextAsync("Fiche créée.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Parc éolien du Col");
        await Expect(page.Locator("#table-valeurs tr[data-field='latitude'] td").First).Not.ToBeEmptyAsync();

        // A stale edit (someone saved meanwhile): the service's message on top, what was typed kept, nothing saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }).ClickAsync();
        await Expect(page.Locator("input[name=version]")).ToHaveValueAsync("1");
        await UpdateAsync(slug, 1, new JsonObject { ["exploitant"] = "Vents du Sud" });
        await page.Locator("#f-values-puissance-max-installee-kw").FillAsync("9600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("La fiche n° 1 a changé depuis votre lecture : vous aviez la version 1, elle est à la version 2");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("rien n'a été enregistré");
        await Expect(page.Locator("#f-values-puissance-max-installee-kw")).ToHaveValueAsync("9600");
        await Expect(page.Locator("#recharger a")).ToHaveAttributeAsync("href", $"/collections/{slug}/records/1/edit/");
        Assert.Equal("9000", await ValueAsync(slug, 1, "puissance_max_installee_kw"));

        // Read again, changed, saved: only the field changed goes into the new version.
        await page.Locator("#recharger a").ClickAsync();
        await Expect(page.Locator("#f-values-exploitant")).ToHaveValueAsync("Vents du Sud");
        await page.Locator("#f-values-puissance-max-installee-kw").FillAsync("9600");
        await page.Locator("#f-comment").FillAsync("Puissance de l'arrêté modificatif");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#enregistre")).ToContainTextAsync("Modification enregistrée");
        var last = page.Locator("#chronologie > li[data-kind='revision']").Last;
        await Expect(last.Locator("h3")).ToHaveTextAsync("Version 3");
        await Expect(last.Locator(".socle-timeline__changes li")).ToHaveCountAsync(1);
        await Expect(last).ToContainTextAsync("Puissance de l'arrêté modificatif");

        // An event: its type first, then its own fields; the stage follows.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter un événement" }).ClickAsync();
        await page.Locator("#f-type").SelectOptionAsync("mise_en_service");
        await Expect(page.Locator("#f-fields-puissance-kw")).ToBeVisibleAsync();
        await page.Locator("#f-date").FillAsync("");
        await page.Locator("#f-fields-puissance-kw").FillAsync("9600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter l'événement" }).ClickAsync();
        await Expect(page.Locator("#f-date-error")).ToHaveTextAsync("« Date de l'événement » : valeur obligatoire.");
        await Expect(page.Locator("#f-fields-puissance-kw")).ToHaveValueAsync("9600");
        await page.Locator("#f-date").FillAsync("2024-09-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter l'événement" }).ClickAsync();
        await Expect(page.Locator("#enregistre")).ToContainTextAsync("Événement ajouté");
        await Expect(page.Locator("p .socle-stage").First).ToHaveTextAsync("En service");
        await Expect(page.Locator("#chronologie > li[data-kind='event'] h3")).ToContainTextAsync("Mise en service");

        // A measure.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter une mesure" }).ClickAsync();
        await page.Locator("#f-measure").SelectOptionAsync("production_annuelle_mwh");
        await page.Locator("#f-period").FillAsync("2025");
        await page.Locator("#f-value").FillAsync("21000,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la mesure" }).ClickAsync();
        await Expect(page.Locator("#enregistre")).ToContainTextAsync("Mesure enregistrée");
        await Expect(page.Locator("#mesures [data-measure='production_annuelle_mwh'] tbody tr")).ToContainTextAsync("21\u202F000,5");
    }

    [Fact]
    public async Task An_odre_export_is_uploaded_with_its_crosswalk_its_dry_run_read_and_committed_without_its_rows_in_error()
    {
        var (slug, _) = await CollectionAsync("Registre ODRÉ");
        // Known installations: one entered by hand (the export disagrees on its power), one from an earlier export.
        await RecordAsync(slug, Values(Crets, "11262", "11", power: 12000, eic: "17W100000000001X"), new DateOnly(2022, 12, 31));
        await RecordAsync(slug, Values("Parc éolien du Plateau", "12202", "12", power: 5000, eic: "17W100000000002X"), new DateOnly(2022, 12, 31), source: "odre");
        const string csv = """
            nomInstallation;codeEICResourceObject;codeINSEECommune;commune;codeEPCI;EPCI;codeDepartement;departement;codeRegion;region;codeFiliere;codeTechnologie;puisMaxInstallee;dateRaccordement;dateMiseEnservice;dateDeraccordement;energieAnnuelleGlissanteProduite;energieAnnuelleGlissanteInjectee;gestionnaire;colonneInconnue
            Parc éolien des Crêtes;17W100000000001X;11262;Narbonne;;;11;Aude;76;Occitanie;EOLIE;EOLTER;15000;01/06/2015;15/06/2015;;24 000 000;23 500 000;Enedis;x
            Parc éolien du Plateau;17W100000000002X;12202;Millau;;;12;Aveyron;76;Occitanie;EOLIE;EOLTER;5500;01/03/2012;2012-03-20;;9 000 000;8 900 000;Enedis;x
            Centrale solaire des Garrigues;17W100000000003X;34172;Montpellier;;;34;Hérault;76;Occitanie;SOLAI;PVSOL;2500;10/10/2021;2021-10-20;;3 100 000;3 050 000;Enedis;x
            Parc éolien de l'Erreur;17W100000000004X;11069;Carcassonne;;;11;Aude;76;Occitanie;EOLIE;EOLTER;-100;01/01/2020;2020-01-10;;0;0;Enedis;x
            """;

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/collections/{slug}/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer un fichier" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Importer un fichier");
        await Expect(page.Locator("#f-crosswalk option[value='odre-registre']")).ToHaveCountAsync(1);
        await page.Locator("#f-crosswalk").SelectOptionAsync("odre-registre");
        await page.Locator("#f-valid-from").FillAsync("2023-12-31");
        await page.Locator("#f-comment").FillAsync("Export ODRÉ au 31/12/2023");
        await page.Locator("#f-file").SetInputFilesAsync(new FilePayload { Name = "registre-odre-2023.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await PortalFixture.ScreenshotAsync(page, "collect-import-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer et lancer l'essai" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/collections/{slug}/imports/[0-9a-f-]+/$"));
        var id = new Uri(page.Url).Segments[^1].TrimEnd('/');
        await Expect(page.Locator("#statut-import")).ToHaveTextAsync("À valider", JobEnds);
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/imports/{id}/");

        // The dry run: counts by outcome, the rows in error shown first.
        await Expect(page.Locator("#essai-lignes")).ToHaveTextAsync("Lignes lues : 4.");
        async Task Count(string outcome, string n) =>
            await Expect(page.Locator($"#essai-comptes li[data-outcome='{outcome}'] .socle-counts__value")).ToHaveTextAsync(n);
        await Count("new", "1");
        await Count("changed", "1");
        await Count("unchanged", "0");
        await Count("conflicting", "1");
        await Count("error", "1");
        await Expect(page.Locator("#colonnes-ignorees")).ToContainTextAsync("colonneInconnue");
        await Expect(page.Locator("#table-lignes tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#table-lignes tr[data-row='5']")).ToContainTextAsync("-100");
        // Committing it whole is refused while rows are in error, and says why; leaving them out is offered.
        await Expect(page.Locator("#valider-import")).ToBeDisabledAsync();
        await Expect(page.Locator("#explication-erreurs")).ToContainTextAsync("Lignes en erreur : 1.");
        await PortalFixture.ScreenshotAsync(page, "collect-import-dry-run");

        await page.GetByRole(AriaRole.Link, new() { Name = "Fiches modifiées (1)" }).ClickAsync();
        await Expect(page.Locator("#table-lignes tr[data-row='3'] li[data-field='puissance_max_installee_kw']")).ToContainTextAsync("5\u202F000 → devient 5\u202F500");
        await page.GetByRole(AriaRole.Link, new() { Name = "En désaccord (1)" }).ClickAsync();
        await Expect(page.Locator("#table-lignes tr[data-row='2'] li[data-conflict='puissance_max_installee_kw']"))
            .ToContainTextAsync("Registre national (ODRÉ) → 15\u202F000 ; Saisie → 12\u202F000");

        await page.GetByRole(AriaRole.Button, new() { Name = "Valider sans les lignes en erreur (1)" }).ClickAsync();
        await Expect(page.Locator("#statut-import")).ToHaveTextAsync("Importé", JobEnds);
        await Expect(page.Locator("#import-valide")).ToContainTextAsync("Fiches créées : 1 ; modifiées : 1 ; avec un désaccord entre sources : 1. Les lignes en erreur (1) ont été laissées de côté.");
        await PortalFixture.ScreenshotAsync(page, "collect-import-committed");
        await page.Locator("#import-valide").GetByRole(AriaRole.Link, new() { Name = "Voir le registre", Exact = true }).ClickAsync();
        await Expect(page.Locator("#nombre-fiches")).ToHaveTextAsync("3 fiches");
        await Expect(page.Locator("#lien-desaccords")).ToHaveTextAsync("Désaccords ouverts (1)");

        // The list of imports, with its twin.
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports", Exact = true }).ClickAsync();
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/imports/");
        await Expect(page.Locator($"#table-imports tr[data-import='{id}'] .fr-badge")).ToHaveTextAsync("Importé");

        // A file that does not fit the crosswalk is refused, naming the missing columns.
        await page.GotoAsync($"/collections/{slug}/imports/new/");
        await page.Locator("#f-crosswalk").SelectOptionAsync("odre-registre");
        await page.Locator("#f-file").SetInputFilesAsync(new FilePayload { Name = "autre.csv", MimeType = "text/csv", Buffer = "nom;puissance\nA;1\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déposer et lancer l'essai" }).ClickAsync();
        await Expect(page.Locator("#statut-import")).ToHaveTextAsync("Refusé", JobEnds);
        await Expect(page.Locator("#echec-import")).ToContainTextAsync("La colonne « nomInstallation » (pour le champ « nom_installation ») est absente du fichier.");
    }

    [Fact]
    public async Task A_steward_settles_a_conflict_between_two_sources_through_its_form()
    {
        var (slug, _) = await CollectionAsync("Registre à arbitrer");
        await RecordAsync(slug, Values(Crets, "11262", "11", power: 12000), new DateOnly(2022, 1, 1));
        await UpdateAsync(slug, 1, new JsonObject { ["puissance_max_installee_kw"] = 15000 }, source: "odre", validFrom: new DateOnly(2023, 1, 1));

        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync($"/collections/{slug}/records/1/");
        await Expect(page.Locator("#desaccords-fiche")).ToContainTextAsync("Puissance maximale installée (kW)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Trancher ces désaccords" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Désaccords entre sources");
        var conflict = page.Locator("article[data-field='puissance_max_installee_kw']");
        await Expect(conflict).ToHaveCountAsync(1);
        // The published value is the first source in the field's priority.
        await Expect(conflict.Locator("li.socle-published")).ToContainTextAsync("Registre national (ODRÉ) → 15\u202F000");
        await PortalFixture.ScreenshotAsync(page, "collect-conflicts");

        // No choice: refused on the choice, nothing settled.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Trancher" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("article[data-field='puissance_max_installee_kw'] .fr-message--error")).ToContainTextAsync("« Valeur à retenir » : valeur obligatoire.");

        conflict = page.Locator("article[data-field='puissance_max_installee_kw']");
        await conflict.GetByRole(AriaRole.Radio, new() { Name = "Une autre valeur" }).CheckAsync(Box);
        await conflict.Locator("input[name=value]").FillAsync("13000");
        await conflict.Locator("textarea[name=comment]").FillAsync("Arrêté préfectoral de 2022 : 13 MW");
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Trancher" }).ClickAsync();
        await Expect(page.Locator("#resolu")).ToContainTextAsync("« Puissance maximale installée (kW) » de la fiche n° 1 : la valeur retenue est « 13\u202F000 »");
        await Expect(page.Locator("article[data-field]")).ToHaveCountAsync(0);

        await page.Locator("#filtre-statut").SelectOptionAsync("resolved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page.Locator("article[data-field='puissance_max_installee_kw']")).ToContainTextAsync("Tranché par Administratrice de la démo");

        await page.GotoAsync($"/collections/{slug}/records/1/");
        var power = page.Locator("#table-valeurs tr[data-field='puissance_max_installee_kw'] td");
        await Expect(power.First).ToHaveTextAsync("13\u202F000");
        await Expect(power.Nth(1)).ToHaveTextAsync("Arbitrage");
        await Expect(page.Locator("#desaccords-fiche")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chronologie > li[data-kind='revision']").Last).ToContainTextAsync("Arrêté préfectoral de 2022 : 13 MW");
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts_with_their_tables_per_territory_and_the_map()
    {
        var (slug, _) = await CollectionAsync("Tableau de bord des installations");
        await SeedWindFarmAsync(slug);
        await RecordAsync(slug, Values("Centrale solaire du Causse", "12145", "12", filiere: "solaire", power: 4500, lat: 44.35, lon: 2.57), new DateOnly(2021, 2, 1));
        await RecordAsync(slug, Values("Parc éolien breton", "29019", "29", region: "53", power: 9000, lat: 48.4, lon: -4.5), new DateOnly(2020, 5, 1));

        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/collections/{slug}/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tableau de bord");
        await Expect(page.Locator("link[rel=alternate]")).ToHaveAttributeAsync("href", $"/api/1/collections/{slug}/stats/");
        await Expect(page.Locator("#par-filiere-graphique canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("#par-filiere-graphique")).ToHaveAttributeAsync("data-drawn", "true");
        await Expect(page.Locator("#par-etape-graphique canvas")).ToHaveCountAsync(1);
        // The tables say what the charts draw: at the end of 2021, two wind farms and a solar plant.
        var year2021 = page.Locator("#par-filiere-table tr[data-year='2021']");
        await Expect(year2021.Locator("td").Last).ToHaveTextAsync("3");
        await Expect(page.Locator("#par-filiere-table thead th[data-series='eolien']")).ToHaveTextAsync("Éolien");
        await Expect(page.Locator("#par-etape-table thead th[data-series='en_service']")).ToHaveTextAsync("En service");
        await Expect(page.Locator("#carte-tableau")).ToHaveAttributeAsync("data-points", "3");
        await PortalFixture.ScreenshotAsync(page, "collect-dashboard");

        // One region, by power.
        await page.Locator("#tb-region").SelectOptionAsync("76");
        await page.Locator("#tb-measure").SelectOptionAsync("power");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Expect(page.Locator("#territoire")).ToContainTextAsync("Occitanie (76)");
        await Expect(page.Locator("#par-filiere-table tr[data-year='2021'] td").Last).ToHaveTextAsync("16\u202F500");
        await Expect(page.Locator("#par-filiere-table tr[data-year='2023'] td").Last).ToHaveTextAsync("22\u202F500");
        await Expect(page.Locator("#carte-tableau")).ToHaveAttributeAsync("data-points", "2");
    }

    [Fact]
    public async Task Every_input_has_a_label_headings_follow_each_other_and_the_keyboard_reaches_the_filters()
    {
        var (slug, _) = await CollectionAsync("Registre accessible");
        await SeedWindFarmAsync(slug);
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        foreach (var path in new[]
                 {
                     "/collections/", $"/collections/{slug}/", $"/collections/{slug}/dashboard/", $"/collections/{slug}/records/1/",
                     $"/collections/{slug}/records/new/", $"/collections/{slug}/records/1/edit/", $"/collections/{slug}/records/1/events/new/?type=renouvellement",
                     $"/collections/{slug}/records/1/measures/new/", $"/collections/{slug}/imports/", $"/collections/{slug}/imports/new/",
                     $"/collections/{slug}/conflicts/", $"/collections/{slug}/members/", "/admin/collections/", "/admin/collections/new/",
                 })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await Expect(page.Locator("h1")).ToHaveCountAsync(1);
            // Every control has a label (its own, by for=, or its group's legend for radios and checkboxes).
            var unlabelled = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
                    .filter(e => !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.closest('label') && !e.getAttribute('aria-label'))
                    .map(e => e.name || e.id)
                """);
            Assert.True(unlabelled.Length == 0, $"{path}: unlabelled {string.Join(", ", unlabelled)}");
            // Headings never skip a level.
            var levels = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')].map(h => +h.tagName[1])");
            for (var i = 1; i < levels.Length; i++)
                Assert.True(levels[i] <= levels[i - 1] + 1, $"{path}: heading h{levels[i]} after h{levels[i - 1]}");
            Assert.Empty(await page.Locator("main img:not([alt])").AllAsync());
        }

        // The keyboard: the skip link first, then to the content and its first filter.
        await page.GotoAsync($"/collections/{slug}/");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Contenu");
        await page.Keyboard.PressAsync("Enter");
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.id === 'filtre-q'");
        }
        Assert.True(reached, "the name filter is reached with the keyboard");
        await page.Keyboard.TypeAsync("cretes");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("q=cretes"));
        await Expect(page.Locator("#table-fiches tbody tr")).ToHaveCountAsync(1);

        // In English too.
        await page.GotoAsync($"/collections/{slug}/records/1/?lang=en");
        await Expect(page.Locator("#historique-titre")).ToHaveTextAsync("History");
        await Expect(page.Locator("p .socle-stage").First).ToHaveTextAsync("In service");
    }

    [Fact]
    public async Task A_register_is_made_from_the_template_in_the_back_office_and_listed_with_the_work_it_offers()
    {
        var title = "Registre des chaufferies " + Guid.NewGuid().ToString("N")[..6];
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page);
        await page.GotoAsync("/admin/");
        await page.Locator(".fr-sidemenu").GetByRole(AriaRole.Link, new() { Name = "Registres", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mes registres");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau registre" }).ClickAsync();
        await page.Locator("#f-organization").SelectOptionAsync(Region);
        await page.Locator("#f-slug").FillAsync("Pas Une Adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le registre" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#f-title-error")).ToHaveTextAsync("« Titre » : valeur obligatoire.");
        await Expect(page.Locator("#f-slug-error")).ToContainTextAsync("« Pas Une Adresse » n'est pas un identifiant d'adresse valide");

        await page.Locator("#f-title").FillAsync(title);
        await page.Locator("#f-slug").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le registre" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("#nombre-fiches")).ToHaveTextAsync("0 fiches");
        // Its admin finds every way to work on it.
        foreach (var name in new[] { "Nouvelle fiche", "Importer un fichier", "Imports", "Désaccords ouverts (0)", "Membres" })
            await Expect(page.Locator("#actions-registre").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        var slug = new Uri(page.Url).Segments[^1].TrimEnd('/');

        // Members: named on a territory, refused with a bad one.
        await page.Locator("#actions-registre").GetByRole(AriaRole.Link, new() { Name = "Membres", Exact = true }).ClickAsync();
        await page.Locator("#f-email").FillAsync("camille.martin@demo.socle.fr");
        await page.Locator("#f-role").SelectOptionAsync("steward");
        await page.Locator("#f-territories").FillAsync("fr:region:76\nOccitanie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le membre" }).ClickAsync();
        await Expect(page.Locator("#f-territories-error")).ToContainTextAsync("« Occitanie » n'est pas un code de région");
        await page.Locator("#f-territories").FillAsync("fr:region:76");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le membre" }).ClickAsync();
        await Expect(page.Locator("#table-membres tbody tr")).ToContainTextAsync("Gestionnaire");
        await Expect(page.Locator("#table-membres tbody tr")).ToContainTextAsync("fr:region:76");

        await page.GotoAsync("/admin/collections/");
        await Expect(page.Locator($"#table-registres tr[data-collection='{slug}']")).ToContainTextAsync("Administrateur");
        await PortalFixture.ScreenshotAsync(page, "collect-admin");
    }

    // ---- seeding, through the services, as the API would ----

    private async Task<(string Slug, string Title)> CollectionAsync(string title)
    {
        title += " " + Guid.NewGuid().ToString("N")[..6];
        using var scope = portal.Services.CreateScope();
        var c = await scope.ServiceProvider.GetRequiredService<CollectionService>().CreateAsync(await AdminAsync(scope.ServiceProvider), new JsonObject
        {
            ["title"] = title, ["description"] = "Installations de production d'énergie renouvelable.", ["organization"] = Region, ["template"] = "installations-enr",
        }, Ct);
        return (c.Slug, title);
    }

    /// <summary>
    /// Parc éolien des Crêtes (no. 1 of a new register): known since 2016, permit filed and granted, built, commissioned in
    /// 2019, repowered in 2023 from 12 to 18 MW; two years of production.
    /// </summary>
    private async Task SeedWindFarmAsync(string slug)
    {
        await RecordAsync(slug, Values(Crets, "11262", "11", power: 12000, eic: "17W100000000001X"), new DateOnly(2016, 1, 1));
        await EventAsync(slug, 1, "depot_permis", new DateOnly(2016, 3, 15), new JsonObject { ["procedure_type"] = "autorisation_environnementale", ["puissance_demandee_kw"] = 12000 });
        await EventAsync(slug, 1, "permis_accorde", new DateOnly(2017, 4, 20), new JsonObject { ["reference_arrete"] = "AP-2017-112", ["puissance_autorisee_kw"] = 12000 });
        await EventAsync(slug, 1, "debut_travaux", new DateOnly(2018, 3, 1), []);
        await EventAsync(slug, 1, "mise_en_service", new DateOnly(2019, 6, 15), new JsonObject { ["puissance_kw"] = 12000 });
        await EventAsync(slug, 1, "renouvellement", new DateOnly(2023, 6, 1), new JsonObject { ["puissance_avant_kw"] = 12000, ["puissance_apres_kw"] = 18000, ["nombre_eoliennes"] = 6 });
        await UpdateAsync(slug, 1, new JsonObject { ["puissance_max_installee_kw"] = 18000 }, validFrom: new DateOnly(2023, 6, 1), comment: "Repowering : 6 machines de 3 MW");
        using var scope = portal.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RecordService>().AddMeasuresAsync(await AdminAsync(scope.ServiceProvider), slug, 1, new JsonObject
        {
            ["measures"] = new JsonArray(
                new JsonObject { ["measure"] = "production_annuelle_mwh", ["period"] = "2021", ["value"] = 26500.0 },
                new JsonObject { ["measure"] = "production_annuelle_mwh", ["period"] = "2022", ["value"] = 25800.0 }),
        }, Ct);
    }

    private static JsonObject Values(string name, string commune, string departement, string region = "76", string filiere = "eolien",
        double power = 12000, string? eic = null, double lat = 43.2, double lon = 2.9)
    {
        var v = new JsonObject
        {
            ["nom_installation"] = name, ["code_insee_commune"] = commune, ["code_departement"] = departement, ["code_region"] = region,
            ["region"] = region == "76" ? "Occitanie" : "Bretagne", ["filiere"] = filiere, ["puissance_max_installee_kw"] = power,
            ["latitude"] = lat, ["longitude"] = lon,
        };
        if (eic is not null) v["code_eic"] = eic;
        return v;
    }

    private async Task RecordAsync(string slug, JsonObject values, DateOnly validFrom, string? source = null)
    {
        using var scope = portal.Services.CreateScope();
        var body = new JsonObject { ["values"] = values, ["valid_from"] = validFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (source is not null) body["source"] = source;
        await scope.ServiceProvider.GetRequiredService<RecordService>().CreateAsync(await AdminAsync(scope.ServiceProvider), slug, body, Ct);
    }

    private async Task UpdateAsync(string slug, long number, JsonObject values, string? source = null, DateOnly? validFrom = null, string? comment = null)
    {
        using var scope = portal.Services.CreateScope();
        var body = new JsonObject { ["values"] = values };
        if (source is not null) body["source"] = source;
        if (validFrom is { } d) body["valid_from"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (comment is not null) body["comment"] = comment;
        await scope.ServiceProvider.GetRequiredService<RecordService>().UpdateAsync(await AdminAsync(scope.ServiceProvider), slug, number, body, null, Ct);
    }

    private async Task EventAsync(string slug, long number, string type, DateOnly date, JsonObject fields)
    {
        using var scope = portal.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<RecordService>().AddEventAsync(await AdminAsync(scope.ServiceProvider), slug, number, new JsonObject
        {
            ["type"] = type, ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["fields"] = fields,
        }, Ct);
    }

    private async Task<int> CountAsync(string slug)
    {
        using var scope = portal.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CollectionService>().GetAsync(slug, Ct)).Records;
    }

    private async Task<string?> ValueAsync(string slug, long number, string field)
    {
        using var scope = portal.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<RecordService>().GetAsync(slug, number, null, Ct)).Values.GetValueOrDefault(field);
    }

    private static async Task<Actor> AdminAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var id = await db.Users.Where(u => u.Email == DemoCatalog.AdminEmail).Select(u => u.Id).FirstAsync(Ct);
        return Actor.For((await services.GetRequiredService<AccountService>().FindAsync(id, Ct))!);
    }
}
