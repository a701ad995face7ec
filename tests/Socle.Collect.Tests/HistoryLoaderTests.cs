using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Tests;
using Socle.Collect.Demo;
using Socle.Collect.Model;
using Socle.Collect.Records;

namespace Socle.Collect.Tests;

/// <summary>The demo's loader writes generated installations with their whole past, as the services would have.</summary>
public sealed class HistoryLoaderTests(ITestOutputHelper output)
{
    [Theory, InlineData(Db.Sqlite), InlineData(Db.Postgres)]
    public async Task Generated_installations_are_loaded_with_their_history_and_the_register_reads_as_of_any_year(Db kind)
    {
        await using var f = await CollectFixture.CreateAsync(kind);
        var watch = Stopwatch.StartNew();
        var installations = RenewablesGenerator.Generate(400, seed: 21, horizon: new DateOnly(2025, 12, 31));
        output.WriteLine($"generated in {watch.ElapsedMilliseconds} ms");
        var until = new DateOnly(2024, 12, 31);
        var loaded = await f.Collect(async db =>
        {
            var c = await db.Collections.AsNoTracking().SingleAsync();
            return await HistoryLoader.LoadAsync(db, c, f.Collection.Definition, installations, until, DateTimeOffset.UtcNow, CancellationToken.None);
        });
        output.WriteLine($"loaded in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(installations.Count(i => i.Versions[0].ValidFrom <= until), loaded);

        // Each year's end: the installations in service then are "en service" as of that day, with that day's power.
        foreach (var year in new[] { 2012, 2018, 2024 })
        {
            var day = new DateOnly(year, 12, 31);
            var page = await f.Run<RecordService, RecordPage>(s => s.ListAsync(f.Slug, new RecordQuery { AsOf = day, Stage = "en_service", PageSize = 1000 }));
            var expected = installations.Where(i => i.InServiceOn(day)).ToList();
            Assert.Equal(expected.Count, page.Total);
            var byName = page.Items.ToDictionary(r => r.Values["nom_installation"] + "|" + r.Values["code_insee_commune"]);
            foreach (var i in expected.Take(50))
            {
                var row = byName[i.ValueOn("nom_installation", day) + "|" + i.ValueOn("code_insee_commune", day)];
                Assert.Equal(i.ValueOn("puissance_max_installee_kw", day) is { } p ? RecordValues.Canonical(f.Collection.Definition.Schema.Fields[f.Collection.Definition.Schema.IndexOf("puissance_max_installee_kw")], p) : null,
                    row.Values.GetValueOrDefault("puissance_max_installee_kw"));
            }
        }
        var stats = await f.Run<StatsService, List<StatYear>>(s => s.OverTimeAsync(f.Slug, null, null, 2015, 2024));
        Assert.Equal(10, stats.Count);
        Assert.Equal(installations.Count(i => i.InServiceOn(new DateOnly(2020, 12, 31))),
            stats.Single(s => s.AsOf.Year == 2020).Cells.Where(c => c.Stage == "en_service").Sum(c => c.Count));
        output.WriteLine($"queried in {watch.ElapsedMilliseconds} ms");
        Assert.True(await f.Collect(db => db.Revisions.CountAsync()) > loaded);
        Assert.Equal(loaded + 1, (await f.Collect(db => db.Collections.SingleAsync())).NextNumber);
    }
}
