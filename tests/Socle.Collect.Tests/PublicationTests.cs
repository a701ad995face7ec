using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Dcat;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Catalog.Tests;
using Socle.Collect.Demo;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Publication;
using Socle.Collect.Records;
using Socle.Storage.Blobs;
using Socle.Storage.Jobs;

namespace Socle.Collect.Tests;

/// <summary>A collection published as a catalogue dataset: its files, their content, their regeneration, who may publish.</summary>
public sealed class PublicationTests
{
    private static readonly int ThisYear = DateTime.UtcNow.Year;
    private static readonly string[] Main = ["registre.csv", "registre.geojson", "evenements.csv", "mesures.csv"];

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_collection_publishes_its_register_events_measures_and_year_end_snapshots(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var farm = await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc éolien des Crêtes", powerKw: 12000), new DateOnly(2019, 6, 1));
        var a = farm.Record.Number;
        await f.AddEventAsync(f.Steward, a, "depot_permis", new DateOnly(2018, 5, 2), new JsonObject { ["procedure_type"] = "autorisation_environnementale" });
        await f.AddEventAsync(f.Steward, a, "mise_en_service", new DateOnly(2020, 9, 15), new JsonObject { ["puissance_kw"] = 12000 });
        await f.UpdateRecordAsync(f.Steward, a, new JsonObject { ["puissance_max_installee_kw"] = 18000 }, new DateOnly(2023, 3, 1));
        await f.AddMeasureAsync(f.Steward, a, "production_annuelle_mwh", "2021", 25000);
        await f.AddMeasureAsync(f.Steward, a, "production_annuelle_mwh", "2022", 27000.5);
        // A name that needs quoting, no coordinates, another department.
        var solar = CollectFixture.Values("Centrale solaire du Causse, \"Les Bories\"", commune: "12202", departement: "12", filiere: "solaire",
            powerKw: 4500, latitude: null, longitude: null);
        var b = (await f.CreateRecordAsync(f.Admin, solar, new DateOnly(2022, 4, 1))).Record.Number;
        var c = (await f.CreateRecordAsync(f.Contributor, CollectFixture.Values("Méthaniseur de la Plaine", commune: "31069", filiere: "methanisation", powerKw: 500))).Record.Number;
        var d = (await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc en double", commune: "31100"), new DateOnly(2021, 1, 1))).Record.Number;
        await f.Run<RecordService>(s => s.RemoveAsync(f.Steward, f.Slug, d, "doublon", null));

        // Collection admins publish; stewards, contributors, outsiders and visitors do not.
        foreach (var who in new[] { f.Steward, f.Contributor, f.Outsider })
        {
            var refused = await Assert.ThrowsAsync<CatalogException>(() => f.Run<PublicationService, PublicationView>(s => s.PublishAsync(who, f.Slug)));
            Assert.Equal(Problem.Forbidden, refused.Problem);
        }
        var anonymous = await Assert.ThrowsAsync<CatalogException>(() => f.Run<PublicationService, PublicationView>(s => s.PublishAsync(Actor.Anonymous, f.Slug)));
        Assert.Equal(Problem.Unauthorized, anonymous.Problem);
        Assert.Null((await f.Run<PublicationService, PublicationView>(s => s.GetAsync(f.Slug))).Dataset);

        var view = await f.Run<PublicationService, PublicationView>(s => s.PublishAsync(f.Admin, f.Slug));
        Assert.NotNull(view.Dataset);
        Assert.NotNull(view.Pending);
        Assert.Equal(view.Dataset.Id, await f.Collect(db => db.Collections.Where(x => x.Slug == f.Slug).Select(x => x.DatasetId).FirstAsync()));
        await f.DrainJobsAsync();
        view = await f.Run<PublicationService, PublicationView>(s => s.GetAsync(f.Slug));
        Assert.Null(view.Pending);
        Assert.Equal(JobState.Succeeded, view.Last!.State);

        var dataset = await f.Run<DatasetService, Dataset>(s => s.GetAsync(view.Dataset!.Slug, Actor.Anonymous));
        Assert.Equal(DatasetStatus.Published, dataset.Status);
        Assert.Equal(f.Collection.Collection.Title, dataset.Title);
        Assert.Contains("registre-au-AAAA-12-31.csv", dataset.Description);
        Assert.Equal(f.Org.Id, dataset.OrganizationId);
        Assert.Equal("lov2", dataset.LicenseId);
        Assert.Contains("éolien", dataset.Keywords);
        Assert.Equal(new[] { "fr:region:76" }, dataset.Territories);
        Assert.Equal(new DateOnly(2019, 1, 1), dataset.TemporalStart);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), dataset.TemporalEnd);
        Assert.Equal("continuous", dataset.Frequency);
        var years = Enumerable.Range(Math.Max(2019, ThisYear - PublicationService.MaxSnapshots), ThisYear - Math.Max(2019, ThisYear - PublicationService.MaxSnapshots)).Reverse();
        Assert.Equal(Main.Concat(years.Select(y => $"registre-au-{y}-12-31.csv")), dataset.Resources.OrderBy(r => r.Position).Select(r => r.FileName));
        Assert.All(dataset.Resources, r => Assert.Equal("file", r.FileType));
        Assert.Equal("geojson", dataset.Resources.Single(r => r.FileName == "registre.geojson").Format);

        var register = await CsvAsync(f, dataset, "registre.csv");
        var schema = f.Collection.Definition.Schema;
        Assert.Equal(new[] { "numero" }.Concat(schema.Fields.Select(x => x.Name)).Append("etape"), register.Header);
        Assert.Equal(new[] { a, b, c }, register.Rows.Select(r => long.Parse(r["numero"], CultureInfo.InvariantCulture)));
        Assert.Equal("18000", register.Row(a)["puissance_max_installee_kw"]);
        Assert.Equal("en_service", register.Row(a)["etape"]);
        Assert.Equal("Centrale solaire du Causse, \"Les Bories\"", register.Row(b)["nom_installation"]);
        Assert.Equal("", register.Row(c)["etape"]);
        var published = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { PageSize = 100 }));
        foreach (var record in published.Items)
            foreach (var field in schema.Fields)
                Assert.Equal(record.Values.GetValueOrDefault(field.Name) ?? "", register.Row(record.Number)[field.Name]);

        // The register as it was on past year-ends: values and stage of then, records that did not exist yet left out,
        // a record withdrawn since still there.
        if (ThisYear - PublicationService.MaxSnapshots <= 2019)
        {
            var y2019 = await CsvAsync(f, dataset, "registre-au-2019-12-31.csv");
            Assert.Equal(new[] { a }, y2019.Numbers);
            Assert.Equal("instruction", y2019.Row(a)["etape"]);
        }
        var y2022 = await CsvAsync(f, dataset, "registre-au-2022-12-31.csv");
        Assert.Equal(register.Header, y2022.Header);
        Assert.Equal(new[] { a, b, d }, y2022.Numbers);
        Assert.Equal("12000", y2022.Row(a)["puissance_max_installee_kw"]);
        Assert.Equal("en_service", y2022.Row(a)["etape"]);
        var asOf = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { AsOf = new DateOnly(2022, 12, 31), PageSize = 100 }));
        Assert.Equal(asOf.Items.Select(r => r.Number), y2022.Numbers);
        var last = await CsvAsync(f, dataset, $"registre-au-{ThisYear - 1}-12-31.csv");
        Assert.Equal(new[] { a, b, d }, last.Numbers);
        Assert.Equal("18000", last.Row(a)["puissance_max_installee_kw"]);

        var events = await CsvAsync(f, dataset, "evenements.csv");
        Assert.Equal(new[] { "numero", "evenement", "libelle", "date", "etape", "champs", "source" }, events.Header);
        var permit = Assert.Single(events.Rows, r => r["evenement"] == "depot_permis");
        Assert.Equal(a.ToString(CultureInfo.InvariantCulture), permit["numero"]);
        Assert.Equal("2018-05-02", permit["date"]);
        Assert.Equal("instruction", permit["etape"]);
        Assert.Equal("autorisation_environnementale", JsonNode.Parse(permit["champs"])!["procedure_type"]!.GetValue<string>());
        Assert.Equal("saisie", permit["source"]);
        Assert.False(string.IsNullOrEmpty(permit["libelle"]));
        Assert.Equal(f.Collection.Definition.Event("depot_permis")!.Label.Fr, permit["libelle"]);
        Assert.Single(events.Rows, r => r["evenement"] == "mise_en_service" && r["date"] == "2020-09-15");

        var measures = await CsvAsync(f, dataset, "mesures.csv");
        Assert.Equal(new[] { "numero", "mesure", "periode", "valeur", "unite", "source" }, measures.Header);
        Assert.Equal(new[] { ("2021", "25000"), ("2022", "27000.5") },
            measures.Rows.Where(r => r["mesure"] == "production_annuelle_mwh").Select(r => (r["periode"], r["valeur"])));
        Assert.All(measures.Rows, r => Assert.Equal("MWh", r["unite"]));

        using var geo = JsonDocument.Parse(await TextAsync(f, dataset, "registre.geojson"));
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, features.Count);
        var farmPoint = features.Single(x => x.GetProperty("properties").GetProperty("numero").GetInt64() == a);
        Assert.Equal(new[] { 1.44, 43.6 }, farmPoint.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(18000, farmPoint.GetProperty("properties").GetProperty("puissance_max_installee_kw").GetDouble());
        Assert.Equal("en_service", farmPoint.GetProperty("properties").GetProperty("etape").GetString());
        Assert.Equal(JsonValueKind.Null, features.Single(x => x.GetProperty("properties").GetProperty("numero").GetInt64() == b).GetProperty("geometry").ValueKind);

        // The catalogue's DCAT export describes the files as distributions, downloadable.
        var turtle = await f.Run<DcatExport, string>(x => Task.FromResult(RdfWriter.Turtle(x.Dataset(dataset, "https://donnees.example.org"))));
        foreach (var r in dataset.Resources)
            Assert.Contains($"https://donnees.example.org/api/1/datasets/{dataset.Slug}/resources/{r.Id}/download", turtle);
        Assert.Contains("UPDATE_CONT", turtle);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_burst_of_changes_publishes_once_after_the_delay_in_the_same_resources(Db kind)
    {
        var clock = new TestClock();
        await using var f = await CollectFixture.CreateAsync(kind, clock);
        var a = (await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Parc éolien des Crêtes", powerKw: 12000), new DateOnly(2020, 6, 1))).Record.Number;
        // Not published yet: writes queue nothing.
        Assert.Equal(0, await QueuedAsync(f));
        var view = await f.Run<PublicationService, PublicationView>(s => s.PublishAsync(f.Admin, f.Slug));
        await f.DrainJobsAsync();
        var before = await f.Catalog(db => db.Resources.AsNoTracking().Where(r => r.Dataset!.Id == view.Dataset!.Id).ToListAsync());
        Assert.Equal(4 + (ThisYear - Math.Max(2020, ThisYear - PublicationService.MaxSnapshots)), before.Count);

        await f.UpdateRecordAsync(f.Steward, a, new JsonObject { ["puissance_max_installee_kw"] = 24000 });
        await f.AddEventAsync(f.Steward, a, "renouvellement", DateOnly.FromDateTime(DateTime.UtcNow));
        await f.AddMeasureAsync(f.Steward, a, "production_annuelle_mwh", (ThisYear - 1).ToString(CultureInfo.InvariantCulture), 31000);
        var b = (await f.CreateRecordAsync(f.Contributor, CollectFixture.Values("Centrale solaire du Lac", filiere: "solaire", powerKw: 4500))).Record.Number;
        Assert.Equal(1, await QueuedAsync(f));
        var job = await f.Catalog(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == PublicationService.JobKind && j.State == JobState.Queued));
        Assert.True(job.RunAfter > clock.GetUtcNow() + TimeSpan.FromSeconds(5));
        await f.DrainJobsAsync();
        Assert.Equal(1, await QueuedAsync(f)); // not due yet

        clock.Advance(PublicationService.Delay + TimeSpan.FromSeconds(1));
        await f.DrainJobsAsync();
        Assert.Equal(0, await QueuedAsync(f));
        var dataset = await f.Run<DatasetService, Dataset>(s => s.GetAsync(view.Dataset!.Slug, Actor.Anonymous));
        var after = dataset.Resources;
        Assert.Equal(before.Select(r => r.Id).Order(), after.Select(r => r.Id).Order());
        var register = await CsvAsync(f, dataset, "registre.csv");
        Assert.Equal(new[] { a, b }, register.Numbers);
        Assert.Equal("24000", register.Row(a)["puissance_max_installee_kw"]);
        Assert.NotEqual(before.Single(r => r.FileName == "registre.csv").Checksum, after.Single(r => r.FileName == "registre.csv").Checksum);
        Assert.Contains((await CsvAsync(f, dataset, "evenements.csv")).Rows, r => r["evenement"] == "renouvellement");
        Assert.Contains((await CsvAsync(f, dataset, "mesures.csv")).Rows, r => r["valeur"] == "31000");
        // The past did not change: the year-end snapshots are the same files, untouched.
        foreach (var old in before.Where(r => r.FileName!.StartsWith("registre-au-", StringComparison.Ordinal)))
        {
            var now = after.Single(r => r.Id == old.Id);
            Assert.Equal(old.Checksum, now.Checksum);
            Assert.Equal(old.UpdatedAt, now.UpdatedAt);
            Assert.Equal(old.BlobKey, now.BlobKey);
        }
        // Replaced files' old blobs are gone; the current ones are there.
        var blobs = f.Services.GetRequiredService<IBlobStore>();
        Assert.False(blobs.Exists(before.Single(r => r.FileName == "registre.csv").BlobKey!));
        Assert.All(after, r => Assert.True(blobs.Exists(r.BlobKey!)));
        // The CSV's table is (re)built by the catalogue's ingest job, as for any uploaded CSV.
        var ingested = "resource:" + after.Single(r => r.FileName == "registre.csv").Id;
        Assert.True(await f.Catalog(db => db.Jobs.AnyAsync(j => j.Kind == ResourceTable.IngestJob && j.Subject == ingested)));

        // A dataset deleted from the catalogue ends the publication; publishing again makes a new one.
        await f.Run<DatasetService>(s => s.DeleteAsync(f.Admin, dataset.Slug));
        await f.UpdateRecordAsync(f.Steward, a, new JsonObject { ["exploitant"] = "Vents du Sud" });
        clock.Advance(PublicationService.Delay + TimeSpan.FromSeconds(1));
        await f.DrainJobsAsync();
        Assert.Null(await f.Collect(db => db.Collections.Where(x => x.Slug == f.Slug).Select(x => x.DatasetId).FirstAsync()));
        await f.UpdateRecordAsync(f.Steward, a, new JsonObject { ["exploitant"] = "Vents du Nord" });
        Assert.Equal(0, await QueuedAsync(f));
        var again = await f.Run<PublicationService, PublicationView>(s => s.PublishAsync(f.Admin, f.Slug));
        Assert.NotEqual(dataset.Id, again.Dataset!.Id);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task An_import_commit_publishes_a_register_of_three_thousand_installations(Db kind)
    {
        var clock = new TestClock();
        await using var f = await CollectFixture.CreateAsync(kind, clock);
        await f.Run<PublicationService, PublicationView>(s => s.PublishAsync(f.Admin, f.Slug));
        await f.DrainJobsAsync();

        // The 2024 year-end export of about 3,000 connected installations (the rest are projects, not in the register).
        var installations = RenewablesGenerator.Generate(3750, seed: 11);
        var day = new DateOnly(2024, 12, 31);
        var csv = new MemoryStream();
        using (var w = new StreamWriter(csv, new UTF8Encoding(false), leaveOpen: true)) RenewablesGenerator.WriteOdreCsv(installations, day, w);
        csv.Position = 0;
        var batch = await f.Run<ImportService, ImportBatch>(s => s.CreateAsync(f.Steward, f.Slug, csv, "odre-2024.csv",
            new ImportRequest("odre-registre", null, null, day, null)));
        await f.DrainJobsAsync();
        await f.Run<ImportService, ImportBatch>(s => s.CommitAsync(f.Steward, f.Slug, batch.Id, skipInvalid: true));
        await f.DrainJobsAsync();
        Assert.Equal(ImportStatus.Committed, (await f.Run<ImportService, ImportBatch>(s => s.GetAsync(f.Slug, batch.Id))).Status);
        // The commit queued the publication, which waits for the delay (unless the commit outlasted it: then it ran).
        Assert.Equal(1, await f.Catalog(db => db.Jobs.CountAsync(j => j.Kind == PublicationService.JobKind && j.CreatedAt > batch.CreatedAt)));

        clock.Advance(PublicationService.Delay + TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        await f.DrainJobsAsync();
        watch.Stop();
        var job = await f.Catalog(db => db.Jobs.AsNoTracking().Where(j => j.Kind == PublicationService.JobKind && j.State == JobState.Succeeded)
            .OrderByDescending(j => j.FinishedAt).FirstAsync());
        var result = JsonNode.Parse(job.Result!)!;
        var records = await f.Collect(db => db.Records.CountAsync(r => !r.Removed));
        Assert.Equal(records, (int)result["records"]!.GetValue<long>());
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: publication of {records} records: {result["seconds"]} s in the job ({watch.Elapsed.TotalSeconds:0.00} s with the other due jobs)");
        var view = await f.Run<PublicationService, PublicationView>(s => s.GetAsync(f.Slug));
        var dataset = await f.Run<DatasetService, Dataset>(s => s.GetAsync(view.Dataset!.Slug, Actor.Anonymous));
        var register = await CsvAsync(f, dataset, "registre.csv");
        Assert.Equal(records, register.Rows.Count);
        var snapshot = await CsvAsync(f, dataset, "registre-au-2024-12-31.csv");
        Assert.Equal(records, snapshot.Rows.Count);
        Assert.Equal(register.Rows.Select(r => r["code_eic"]), snapshot.Rows.Select(r => r["code_eic"]));
        Assert.DoesNotContain(dataset.Resources, r => r.FileName == "registre-au-2023-12-31.csv");
        Assert.True((await CsvAsync(f, dataset, "mesures.csv")).Rows.Count > 0);
        Assert.True((await CsvAsync(f, dataset, "evenements.csv")).Rows.Count > 0);
        Assert.True(dataset.Territories.Count > 1);
    }

    private static Task<int> QueuedAsync(CollectFixture f) =>
        f.Catalog(db => db.Jobs.CountAsync(j => j.Kind == PublicationService.JobKind && j.State == JobState.Queued));

    private static async Task<string> TextAsync(CollectFixture f, Dataset d, string name)
    {
        var r = d.Resources.Single(x => x.FileName == name);
        await using var s = f.Services.GetRequiredService<IBlobStore>().OpenRead(r.BlobKey!);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<Csv> CsvAsync(CollectFixture f, Dataset d, string name) => Csv.Parse(await TextAsync(f, d, name));

    /// <summary>An RFC 4180 reading of the published CSVs, independent of the writer.</summary>
    private sealed record Csv(List<string> Header, List<Dictionary<string, string>> Rows)
    {
        public IEnumerable<long> Numbers => Rows.Select(r => long.Parse(r["numero"], CultureInfo.InvariantCulture));

        public Dictionary<string, string> Row(long number) => Rows.Single(r => r["numero"] == number.ToString(CultureInfo.InvariantCulture));

        public static Csv Parse(string text)
        {
            var lines = new List<List<string>>();
            var line = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var ch = text[i];
                if (quoted)
                {
                    if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (ch == '"') quoted = false;
                    else cell.Append(ch);
                }
                else if (ch == '"') quoted = true;
                else if (ch == ',') { line.Add(cell.ToString()); cell.Clear(); }
                else if (ch == '\n') { line.Add(cell.ToString()); cell.Clear(); lines.Add(line); line = []; }
                else cell.Append(ch);
            }
            Assert.Empty(line);
            var header = lines[0];
            Assert.All(lines, l => Assert.Equal(header.Count, l.Count));
            return new Csv(header, [.. lines.Skip(1).Select(l => header.Zip(l).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))]);
        }
    }
}
