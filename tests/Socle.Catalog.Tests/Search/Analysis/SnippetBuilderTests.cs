using System.Net;
using System.Text.RegularExpressions;
using Socle.Catalog.Search.Analysis;

namespace Socle.Catalog.Tests.Search.Analysis;

public class SnippetBuilderTests
{
    private static IReadOnlyList<QueryTerm> Q(string query) => TextAnalyzer.Shared.Query(query);

    /// <summary>The snippet as a reader sees it: marks and entities removed.</summary>
    private static string Visible(string html) => WebUtility.HtmlDecode(html.Replace("<mark>", "").Replace("</mark>", ""));

    private static string[] Marked(string html) =>
        Regex.Matches(html, "<mark>(.*?)</mark>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

    [Fact]
    public void Highlight_marks_every_matching_word_and_only_the_word()
    {
        Assert.Equal("<mark>Qualité</mark> de l&#39;<mark>eau</mark> et des <mark>Eaux</mark> usées",
            SnippetBuilder.Highlight("Qualité de l'eau et des Eaux usées", Q("eaux qualite ")));
    }

    [Fact]
    public void Highlight_without_a_match_is_the_escaped_text() =>
        Assert.Equal("Air &amp; climat", SnippetBuilder.Highlight("Air & climat", Q("eau ")));

    [Fact]
    public void Text_is_escaped_around_and_inside_marks()
    {
        var html = SnippetBuilder.Snippet("<script>alert(\"eau\")</script> & <b>eau</b>", Q("eau "))!;
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Equal("&lt;script&gt;alert(&quot;<mark>eau</mark>&quot;)&lt;/script&gt; &amp; &lt;b&gt;<mark>eau</mark>&lt;/b&gt;", html);
    }

    [Fact]
    public void No_match_gives_null()
    {
        Assert.Null(SnippetBuilder.Snippet("Qualité de l'air", Q("eau ")));
        Assert.Null(SnippetBuilder.Snippet("", Q("eau ")));
        Assert.Null(SnippetBuilder.Snippet("Qualité de l'air", []));
    }

    [Fact]
    public void Short_text_is_shown_whole()
    {
        Assert.Equal("Les <mark>rivières</mark> de Bretagne", SnippetBuilder.Snippet("Les rivières de Bretagne", Q("riviere ")));
    }

    private static readonly string Long =
        "Ce jeu de données recense les stations de mesure du réseau régional, leurs coordonnées et leur date de mise en service. " +
        "Chaque station relève plusieurs paramètres physico-chimiques à pas de temps horaire, puis les agrège chaque jour. " +
        "Les résultats concernant la qualité de l’eau des rivières sont publiés après validation par le laboratoire agréé. " +
        "Les fichiers sont mis à jour chaque trimestre ; l'historique complet remonte à 1998 pour les stations les plus anciennes. " +
        "Une documentation détaillée décrit les méthodes de prélèvement, d'analyse et les seuils réglementaires appliqués.";

    [Fact]
    public void Long_text_is_cut_on_word_boundaries_around_the_matches_with_ellipses()
    {
        var html = SnippetBuilder.Snippet(Long, Q("qualité eau rivieres "), maxChars: 120)!;
        Assert.StartsWith("…", html);
        Assert.EndsWith("…", html);
        Assert.Equal(["qualité", "eau", "rivières"], Marked(html));
        var visible = Visible(html).Trim('…');
        Assert.True(visible.Length <= 120, visible);
        var at = Long.IndexOf(visible, StringComparison.Ordinal);
        Assert.True(at > 0, "the excerpt is a piece of the text");
        Assert.True(char.IsWhiteSpace(Long[at - 1]), "starts at a word");
        var end = at + visible.Length;
        Assert.True(end == Long.Length || char.IsWhiteSpace(Long[end]), "ends at a word");
    }

    [Fact]
    public void Excerpt_goes_to_the_densest_cluster_of_matches()
    {
        // "eau" alone early; "qualité" and "eau" together later: the later passage shows both query words.
        var text = "L'eau est mentionnée ici. " + new string('x', 0) + string.Join(' ', Enumerable.Repeat("remplissage", 40)) +
                   " La qualité de l'eau est mesurée chaque jour. " + string.Join(' ', Enumerable.Repeat("suite", 40));
        var html = SnippetBuilder.Snippet(text, Q("qualite eau "), maxChars: 80)!;
        Assert.Equal(["qualité", "eau"], Marked(html));
        Assert.StartsWith("…", html);
    }

    [Fact]
    public void Matches_at_the_start_or_end_need_no_ellipsis_there()
    {
        var start = SnippetBuilder.Snippet(Long, Q("jeu "), maxChars: 100)!;
        Assert.StartsWith("Ce <mark>jeu</mark>", start);
        Assert.EndsWith("…", start);
        var end = SnippetBuilder.Snippet(Long, Q("réglementaires "), maxChars: 100)!;
        Assert.StartsWith("…", end);
        Assert.EndsWith("<mark>réglementaires</mark> appliqués.", end);
    }

    [Fact]
    public void Prefix_query_marks_the_words_it_finds()
    {
        Assert.Equal("Indicateurs <mark>qualitatifs</mark> et <mark>qualité</mark>",
            SnippetBuilder.Snippet("Indicateurs qualitatifs et qualité", Q("qualit")));
    }

    [Fact]
    public void A_word_longer_than_the_room_is_still_shown()
    {
        var text = new string('a', 30) + " " + "anticonstitutionnellement" + " " + new string('b', 30);
        var html = SnippetBuilder.Snippet(text, Q("anticonstitutionnellement "), maxChars: 10)!;
        Assert.Equal("…<mark>anticonstitutionnellement</mark>…", html);
    }
}
