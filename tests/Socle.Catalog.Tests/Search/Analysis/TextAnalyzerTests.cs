using System.Text.RegularExpressions;
using Socle.Catalog.Search.Analysis;

namespace Socle.Catalog.Tests.Search.Analysis;

/// <summary>What users notice of text analysis: which words find which texts.</summary>
public class TextAnalyzerTests
{
    private static readonly TextAnalyzer Analyzer = TextAnalyzer.Shared;

    /// <summary>Whether a search for <paramref name="query"/> finds <paramref name="text"/>, as the databases decide it.</summary>
    internal static bool Finds(string query, string text)
    {
        var terms = Analyzer.IndexTerms(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var groups = Analyzer.Query(query);
        Assert.NotEmpty(groups);
        return groups.All(g => g.Alternatives.Any(a => terms.Any(t => g.Prefix ? t.StartsWith(a, StringComparison.Ordinal) : t == a)));
    }

    private static void FindEachOther(params string[] forms)
    {
        foreach (var q in forms)
            foreach (var text in forms)
                Assert.True(Finds(q + " ", text), $"'{q}' should find '{text}'");
    }

    [Fact]
    public void Water_with_article_plural_and_capital_are_one_word() => FindEachOther("l'eau", "eaux", "Eau", "l’eau", "L'EAU", "des eaux");

    [Fact]
    public void Accents_and_case_do_not_matter() => FindEachOther("qualité", "qualite", "QUALITÉS", "Qualités", "qualite\u0301");

    [Fact]
    public void French_plurals_and_missing_accents_match() =>
        FindEachOther("pollution atmosphérique", "pollutions atmospheriques", "Pollution Atmosphérique", "POLLUTIONS ATMOSPHÉRIQUES");

    [Fact]
    public void English_plurals_match() => FindEachOther("rivers", "river", "River's");

    [Theory]
    [InlineData("cities", "city")]
    [InlineData("hôpitaux", "hôpital")]
    [InlineData("données", "donnée")]
    [InlineData("départements", "département")]
    [InlineData("communes", "commune")]
    public void Singular_and_plural_find_each_other(string a, string b) => FindEachOther(a, b);

    [Theory]
    [InlineData("eau", "air")]
    [InlineData("rivière", "route")]
    [InlineData("qualité de l'eau", "qualité de l'air")]
    public void Different_words_do_not_match(string query, string text) => Assert.False(Finds(query + " ", text));

    [Fact]
    public void Stop_words_are_not_terms()
    {
        Assert.Equal("", Analyzer.IndexTerms("de la the of et le les des du and or to à"));
        var terms = Analyzer.IndexTerms("La qualité de l'eau of the river").Split(' ');
        Assert.DoesNotContain("de", terms);
        Assert.DoesNotContain("la", terms);
        Assert.DoesNotContain("l", terms);
        Assert.DoesNotContain("of", terms);
        Assert.DoesNotContain("the", terms);
        Assert.Contains("eau", terms);
        Assert.Contains("river", terms);
    }

    [Fact]
    public void Aujourd_hui_is_one_word_with_or_without_its_apostrophe()
    {
        var tokens = Analyzer.Tokens("d'aujourd’hui");
        var token = Assert.Single(tokens);
        Assert.Equal("aujourd’hui", token.Surface);
        Assert.Equal(2, token.Start);
        Assert.Equal(["aujourdhui"], token.Terms);
        FindEachOther("aujourd'hui", "aujourdhui", "Aujourd’hui", "d'aujourd'hui");
    }

    [Fact]
    public void Elision_covers_the_french_articles_and_conjunctions()
    {
        foreach (var article in new[] { "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu" })
        {
            var text = $"{article}'océan {article.ToUpperInvariant()}’Océan";
            Assert.Equal(["ocean", "ocean"], Analyzer.Tokens(text).Select(t => t.Terms[0]));
        }
    }

    [Fact]
    public void Offsets_point_at_the_surface_words()
    {
        const string text = "Qualité de l’eau potable — L'Europe's rivers (2024), œuvres d'art.";
        var tokens = Analyzer.Tokens(text);
        Assert.Equal(["Qualité", "eau", "potable", "Europe's", "rivers", "2024", "œuvres", "art"], tokens.Select(t => t.Surface));
        foreach (var t in tokens) Assert.Equal(t.Surface, text[t.Start..t.End]);
        Assert.Equal(text.IndexOf("eau", StringComparison.Ordinal), tokens[1].Start);
        Assert.Equal(text.IndexOf("Europe", StringComparison.Ordinal), tokens[3].Start);
    }

    [Fact]
    public void Each_token_has_its_french_then_english_stem()
    {
        var t = Assert.Single(Analyzer.Tokens("eaux"));
        Assert.Equal(["eau", "eaux"], t.Terms);
        Assert.Equal(["riv", "river"], Assert.Single(Analyzer.Tokens("rivers")).Terms);
        Assert.Equal(["eau"], Assert.Single(Analyzer.Tokens("eau")).Terms); // one term when both stems agree
    }

    [Theory]
    [InlineData("2024", "2024")]
    [InlineData("1000000", "1000000")]
    [InlineData("CO₂", "co2")]
    [InlineData("m²", "m2")]
    [InlineData("Œuvre", "oeuvr oeuvre")]
    [InlineData("Ça", "ca")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("Île-de-France", "ile franc france")]
    [InlineData("e-mail", "e mail")]
    [InlineData("数据 ελληνικά 🙂", "")]
    public void Folds_to_ascii_and_keeps_numbers(string text, string terms) => Assert.Equal(terms, Analyzer.IndexTerms(text));

    [Fact]
    public void Terms_are_only_lowercase_ascii_letters_and_digits()
    {
        var texts = new List<string>
        {
            "Ærø Straße ﬁnance Œdipe ǅemal İstanbul ß ſ µg/m³ ½ ⅷ ① ⑴ ＡＢＣ１２３ l\u02BCeau \u00ADsoft\u200Bzero e\u0301te\u0301",
            "'quoted' ‘single’ «guillemets» l' eau jusqu' à 80's rock'n'roll O'Brien — x—y",
            "https://www.data.gouv.fr/fr/datasets/abc-123/?q=eau&x=1#frag user@example.org C:\\Temp\\file.csv",
            new string('a', 300) + " " + string.Concat(Enumerable.Repeat("é", 200)) + " ok",
        };
        var random = new Random(20240601);
        for (var i = 0; i < 200; i++)
            texts.Add(new string(Enumerable.Range(0, 80).Select(_ => (char)random.Next(0x20, 0x3000)).ToArray()));

        var term = new Regex("^[a-z0-9]+$");
        foreach (var text in texts)
        {
            foreach (var t in Analyzer.Tokens(text))
            {
                Assert.InRange(t.Terms.Length, 1, 2);
                Assert.Equal(t.Terms.Length, t.Terms.Distinct().Count());
                foreach (var x in t.Terms) Assert.Matches(term, x);
                Assert.Equal(t.Surface, text[t.Start..t.End]);
            }
            var index = Analyzer.IndexTerms(text);
            Assert.Equal(string.Join(' ', Analyzer.Tokens(text).SelectMany(t => t.Terms)), index);
            Assert.DoesNotContain("  ", index);
            foreach (var q in Analyzer.Query(text))
                foreach (var a in q.Alternatives) Assert.Matches(term, a);
        }
    }

    [Fact]
    public void Hash_like_runs_are_not_indexed() =>
        Assert.Equal("ok", Analyzer.IndexTerms("ok " + string.Concat(Enumerable.Repeat("3f9a", 30))));

    [Fact]
    public void Shared_instance_gives_the_same_answers_on_many_threads()
    {
        var texts = Enumerable.Range(0, 400).Select(i => $"Qualité de l'eau n°{i} — rivières, hôpitaux et données d'aujourd'hui {i % 7} œuvres").ToArray();
        var expected = texts.Select(Analyzer.IndexTerms).ToArray();
        var actual = new string[texts.Length];
        Parallel.For(0, texts.Length * 10, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % texts.Length;
            var terms = Analyzer.IndexTerms(texts[k]);
            Assert.Equal(expected[k], terms);
            actual[k] = terms;
        });
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Query_has_one_group_per_kept_word_with_its_stems()
    {
        var q = Analyzer.Query("qualité des eaux ");
        Assert.Equal(2, q.Count);
        Assert.Equal(["qualit", "qualite"], q[0].Alternatives);
        Assert.Equal(["eau", "eaux"], q[1].Alternatives);
        Assert.All(q, t => Assert.False(t.Prefix));
    }

    [Theory]
    [InlineData("eau qual", true)]     // being typed
    [InlineData("qualité", true)]
    [InlineData("eau qual ", false)]   // a space ends the word
    [InlineData("eau qual.", false)]   // so does punctuation
    [InlineData("eau zo", false)]      // too short to be a useful prefix
    [InlineData("qualité de", false)]  // a trailing stop word is dropped; the kept word was finished
    public void Last_word_is_a_prefix_while_being_typed(string query, bool prefix)
    {
        var q = Analyzer.Query(query);
        Assert.Equal(prefix, q[^1].Prefix);
        Assert.All(q.Take(q.Count - 1), t => Assert.False(t.Prefix));
    }

    [Fact]
    public void Prefix_finds_longer_words_as_they_are_typed()
    {
        const string text = "Qualité des données atmosphériques";
        foreach (var typed in new[] { "qua", "quali", "qualit", "qualité", "donn", "donné", "donnée", "atmosph", "atmosphériq" })
            Assert.True(Finds(typed, text), $"'{typed}' should find '{text}'");
        Assert.False(Finds("quan", text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("de la")]
    [InlineData("the of")]
    [InlineData("!!! ??? --")]
    [InlineData("l'")]
    public void Query_of_only_stop_words_or_punctuation_is_empty(string query) => Assert.Empty(Analyzer.Query(query));

    [Fact]
    public void Repeated_words_make_one_group() => Assert.Single(Analyzer.Query("eau eau Eau "));
}
