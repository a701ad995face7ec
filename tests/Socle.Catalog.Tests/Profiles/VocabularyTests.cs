using Socle.Catalog.Profiles;

namespace Socle.Catalog.Tests.Profiles;

public sealed class VocabularyTests
{
    private static Vocabulary Environment => ProfileLoader.LoadBuiltIn("gd4h").Vocabulary("environment")!;
    private static Vocabulary Inspire => ProfileLoader.LoadBuiltIn("gd4h").Vocabulary("inspire-theme")!;

    [Theory]
    [InlineData("air")]
    [InlineData("AIR")]
    [InlineData("Atmosphère")]
    [InlineData("atmosphere")]
    [InlineData("Qualite de l'air")]
    [InlineData("qualité de l’air")]
    [InlineData("  QUALITÉ DE L AIR ")]
    [InlineData("Pollution atmosphérique")]
    [InlineData("air pollution")]
    public void Find_ignores_case_accents_apostrophes_and_spaces(string text) => Assert.Equal("air", Environment.Find(text)?.Value);

    [Fact]
    public void Find_resolves_labels_in_both_languages() =>
        Assert.Equal(["eau", "eau", "sols", "alimentation"], new[] { "Eau", "Water", "pédologie", "Food" }.Select(t => Environment.Find(t)?.Value));

    [Theory]
    [InlineData("http://inspire.ec.europa.eu/theme/hh")]
    [InlineData("https://inspire.ec.europa.eu/theme/hh/")]
    [InlineData("Santé et sécurité des personnes")]
    [InlineData("human health and safety")]
    public void Find_resolves_uris_even_pasted_as_https(string text) => Assert.Equal("hh", Inspire.Find(text)?.Value);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    [InlineData("bruit")]
    [InlineData("http://inspire.ec.europa.eu/theme/xx")]
    public void Find_returns_null_for_what_is_not_in_the_vocabulary(string? text)
    {
        Assert.Null(Environment.Find(text));
        Assert.Null(Inspire.Find(text));
    }

    [Fact]
    public void Concepts_carry_their_synonyms_by_language_for_search()
    {
        var air = Environment.Find("air")!;
        Assert.Contains("atmosphère", air.Synonyms["fr"]);
        Assert.Contains("atmosphere", air.Synonyms["en"]);
        Assert.Contains("qualité de l'air", air.AllSynonyms);
        Assert.Equal("Water", Environment.Find("eau")!.Label.Get("en-GB"));
    }
}
