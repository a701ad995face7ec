using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Services;

namespace Socle.Catalog.Tests.Demo;

/// <summary>One demo catalogue, seeded once for the tests of <see cref="DemoCatalogTests"/> (SQLite).</summary>
public sealed class DemoCatalogFixture : IAsyncLifetime
{
    private TestDatabase? database;

    public ServiceProvider Services { get; private set; } = null!;
    public bool Created { get; private set; }
    public List<string> Progress { get; } = [];

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(Db.Sqlite);
        var services = new ServiceCollection().AddLogging();
        services.AddSocleCatalog(new CatalogOptions { DataFolder = database.DataFolder, Database = database.Options, Profile = "gd4h" });
        Services = services.BuildServiceProvider();
        await CatalogModule.MigrateAsync(Services, TestContext.Current.CancellationToken);
        Created = await DemoCatalog.SeedAsync(Services, new SyncProgress(Progress), "fr", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants the lines in order, at once.</summary>
    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}

/// <summary>What a newcomer sees after <c>socle serve --demo</c>.</summary>
public sealed class DemoCatalogTests(DemoCatalogFixture demo) : IClassFixture<DemoCatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> f)
    {
        await using var scope = demo.Services.CreateAsyncScope();
        return await f(scope.ServiceProvider);
    }

    private Task<T> DbAsync<T>(Func<CatalogDb, Task<T>> f) => WithAsync(s => f(s.GetRequiredService<CatalogDb>()));

    [Fact]
    public async Task The_catalogue_is_created_with_its_progress_told_in_the_users_language()
    {
        Assert.True(demo.Created);
        Assert.True(demo.Progress.Count >= 4);
        Assert.All(demo.Progress, line => Assert.DoesNotContain("demo.", line));
        Assert.StartsWith("Création du catalogue de démonstration", demo.Progress[0]);
        Assert.Contains("valides", demo.Progress[^1]);
        var admin = await WithAsync(s => s.GetRequiredService<AccountService>().CheckPasswordAsync(DemoCatalog.AdminEmail, DemoCatalog.Password, Ct));
        Assert.NotNull(admin);
        Assert.True(admin.IsAdmin);
    }

    [Fact]
    public async Task Many_datasets_are_published_by_several_organisations_over_the_GD4H_environments()
    {
        var result = await WithAsync(s => s.GetRequiredService<SearchService>().SearchAsync(new SearchQuery { PageSize = 100 }, Ct));
        Assert.True(result.Total >= 45, $"{result.Total} published datasets");
        Assert.True(result.Facets["organization"].Count >= 5);
        Assert.All(result.Facets["organization"], o => Assert.EndsWith("-demo", o.Value));
        var environments = result.Facets["environment"];
        Assert.True(environments.Count >= 4);
        Assert.True(environments.All(e => e.Count >= 3), string.Join(", ", environments));
        // Facets look real: several values, uneven counts.
        Assert.True(result.Facets["nature"].Count >= 4);
        Assert.True(result.Facets["license"].Count >= 3);
        Assert.True(result.Facets["frequency"].Count >= 5);
        Assert.True(result.Facets["territory"].Count >= 5);
        var organizations = await DbAsync(db => db.Organizations.ToListAsync(Ct));
        Assert.All(organizations, o => Assert.Contains("(démo)", o.Name));
    }

    [Fact]
    public async Task Files_bound_to_a_schema_are_validated_and_only_the_deliberately_spoiled_ones_are_invalid()
    {
        var resources = await DbAsync(db => db.Resources.AsNoTracking().ToListAsync(Ct));
        var bound = resources.Where(r => r.Schema is not null).ToList();
        Assert.True(bound.Count >= 6);
        Assert.All(bound, r => Assert.StartsWith("demo/", r.Schema));
        Assert.All(bound, r => Assert.True(r.ValidationStatus is ValidationStatus.Valid or ValidationStatus.Invalid, $"{r.Title}: {r.ValidationStatus} {r.ValidationError}"));
        Assert.All(bound, r => Assert.Equal(r.Checksum, r.ValidatedChecksum));
        Assert.Equal(
            ["Analyses 2024", "Mesures journalières – 3e trimestre 2025 (provisoires)", "Nitrates – cours d'eau 2023-2025"],
            bound.Where(r => r.ValidationStatus == ValidationStatus.Invalid).Select(r => r.Title).Order(StringComparer.Ordinal));
        var spoiled = bound.Single(r => r.Title == "Nitrates – cours d'eau 2023-2025");
        var report = JsonNode.Parse(spoiled.ValidationReport!)!.ToJsonString();
        Assert.Contains("2024-02-30", report);

        Assert.Contains(resources, r => r.Type == ResourceTypes.Documentation && r.Format == "md");
        Assert.Contains(resources, r => r.Type == ResourceTypes.Documentation && r.Format == "txt");
        Assert.True(resources.Count(r => r.Format == "csv") >= 50);
        Assert.All(resources, r => Assert.True(r.Size > 0));
    }

    [Fact]
    public async Task Quality_scores_vary()
    {
        var scores = await DbAsync(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => d.Quality).ToListAsync(Ct));
        Assert.True(scores.Distinct().Count() >= 3, string.Join(", ", scores.Distinct()));
        Assert.Contains(scores, s => s == 100);
        Assert.Contains(scores, s => s < 80);
    }

    [Fact]
    public async Task The_workflow_shows_drafts_proposals_a_rejection_edits_and_comments()
    {
        var datasets = await DbAsync(db => db.Datasets.AsNoTracking().ToListAsync(Ct));
        Assert.Contains(datasets, d => d.Status == DatasetStatus.Draft);
        var proposed = datasets.Where(d => d.Status == DatasetStatus.Proposed).ToList();
        Assert.True(proposed.Count >= 2);
        Assert.Contains(proposed, d => d.OrganizationId is null);
        var rejected = Assert.Single(datasets, d => d.Status == DatasetStatus.Rejected);
        Assert.False(string.IsNullOrWhiteSpace(rejected.ReviewNote));

        var revisions = await DbAsync(db => db.Revisions.GroupBy(r => r.DatasetKey).Select(g => g.Count()).ToListAsync(Ct));
        Assert.Contains(revisions, n => n > 1);
        Assert.Contains(revisions, n => n >= 3); // created, published, then edited
        var edited = datasets.Single(d => d.Title == "Nitrates dans les cours d'eau du bassin Garonne-Pyrénées");
        var history = await WithAsync(s => s.GetRequiredService<DatasetService>().RevisionsAsync(Actor.Anonymous, edited.Slug, Ct));
        Assert.Contains("title", history[0].Changes);
        Assert.True(await DbAsync(db => db.Comments.CountAsync(Ct)) >= 5);
    }

    [Fact]
    public async Task Searching_for_air_quality_finds_air_datasets()
    {
        var result = await WithAsync(s => s.GetRequiredService<SearchService>().SearchAsync(new SearchQuery { Q = "qualité de l'air" }, Ct));
        Assert.True(result.Total >= 10, $"{result.Total} hits");
        Assert.All(result.Hits.Take(10), h => Assert.Contains("air", h.Dataset.Extras["environment"]!.AsArray().Select(v => v!.GetValue<string>())));
    }

    [Fact]
    public async Task The_algorithm_register_has_eight_published_entries_among_them_Socles_own_and_one_draft()
    {
        Assert.Contains("Registre des algorithmes : 9 fiches.", demo.Progress);
        var entries = await DbAsync(db => db.Algorithms.AsNoTracking().Include(a => a.Organization).ToListAsync(Ct));
        Assert.Equal(9, entries.Count);
        Assert.Equal(8, entries.Count(a => a.Status == DatasetStatus.Published));
        var draft = Assert.Single(entries, a => a.Status != DatasetStatus.Published);
        Assert.Equal(DatasetStatus.Draft, draft.Status);
        Assert.StartsWith("Présélection des dossiers", draft.Name);
        Assert.Equal("region-occitanie-demo", draft.Organization!.Slug);
        foreach (var slug in new[] { "socle-classement-recherche", "socle-score-qualite" })
        {
            var own = Assert.Single(entries, a => a.Slug == slug);
            Assert.Equal(DatasetStatus.Published, own.Status);
            Assert.Equal(["data-services"], own.Fields["theme"]!.AsArray().Select(t => t!.GetValue<string>()));
        }

        // Searchable with facets that show the register's variety.
        var result = await WithAsync(s => s.GetRequiredService<AlgorithmSearch>().SearchAsync(new AlgorithmQuery(), Ct));
        Assert.Equal(8, result.Total);
        Assert.Equal(["automated", "decision-support"], result.Facets["automation"].Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["machine-learning", "mixed", "rules"], result.Facets["algorithm_type"].Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["in-development", "in-use", "retired"], result.Facets["lifecycle"].Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.True(result.Facets["organization"].Count >= 5);
        var creches = await WithAsync(s => s.GetRequiredService<AlgorithmSearch>().SearchAsync(new AlgorithmQuery { Q = "creche" }, Ct));
        Assert.Equal("Attribution des places en crèche municipale", creches.Hits[0].Algorithm.Name);

        // Exportable: the CSV has the published entries, not the draft.
        var csv = new StringWriter();
        await WithAsync(async s =>
        {
            await s.GetRequiredService<AlgorithmExports>().RegisterCsvAsync(csv, result, Ct);
            return 0;
        });
        var lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("Présélection des dossiers"));
    }

    [Fact]
    public async Task Entries_of_the_demo_register_link_published_catalogue_datasets()
    {
        var specs = DemoAlgorithms.Entries().Where(e => e!["datasets"] is not null).ToList();
        Assert.True(specs.Count >= 3);
        await WithAsync(async s =>
        {
            var algorithms = s.GetRequiredService<AlgorithmService>();
            foreach (var spec in specs)
            {
                var name = spec!["body"]!["name"]!.GetValue<string>();
                var entry = await s.GetRequiredService<CatalogDb>().Algorithms.AsNoTracking().SingleAsync(a => a.Name == name, Ct);
                // As a reader sees them: every link resolves to a published dataset, in the file's order.
                var linked = await algorithms.DatasetsAsync(entry, Actor.Anonymous, Ct);
                Assert.Equal(spec["datasets"]!.AsArray().Select(d => d!.GetValue<string>()), linked.Select(d => d.Slug));
                Assert.All(linked, d => Assert.True(d.Published, d.Slug));
            }
            return 0;
        });
    }

    [Fact]
    public async Task The_creche_entry_has_the_history_of_a_contributors_proposal_published_then_edited()
    {
        var history = await WithAsync(async s =>
        {
            var slug = (await s.GetRequiredService<CatalogDb>().Algorithms.SingleAsync(a => a.Name == "Attribution des places en crèche municipale", Ct)).Slug;
            return await s.GetRequiredService<AlgorithmService>().RevisionsAsync(Actor.Anonymous, slug, Ct);
        });
        // Newest first: Camille's edit, Camille's publication, Louis's proposal, Louis's creation.
        Assert.Equal([4, 3, 2, 1], history.Select(r => r.Number));
        Assert.Equal(["Camille Martin", "Camille Martin", "Louis Bernard", "Louis Bernard"], history.Select(r => r.AuthorName));
        string[] Changed(int i) => [.. JsonNode.Parse(history[i].Changes)!.AsArray().Select(c => c!["field"]!.GetValue<string>())];
        Assert.Equal(["fields.decisions_per_year"], Changed(0));
        Assert.Equal(["status"], Changed(1));
        Assert.Equal(["status"], Changed(2));
        Assert.Contains("name", Changed(3));
        Assert.Equal(2600, JsonNode.Parse(history[0].Snapshot)!["fields"]!["decisions_per_year"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_seed_does_nothing()
    {
        async Task<(int, int, int, int, int, int)> CountsAsync() => await DbAsync(async db => (
            await db.Datasets.CountAsync(Ct), await db.Resources.CountAsync(Ct), await db.Revisions.CountAsync(Ct),
            await db.Users.CountAsync(Ct), await db.Organizations.CountAsync(Ct), await db.Comments.CountAsync(Ct)));
        var before = await CountsAsync();
        Assert.False(await DemoCatalog.SeedAsync(demo.Services, null, "en", Ct));
        Assert.Equal(before, await CountsAsync());
    }
}

/// <summary><c>socle serve --demo --profile dcat-ap</c>: the GD4H fields are left out, the rest is the same demo.</summary>
public sealed class DemoCatalogOtherProfileTests
{
    [Fact]
    public async Task The_demo_seeds_under_the_DCAT_AP_profile_too()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var services = new ServiceCollection().AddLogging();
        services.AddSocleCatalog(new CatalogOptions { DataFolder = database.DataFolder, Database = database.Options, Profile = "dcat-ap" });
        await using var provider = services.BuildServiceProvider();
        await CatalogModule.MigrateAsync(provider, ct);

        Assert.True(await DemoCatalog.SeedAsync(provider, null, "en", ct));

        await using var scope = provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchQuery { PageSize = 1 }, ct);
        Assert.True(result.Total >= 45);
        var extras = await scope.ServiceProvider.GetRequiredService<CatalogDb>().Datasets.Select(d => d.Extras).ToListAsync(ct);
        Assert.Contains(extras, e => e.ContainsKey("spatial_resolution"));
        Assert.DoesNotContain(extras, e => e.ContainsKey("environment"));
    }
}

/// <summary>The generated files, without a database.</summary>
public sealed class DemoTablesTests
{
    private static GeneratedTable Generate(string template, int seed = 2026, int months = 3)
    {
        var world = DemoWorld.Load();
        return new DemoTables(world, new Random(seed)).Generate(
            new TableRequest(template, new DateOnly(2025, 1, 1), new DateOnly(2025, months, 1).AddMonths(1).AddDays(-1), world.PlacesIn(["fr:region:76"])));
    }

    [Fact]
    public void The_same_seed_gives_the_same_file()
    {
        Assert.Equal(Generate("air-quotidien").ToCsv(), Generate("air-quotidien").ToCsv());
        Assert.NotEqual(Generate("air-quotidien").ToCsv(), Generate("air-quotidien", seed: 1).ToCsv());
    }

    [Fact]
    public void Every_template_generates_a_bounded_table_with_documented_columns()
    {
        var world = DemoWorld.Load();
        foreach (var (name, _) in world.Tables.Where(t => !t.Key.StartsWith('$')))
        {
            var table = Generate(name, months: 12);
            Assert.InRange(table.Rows.Count, 1, DemoTables.MaxRows);
            Assert.All(table.Rows, row => Assert.Equal(table.Header.Length, row.Length));
            Assert.All(table.Descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d), name));
        }
    }

    [Fact]
    public void A_measure_follows_its_season()
    {
        var table = Generate("air-quotidien");
        var col = Array.IndexOf(table.Header, "valeur");
        var pollutant = Array.IndexOf(table.Header, "polluant");
        double Mean(string p) => table.Rows.Where(r => r[pollutant] == p).Average(r => double.Parse(r[col], System.Globalization.CultureInfo.InvariantCulture));
        // Winter: ozone well above NO2 on average, NO2 and PM10 plausible.
        Assert.InRange(Mean("NO2"), 10, 45);
        Assert.InRange(Mean("PM10"), 10, 35);
        Assert.InRange(Mean("O3"), 30, 90);
    }
}
