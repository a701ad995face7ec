using System.Text.Json.Nodes;
using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Services;

namespace Socle.Catalog.Tests.Catalog;

/// <summary>
/// Search as a reuser sees it. Both subclasses assert the very same ordered results, so SQLite and PostgreSQL
/// match and rank identically.
/// </summary>
public abstract class SearchTests(Db kind) : IAsyncLifetime
{
    protected CatalogFixture F = null!;

    public async ValueTask InitializeAsync()
    {
        F = await CatalogFixture.CreateAsync(kind);
        await F.PublishedAsync("Qualité de l'air à Toulouse");
        await F.PublishedAsync("Pollens et allergies", "air");
        var eau = F.DatasetBody("Nitrates dans les eaux souterraines", "eau");
        eau["description"] = "Concentrations en nitrates mesurées dans les nappes phréatiques ; utile pour l'eau potable et la qualité des rivières.";
        eau["license"] = "odc-odbl";
        eau["tags"] = new JsonArray("nitrates", "agriculture");
        await Publish(eau);
        var rivers = F.DatasetBody("River water quality", "eau");
        rivers["description"] = "Water quality measurements of French rivers: temperature, oxygen, nitrates. Published in English for reusers.";
        await Publish(rivers);
        await F.PublishedAsync("Sols pollués", "sols");
        await F.CreateAsync(F.Editor, F.DatasetBody("Air intérieur des écoles (brouillon)")); // a draft: never found
    }

    private async Task Publish(JsonObject body)
    {
        var d = await F.CreateAsync(F.Editor, body);
        await F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, d.Slug, "publish", null));
    }

    public ValueTask DisposeAsync() => F.DisposeAsync();

    private Task<SearchResult> Search(string? q, Dictionary<string, string[]>? filters = null, string? sort = null) =>
        F.Run<SearchService, SearchResult>(s => s.SearchAsync(new SearchQuery { Q = q, Filters = filters ?? [], Sort = sort }));

    private static List<string> Titles(SearchResult r) => r.Hits.Select(h => h.Dataset.Title).ToList();

    [Fact]
    public async Task Accents_elision_plurals_and_case_do_not_matter()
    {
        foreach (var q in new[] { "qualite de l air", "QUALITÉ", "l'eau", "eaux", "nitrate" })
            Assert.NotEmpty((await Search(q)).Hits);
        Assert.Equal(["Nitrates dans les eaux souterraines", "River water quality"], Titles(await Search("nitrates")));
        // "rivers" meets the English stem of "rivières" too: a bilingual catalogue wants both.
        Assert.Equal(["River water quality", "Nitrates dans les eaux souterraines"], Titles(await Search("rivers")));
    }

    [Fact]
    public async Task Titles_rank_above_descriptions_then_quality_breaks_ties()
    {
        var r = await Search("qualité");
        // In a title (4) and in a label of its concept, "qualité de l'air" (2); "quality" in a title (4, the English
        // form); "Pollens", through its concept's synonym only (2); in a description only (1).
        Assert.Equal("Qualité de l'air à Toulouse", r.Hits[0].Dataset.Title);
        Assert.Equal(r.Hits.Select(h => h.Score).OrderDescending(), r.Hits.Select(h => h.Score));
        Assert.Equal(["Qualité de l'air à Toulouse", "River water quality", "Pollens et allergies", "Nitrates dans les eaux souterraines"], Titles(r));
        Assert.Equal([6, 4, 2, 1], r.Hits.Select(h => h.Score));
    }

    [Fact]
    public async Task A_vocabulary_synonym_finds_datasets_tagged_with_its_concept()
    {
        // Nobody wrote "atmosphère": the GD4H environment "air" has it as a synonym.
        var r = await Search("atmosphère");
        Assert.Equal(["Pollens et allergies", "Qualité de l'air à Toulouse"], Titles(r).Order().ToList());
        Assert.Equal(["Nitrates dans les eaux souterraines", "River water quality"], Titles(await Search("hydrologie")).Order().ToList());
    }

    [Fact]
    public async Task Facets_count_the_matching_datasets_and_filters_narrow_them()
    {
        var all = await Search(null);
        Assert.Equal(5, all.Total);
        Assert.Equal(new FacetValue("air", 2), all.Facets["environment"].Single(v => v.Value == "air"));
        Assert.Equal(new FacetValue("eau", 2), all.Facets["environment"].Single(v => v.Value == "eau"));
        Assert.Equal(5, all.Facets["organization"].Single().Count);
        Assert.Contains(new FacetValue("odc-odbl", 1), all.Facets["license"]);

        var eau = await Search(null, new() { ["environment"] = ["eau"] });
        Assert.Equal(2, eau.Total);
        var odbl = await Search(null, new() { ["environment"] = ["eau"], ["license"] = ["odc-odbl"] });
        Assert.Equal(["Nitrates dans les eaux souterraines"], Titles(odbl));
        var either = await Search(null, new() { ["environment"] = ["eau", "sols"] });
        Assert.Equal(3, either.Total);
    }

    [Fact]
    public async Task Snippets_mark_the_words_found_and_escape_the_rest()
    {
        var r = await Search("potable");
        // Both: one says "eau potable" in its description, the other is tagged "eau", whose synonyms include it.
        Assert.Equal(2, r.Total);
        Assert.Contains("<mark>potable</mark>", r.Hits.Single(h => h.Dataset.Title.StartsWith("Nitrates")).Snippet);
        var title = (await Search("toulouse")).Hits.Single().TitleHtml;
        Assert.Equal("Qualité de l&#39;air à <mark>Toulouse</mark>", title.Replace("&#x27;", "&#39;"));
    }

    [Fact]
    public async Task Sorts_pages_and_bad_parameters()
    {
        var byTitle = await Search(null, sort: "title");
        Assert.Equal(Titles(byTitle).Order(StringComparer.Ordinal).ToList(), Titles(byTitle));
        var page2 = await F.Run<SearchService, SearchResult>(s => s.SearchAsync(new SearchQuery { Sort = "title", Page = 2, PageSize = 2 }));
        Assert.Equal(Titles(byTitle).Skip(2).Take(2), Titles(page2));
        Assert.Empty((await Search("de la")).Hits); // only stop words: nothing, not everything
        var e = await Assert.ThrowsAsync<CatalogException>(() => Search(null, sort: "random"));
        Assert.Equal("sort", Assert.Single(e.Errors).Field);
        var f = await Assert.ThrowsAsync<CatalogException>(() => Search(null, new() { ["colour"] = ["blue"] }));
        Assert.Equal("colour", Assert.Single(f.Errors).Field);
    }

    [Fact]
    public async Task A_deleted_dataset_leaves_results_and_facet_counts()
    {
        Assert.Equal(2, (await Search(null)).Facets["environment"].Single(v => v.Value == "eau").Count);
        await F.Run<DatasetService>(s => s.DeleteAsync(F.Editor, "river-water-quality"));
        var after = await Search(null);
        Assert.Equal(4, after.Total);
        Assert.Equal(1, after.Facets["environment"].Single(v => v.Value == "eau").Count);
        Assert.Empty((await Search("rivers", new() { ["license"] = ["lov2"] })).Hits);
    }

    [Fact]
    public async Task Search_follows_edits_and_unpublishing()
    {
        Assert.Empty((await Search("ozone")).Hits);
        var slug = (await Search("sols")).Hits.Single().Dataset.Slug;
        Assert.Equal("sols-pollues", slug);
        await F.Run<DatasetService, Dataset>(s => s.UpdateAsync(F.Editor, "sols-pollues", new JsonObject { ["title"] = "Ozone et sols" }));
        Assert.Equal(["Ozone et sols"], Titles(await Search("ozone")));
        await F.Run<DatasetService, Dataset>(s => s.TransitionAsync(F.Editor, "sols-pollues", "unpublish", null));
        Assert.Empty((await Search("ozone")).Hits);
    }
}

public sealed class SearchTestsSqlite() : SearchTests(Db.Sqlite);
public sealed class SearchTestsPostgres() : SearchTests(Db.Postgres);
