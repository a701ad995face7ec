using System.Text.RegularExpressions;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Model;
using Socle.Catalog.Quality;
using Socle.Catalog.Search;

namespace Socle.Catalog.Tests.Algorithms;

/// <summary>
/// Socle publishes its own two algorithms in the demo register. These tests keep those entries true to the code: change
/// a quality criterion or a ranking weight without updating the entry (Resources/demo/algorithms.json), and they fail.
/// </summary>
public sealed partial class OwnEntriesTests
{
    private static string Operations(string key) =>
        DemoAlgorithms.Entries().Single(e => e!["key"]!.GetValue<string>() == key)!["body"]!["fields"]!["operations"]!.GetValue<string>();

    [Fact]
    public void The_quality_score_entry_lists_exactly_the_criteria_the_code_scores()
    {
        var text = Operations("socle-quality-score");
        // Table rows "| label | `id` | rule |": the identifiers, in the entry's order.
        var listed = CriterionRow().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(QualityScorer.CriterionIds, listed);
        Assert.Contains($"au moins {QualityScorer.MinDescriptionLength} caractères", text);
        Assert.Contains($"{QualityScorer.CriterionIds.Count} critères alors, {QualityScorer.CriterionIds.Count - 1} sinon", text);
    }

    [Fact]
    public void The_criteria_list_is_what_the_scorer_reports()
    {
        // The list the entry is checked against must itself be the scorer's: a dataset with a schema-bound resource gets all.
        var d = new Dataset { Slug = "x", Title = "x", UpdatedAt = DateTimeOffset.UnixEpoch };
        var report = QualityScorer.Score(d, BuiltInLicenses.All[0], [new Resource { Title = "t", Schema = "s", FileType = "file" }], DateTimeOffset.UnixEpoch);
        Assert.Equal(QualityScorer.CriterionIds, report.Criteria.Select(c => c.Id));
        var without = QualityScorer.Score(d, null, [], DateTimeOffset.UnixEpoch);
        Assert.Equal(QualityScorer.CriterionIds.SkipLast(1), without.Criteria.Select(c => c.Id));
    }

    [Fact]
    public void The_search_ranking_entry_gives_the_weights_the_code_uses()
    {
        var text = Operations("socle-search-ranking");
        // Table rows "| where | `zone` | points |".
        var weights = WeightRow().Matches(text).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, int>
        {
            ["title"] = SearchService.TitleWeight, ["keywords"] = SearchService.KeywordWeight, ["text"] = SearchService.TextWeight,
        }, weights);
        var both = SearchService.TitleWeight + SearchService.KeywordWeight;
        Assert.Contains($"{SearchService.TitleWeight} + {SearchService.KeywordWeight} = {both} points", text);
        Assert.Contains("**tous** les mots", text);
    }

    [Fact]
    public void Both_entries_are_published_and_name_their_code()
    {
        foreach (var (key, file) in new[] { ("socle-search-ranking", "SearchService.cs"), ("socle-quality-score", "QualityScorer.cs") })
        {
            var entry = DemoAlgorithms.Entries().Single(e => e!["key"]!.GetValue<string>() == key)!;
            Assert.Equal("published", entry["status"]!.GetValue<string>());
            Assert.Contains(file, Operations(key));
            var source = Path.Combine(Socle.Validation.Tests.TestPaths.RepoRoot, "src", "Socle.Catalog", key == "socle-quality-score" ? "Quality" : "Search", file);
            Assert.True(File.Exists(source), $"the entry {key} names {source}, which does not exist");
        }
    }

    [GeneratedRegex(@"^\|[^|\n]*\|\s*`([a-z_]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex CriterionRow();

    [GeneratedRegex(@"^\|[^|\n]*\|\s*`([a-z_]+)`\s*\|\s*(\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex WeightRow();
}
