using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Services;
using Socle.Catalog.Tests;
using Socle.Collect.Demo;
using Socle.Collect.Imports;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Tests;

/// <summary>Files through a crosswalk: dry run, atomic commit, re-imports, other sources, conflicts, refusals.</summary>
public sealed class ImportTests
{
    private static readonly DateOnly End2022 = new(2022, 12, 31), End2023 = new(2023, 12, 31);

    private static byte[] Odre(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter();
        RenewablesGenerator.WriteOdreCsv(installations, asOf, w);
        return Encoding.UTF8.GetBytes(w.ToString());
    }

    private static byte[] Dreal(IEnumerable<GeneratedInstallation> installations, DateOnly asOf)
    {
        var w = new StringWriter();
        RenewablesGenerator.WriteDrealCsv(installations, asOf, w);
        return Encoding.UTF8.GetBytes(w.ToString());
    }

    /// <summary>Uploads a file, runs the dry run; returns the import as planned (or failed).</summary>
    private static async Task<ImportBatch> PlanAsync(CollectFixture f, Actor actor, byte[] file, string crosswalk, DateOnly validFrom, string name = "export.csv")
    {
        var batch = await f.Run<ImportService, ImportBatch>(s => s.CreateAsync(actor, f.Slug, new MemoryStream(file), name, new ImportRequest(crosswalk, null, null, validFrom, null)));
        await f.DrainJobsAsync();
        return await f.Run<ImportService, ImportBatch>(s => s.GetAsync(f.Slug, batch.Id));
    }

    private static async Task<ImportBatch> CommitAsync(CollectFixture f, ImportBatch batch, bool skipInvalid = false)
    {
        await f.Run<ImportService, ImportBatch>(s => s.CommitAsync(f.Steward, f.Slug, batch.Id, skipInvalid));
        await f.DrainJobsAsync();
        return await f.Run<ImportService, ImportBatch>(s => s.GetAsync(f.Slug, batch.Id));
    }

    private static Task<int> CountAsync<T>(CollectFixture f) where T : class => f.Collect(db => db.Set<T>().CountAsync());

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task The_odre_export_goes_in_through_its_crosswalk_and_a_later_year_keeps_the_earlier_one(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var installations = RenewablesGenerator.Generate(300, seed: 11, horizon: End2023);
        var first = await PlanAsync(f, f.Steward, Odre(installations, End2022), "odre-registre", End2022);
        Assert.Equal(ImportStatus.Planned, first.Status);
        var plan = ImportPlan.FromJson(first.Plan)!;
        var inService2022 = installations.Count(i => i.InServiceOn(End2022));
        Assert.Equal(inService2022, plan.Rows);
        Assert.Equal(inService2022, plan.New);
        Assert.Equal(0, plan.Errors + plan.Changed + plan.Unchanged);
        Assert.Equal(0, await CountAsync<CollectRecord>(f)); // a dry run writes nothing

        var committed = await CommitAsync(f, first);
        Assert.Equal(ImportStatus.Committed, committed.Status);
        var page = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { PageSize = 1000 }));
        Assert.Equal(inService2022, page.Total);
        // The commissioning date became the event, the stage follows; the year's energy became the 2022 measure.
        Assert.All(page.Items, r => Assert.Equal("en_service", r.Stage));
        var one = page.Items.First(r => r.Values.ContainsKey("energie_annuelle_glissante_produite_mwh"));
        var measures = await f.Run<RecordService, List<Measure>>(s => s.MeasuresAsync(f.Slug, one.Number, "production_annuelle_mwh"));
        Assert.Equal("2022", Assert.Single(measures).Period);
        Assert.Equal(double.Parse(one.Values["energie_annuelle_glissante_produite_mwh"], System.Globalization.CultureInfo.InvariantCulture), measures[0].Value);

        // The same file again: everything unchanged, nothing written.
        var again = await PlanAsync(f, f.Steward, Odre(installations, End2022), "odre-registre", End2022);
        Assert.Equal(inService2022, ImportPlan.FromJson(again.Plan)!.Unchanged);
        var revisions = await CountAsync<RecordRevision>(f);
        Assert.Equal(ImportStatus.Committed, (await CommitAsync(f, again)).Status);
        Assert.Equal(revisions, await CountAsync<RecordRevision>(f));

        // The next year's export: new installations, changed energies; the register as of 2022 is still 2022's.
        var next = await PlanAsync(f, f.Steward, Odre(installations, End2023), "odre-registre", End2023);
        var nextPlan = ImportPlan.FromJson(next.Plan)!;
        Assert.Equal(installations.Count(i => i.InServiceOn(End2023) && !i.InServiceOn(End2022)), nextPlan.New);
        Assert.True(nextPlan.Changed + nextPlan.Conflicting > 0);
        Assert.All(nextPlan.Samples.Where(s => s.Outcome == RowOutcome.Changed), s => Assert.NotEmpty(s.Changes!));
        await CommitAsync(f, next);
        var asOf2022 = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { AsOf = End2022, PageSize = 1000 }));
        Assert.Equal(inService2022, asOf2022.Total);
        var before = asOf2022.Items.First(r => r.Number == one.Number);
        Assert.Equal(one.Values["energie_annuelle_glissante_produite_mwh"], before.Values["energie_annuelle_glissante_produite_mwh"]);
        Assert.Equal(2, (await f.Run<RecordService, List<Measure>>(s => s.MeasuresAsync(f.Slug, one.Number, "production_annuelle_mwh"))).Count);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_second_source_is_matched_without_identifier_and_its_disagreements_wait_for_a_steward(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var installations = RenewablesGenerator.Generate(400, seed: 12, horizon: End2023);
        await CommitAsync(f, await PlanAsync(f, f.Steward, Odre(installations, End2023), "odre-registre", End2023));
        var records = await CountAsync<CollectRecord>(f);

        // The DREAL's wind permits: no EIC code, power in MW; matched by name and commune (or distance).
        var dreal = await PlanAsync(f, f.Steward, Dreal(installations, End2023), "dreal-eolien", End2023.AddDays(1), "permis.csv");
        Assert.Equal(ImportStatus.Planned, dreal.Status);
        var plan = ImportPlan.FromJson(dreal.Plan)!;
        Assert.Equal(0, plan.Errors);
        Assert.True(plan.Changed + plan.Conflicting > 0, $"{plan.New} new, {plan.Changed} changed, {plan.Conflicting} conflicting");
        await CommitAsync(f, dreal);
        // Installations in service were matched, not duplicated: only projects not yet built are new.
        Assert.Equal(records + plan.New, await CountAsync<CollectRecord>(f));
        var sample = plan.Samples.FirstOrDefault(s => s.Outcome == RowOutcome.Changed && s.Record is not null);
        if (sample is not null)
        {
            var view = await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, sample.Record!.Value));
            Assert.Equal(["dreal", "odre"], view.Sources.Keys);
        }

        // A disagreement on a field: listed, priority publishes one value, a steward keeps the other.
        var n = (await CountAsync<CollectRecord>(f)) > 0 ? (await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { PageSize = 1 }))).Items[0].Number : 0;
        await f.UpdateRecordAsync(f.Steward, n, new JsonObject { ["exploitant"] = "Exploitant selon la DREAL" }, End2023.AddDays(2), source: "dreal");
        await f.UpdateRecordAsync(f.Steward, n, new JsonObject { ["exploitant"] = "Exploitant selon ODRÉ" }, End2023.AddDays(2), source: "odre");
        var conflicts = await f.Run<ConflictService, ConflictPage>(s => s.ListAsync(f.Slug, ConflictStatus.Open, "exploitant"));
        var conflict = Assert.Single(conflicts.Items);
        Assert.Equal(n, conflict.Record);
        Assert.Equal("Exploitant selon la DREAL", conflict.Values["dreal"]);
        var published = conflict.Published;
        var keep = published == "Exploitant selon ODRÉ" ? "dreal" : "odre";
        var resolved = await f.Run<ConflictService, ConflictView>(s => s.ResolveAsync(f.Steward, f.Slug, conflict.Conflict.Id, new JsonObject { ["source"] = keep, ["comment"] = "vérifié sur l'arrêté" }));
        Assert.Equal(ConflictStatus.Resolved, resolved.Conflict.Status);
        var after = await f.Run<RecordService, RecordView>(s => s.GetAsync(f.Slug, n));
        Assert.Equal(conflict.Values[keep], after.Values["exploitant"]);
        Assert.Equal(Consolidation.Arbitration, after.Provenance["exploitant"]);
        Assert.Equal(Consolidation.Arbitration, after.Revision.Source);
        Assert.Equal("vérifié sur l'arrêté", after.Revision.Comment);
        // Contributors do not settle disagreements; a settled one is not settled twice.
        await Assert.ThrowsAsync<CatalogException>(() => f.Run<ConflictService, ConflictView>(s => s.ResolveAsync(f.Steward, f.Slug, conflict.Conflict.Id, new JsonObject { ["source"] = "odre" })));
        Assert.Empty((await f.Run<ConflictService, ConflictPage>(s => s.ListAsync(f.Slug, ConflictStatus.Open, "exploitant"))).Items);
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Bad_files_are_refused_with_their_reasons_and_change_nothing(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var installations = RenewablesGenerator.Generate(120, seed: 13, horizon: End2022);
        var csv = Encoding.UTF8.GetString(Odre(installations, End2022));

        // A column the crosswalk needs is missing: the import fails saying which, and what the file has.
        var lines = csv.Split('\n');
        var header = lines[0].Split(';');
        var dropped = Array.IndexOf(header, "nomInstallation");
        var without = string.Join('\n', lines.Select(l => string.Join(';', l.Split(';').Where((_, i) => i != dropped))));
        var failed = await PlanAsync(f, f.Steward, Encoding.UTF8.GetBytes(without), "odre-registre", End2022);
        Assert.Equal(ImportStatus.Failed, failed.Status);
        Assert.Contains("nomInstallation", failed.Error);
        Assert.Equal(0, await CountAsync<CollectRecord>(f));

        // A sector code outside the code list: an error row; the commit is refused unless told to leave such rows out.
        var bad = csv.Replace(";EOLIE;", ";VENT;");
        var planned = await PlanAsync(f, f.Steward, Encoding.UTF8.GetBytes(bad), "odre-registre", End2022);
        var plan = ImportPlan.FromJson(planned.Plan)!;
        Assert.True(plan.Errors > 0);
        var error = plan.Samples.First(s => s.Outcome == RowOutcome.Error);
        var message = error.Errors![0].Message("fr", error.Row);
        Assert.Contains("VENT", message);
        var refused = await Assert.ThrowsAsync<CatalogException>(() => f.Run<ImportService, ImportBatch>(s => s.CommitAsync(f.Steward, f.Slug, planned.Id, false)));
        Assert.Equal(Problem.Conflict, refused.Problem);
        Assert.Equal(0, await CountAsync<CollectRecord>(f));
        var partial = await CommitAsync(f, planned, skipInvalid: true);
        Assert.Equal(ImportStatus.Committed, partial.Status);
        Assert.Equal(plan.New, await CountAsync<CollectRecord>(f));

        // Contributors do not import.
        var forbidden = await Assert.ThrowsAsync<CatalogException>(() => f.Run<ImportService, ImportBatch>(s =>
            s.CreateAsync(f.Contributor, f.Slug, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x.csv", new ImportRequest("odre-registre", null, null, End2022, null))));
        Assert.Equal(Problem.Forbidden, forbidden.Problem);
        var unknown = await Assert.ThrowsAsync<CatalogException>(() => f.Run<ImportService, ImportBatch>(s =>
            s.CreateAsync(f.Steward, f.Slug, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x.csv", new ImportRequest("inconnue", null, null, End2022, null))));
        Assert.Contains(unknown.Errors, e => e.Field == "crosswalk");
    }

    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task A_commit_that_fails_halfway_leaves_nothing_and_a_moved_register_is_planned_again(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var installations = RenewablesGenerator.Generate(150, seed: 14, horizon: End2022);
        var file = Odre(installations, End2022);

        // The register moves between the dry run and the commit: the commit plans again and waits for the steward.
        var planned = await PlanAsync(f, f.Steward, file, "odre-registre", End2022);
        await f.CreateRecordAsync(f.Steward, CollectFixture.Values("Saisie entre-temps"));
        var replanned = await CommitAsync(f, planned);
        Assert.Equal(ImportStatus.Planned, replanned.Status);
        Assert.Contains("collect.import.replanned", replanned.Error);
        Assert.Equal(1, await CountAsync<CollectRecord>(f));

        // A failure in the middle of the writes (here a record number taken behind the import's back): all rolled back.
        await f.Collect(async db =>
        {
            var c = await db.Collections.SingleAsync();
            db.Records.Add(new CollectRecord { CollectionId = c.Id, Number = c.NextNumber + 5, Values = "{}", Provenance = "{}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var revisions = await CountAsync<RecordRevision>(f);
        var broken = await CommitAsync(f, replanned);
        Assert.Equal(ImportStatus.Planned, broken.Status);
        Assert.Contains("collect.import.commit-failed", broken.Error);
        Assert.Equal(2, await CountAsync<CollectRecord>(f));
        Assert.Equal(revisions, await CountAsync<RecordRevision>(f));
        Assert.Equal(0, await f.Collect(db => db.Events.CountAsync()));
        Assert.Equal(0, await f.Collect(db => db.Measures.CountAsync()));
    }
}
