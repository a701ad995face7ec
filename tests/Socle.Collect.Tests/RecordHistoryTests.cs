using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;
using Socle.Catalog.Services;
using Socle.Catalog.Tests;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Tests;

/// <summary>Records keep every state: revisions, "as of" any day, diffs, timelines, stages from events, stale writes refused.</summary>
public sealed class RecordHistoryTests
{
    private static readonly DateOnly D2018 = new(2018, 3, 1), D2020 = new(2020, 6, 15), D2023 = new(2023, 9, 1);

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_wind_farm_keeps_its_whole_life_and_shows_it_as_of_any_day(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var farm = await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc éolien des Crêtes", powerKw: 12000), D2018);
        var n = farm.Record.Number;
        await f.AddEventAsync(f.Steward, n, "depot_permis", new DateOnly(2018, 4, 2));
        await f.AddEventAsync(f.Steward, n, "permis_accorde", new DateOnly(2019, 2, 11));
        await f.AddEventAsync(f.Steward, n, "debut_travaux", new DateOnly(2019, 9, 1));
        await f.AddEventAsync(f.Steward, n, "mise_en_service", D2020);
        await f.UpdateRecordAsync(f.Steward, n, new JsonObject { ["exploitant"] = "Vents du Sud SAS" }, D2020, ifMatch: 1);
        await f.AddEventAsync(f.Steward, n, "renouvellement", D2023, new JsonObject { ["puissance_avant_kw"] = 12000, ["puissance_apres_kw"] = 18000 });
        var after = await f.UpdateRecordAsync(f.Steward, n, new JsonObject { ["puissance_max_installee_kw"] = 18000 }, D2023, ifMatch: 2);
        // A second record only appears later.
        await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Centrale solaire du Lac", filiere: "solaire", powerKw: 4500), D2023);

        Assert.Equal(3, after.Record.Version);
        Assert.Equal("18000", after.Values["puissance_max_installee_kw"]);
        Assert.Equal("en_service", after.Stage);

        // As of 31 December 2021: the first state after commissioning, one record only, stage "en service".
        var page = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { AsOf = new DateOnly(2021, 12, 31) }));
        var row = Assert.Single(page.Items);
        Assert.Equal(n, row.Number);
        Assert.Equal("12000", row.Values["puissance_max_installee_kw"]);
        Assert.Equal("Vents du Sud SAS", row.Values["exploitant"]);
        Assert.Equal("en_service", row.Stage);
        // As of 2018-12-31: the project, under instruction, before any operator.
        var early = await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, n, new DateOnly(2018, 12, 31)));
        Assert.Equal(1, early.Revision.Version);
        Assert.False(early.Values.ContainsKey("exploitant"));
        Assert.Equal("instruction", early.Stage);
        // Before it existed: a clear 404.
        var none = await Assert.ThrowsAsync<CatalogException>(() => f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, n, new DateOnly(2017, 1, 1))));
        Assert.Equal(Problem.NotFound, none.Problem);
        Assert.Contains("2017-01-01", none.Title("fr"));
        // Today: both records; filtered by category.
        Assert.Equal(2, (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery()))).Total);
        Assert.Equal(1, (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { Category = "solaire" }))).Total);
        Assert.Equal(0, (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { Category = "solaire", AsOf = new DateOnly(2022, 12, 31) }))).Total);

        // Revisions, diff, timeline.
        var revisions = await f.Run<RecordService, List<RecordRevision>>(s => s.RevisionsAsync(f.Slug, n));
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Version));
        Assert.All(revisions, r => Assert.Equal("Gestionnaire", r.AuthorName));
        var diff = await f.Run<RecordService, List<FieldChange>>(s => s.DiffAsync(f.Slug, n, 1, 3));
        Assert.Equal(["puissance_max_installee_kw", "exploitant"], diff.Select(d => d.Field));
        Assert.Equal(new FieldChange("puissance_max_installee_kw", "12000", "18000"), diff[0]);
        var timeline = await f.Run<RecordService, List<TimelineEntry>>(s => s.TimelineAsync(f.Slug, n));
        Assert.Equal(["revision", "event", "event", "event", "event", "revision", "event", "revision"], timeline.Select(t => t.Kind));
        Assert.Equal("renouvellement", timeline[6].Event!.Type);
        Assert.True(timeline.Select(t => t.Date).SequenceEqual(timeline.Select(t => t.Date).Order()));
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Two_stewards_editing_the_same_record_the_second_is_told_who_changed_it_and_nothing_is_lost(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var r = await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc de la Montagne Noire"));
        await f.UpdateRecordAsync(f.Admin, r.Record.Number, new JsonObject { ["exploitant"] = "Énergies Locales" }, ifMatch: 1);
        var stale = await Assert.ThrowsAsync<CatalogException>(() =>
            f.UpdateRecordAsync(f.Steward, r.Record.Number, new JsonObject { ["exploitant"] = "Autre" }, ifMatch: 1));
        Assert.Equal(Problem.PreconditionFailed, stale.Problem);
        Assert.Contains("Administratrice", stale.Title("fr"));
        Assert.Contains("version 1", stale.Title("fr"));
        Assert.Contains("version 2", stale.Title("en"));
        var now = await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, r.Record.Number));
        Assert.Equal("Énergies Locales", now.Values["exploitant"]);
        Assert.Equal(2, now.Record.Version);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Contributors_writing_different_records_at_once_never_refuse_each_other(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var created = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => f.CreateRecordAsync(i % 2 == 0 ? f.Steward : f.Admin, CollectFixture.Values($"Parc {i}"))));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), created.Select(r => r.Record.Number).Order());
        var changes = await f.Collect(db => db.Collections.Select(c => c.Changes).SingleAsync());
        await Task.WhenAll(created.Select(r => f.UpdateRecordAsync(f.Steward, r.Record.Number, new JsonObject { ["exploitant"] = "Coop " + r.Record.Number }, ifMatch: 1)));
        Assert.All(await Task.WhenAll(created.Select(r => f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, r.Record.Number)))),
            v => Assert.Equal("Coop " + v.Record.Number, v.Values["exploitant"]));
        // Each write moved the register's change counter (what tells an import planned before them that it is stale).
        Assert.Equal(changes + 8, await f.Collect(db => db.Collections.Select(c => c.Changes).SingleAsync()));
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Bad_values_are_refused_field_by_field_and_change_nothing(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var values = CollectFixture.Values("Parc X", filiere: "nucleaire");
        values["puissance_max_installee_kw"] = "beaucoup";
        values["couleur"] = "bleu";
        var e = await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Steward, values));
        Assert.Equal(Problem.Invalid, e.Problem);
        Assert.Contains(e.Errors, x => x.Field == "values.couleur");
        var valid = CollectFixture.Values("Parc X", filiere: "nucleaire");
        valid["puissance_max_installee_kw"] = "beaucoup";
        e = await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Steward, valid));
        Assert.Contains(e.Errors, x => x.Field == "values.filiere" && x.Message("fr").Length > 0);
        Assert.Contains(e.Errors, x => x.Field == "values.puissance_max_installee_kw");
        var missing = CollectFixture.Values("Parc Y");
        missing.Remove("code_insee_commune");
        e = await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Steward, missing));
        Assert.Contains(e.Errors, x => x.Field == "values.code_insee_commune");
        Assert.Equal(0, (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery()))).Total);

        // An EIC code belongs to one record only; a change cannot go back before the latest state.
        var first = await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc A", eic: "17W100000000001X"), new DateOnly(2024, 1, 1));
        e = await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc B", eic: "17W100000000001X")));
        Assert.Contains(e.Errors, x => x.Field == "values.code_eic" && x.Message("fr").Contains("n° 1"));
        e = await Assert.ThrowsAsync<CatalogException>(() => f.UpdateRecordAsync(f.Steward, first.Record.Number, new JsonObject { ["exploitant"] = "Z" }, new DateOnly(2023, 1, 1)));
        Assert.Contains(e.Errors, x => x.Field == "valid_from");
        Assert.Equal(1, (await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, first.Record.Number))).Record.Version);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Contributors_write_on_their_territory_only(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var mine = await f.CreateRecordAsync(f.Contributor, CollectFixture.Values("Toiture du gymnase", filiere: "solaire", powerKw: 36));
        Assert.Equal(1, mine.Record.Number);
        var other = await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Contributor,
            CollectFixture.Values("Parc de l'Aude", commune: "11069", departement: "11")));
        Assert.Equal(Problem.Forbidden, other.Problem);
        // Nor move one of theirs out of it.
        var moved = await Assert.ThrowsAsync<CatalogException>(() => f.UpdateRecordAsync(f.Contributor, 1, new JsonObject { ["code_departement"] = "11", ["code_insee_commune"] = "11069" }));
        Assert.Equal(Problem.Forbidden, moved.Problem);
        Assert.Equal("31", (await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, 1))).Record.Departement);
        // Outsiders and anonymous visitors read only; withdrawing is for stewards.
        Assert.Equal(Problem.Forbidden, (await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(f.Outsider, CollectFixture.Values("P")))).Problem);
        Assert.Equal(Problem.Unauthorized, (await Assert.ThrowsAsync<CatalogException>(() => f.CreateRecordAsync(Actor.Anonymous, CollectFixture.Values("P")))).Problem);
        Assert.Equal(Problem.Forbidden, (await Assert.ThrowsAsync<CatalogException>(() => f.Run<RecordService>(s => s.RemoveAsync(f.Contributor, f.Slug, 1, null, null)))).Problem);
        await f.Run<RecordService>(s => s.RemoveAsync(f.Steward, f.Slug, 1, "doublon", 1));
        Assert.Equal(0, (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery()))).Total);
        Assert.Equal(2, (await f.Run<RecordService, List<RecordRevision>>(s => s.RevisionsAsync(f.Slug, 1))).Count);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task The_stage_follows_the_events_and_a_withdrawn_event_no_longer_counts(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var r = await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Unité de méthanisation de la ferme", filiere: "methanisation", powerKw: 500));
        var n = r.Record.Number;
        Assert.Null(r.Stage);
        await f.AddEventAsync(f.Steward, n, "permis_accorde", new DateOnly(2021, 5, 1));
        var commissioning = await f.AddEventAsync(f.Steward, n, "mise_en_service", new DateOnly(2022, 5, 1));
        Assert.Equal("en_service", (await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, n))).Record.Stage);
        // An event without a stage (change of operator) does not move it; an unknown type or a bad field is refused.
        await f.AddEventAsync(f.Steward, n, "changement_exploitant", new DateOnly(2023, 1, 1), new JsonObject { ["nouvel_exploitant"] = "Coop Biogaz" });
        var bad = await Assert.ThrowsAsync<CatalogException>(() => f.AddEventAsync(f.Steward, n, "explosion", new DateOnly(2023, 1, 1)));
        Assert.Contains(bad.Errors, e => e.Field == "type");
        await f.Run<RecordService>(s => s.WithdrawEventAsync(f.Steward, f.Slug, n, commissioning.Id));
        var view = await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, n));
        Assert.Equal("autorise", view.Record.Stage);
        Assert.Equal(3, (await f.Run<RecordService, List<RecordEvent>>(s => s.EventsAsync(f.Slug, n, withdrawn: true))).Count);

        // Measures: one per year and source; a new value supersedes without erasing.
        Assert.Equal(1, await f.AddMeasureAsync(f.Steward, n, "production_annuelle_mwh", "2023", 3900));
        Assert.Equal(1, await f.AddMeasureAsync(f.Steward, n, "production_annuelle_mwh", "2023", 3950));
        Assert.Equal(0, await f.AddMeasureAsync(f.Steward, n, "production_annuelle_mwh", "2023", 3950));
        var measures = await f.Run<RecordService, List<Measure>>(s => s.MeasuresAsync(f.Slug, n));
        Assert.Equal(3950, Assert.Single(measures).Value);
        Assert.Equal(2, await f.Collect(db => Task.FromResult(db.Measures.Count(m => m.RecordId == view.Record.Id))));
        var period = await Assert.ThrowsAsync<CatalogException>(() => f.AddMeasureAsync(f.Steward, n, "production_annuelle_mwh", "23", 1));
        Assert.Contains(period.Errors, e => e.Field == "measures[0].period");
    }
}
