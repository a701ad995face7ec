using AngleSharp.Html.Parser;
using Socle.Catalog.Text;

namespace Socle.Catalog.Tests.Text;

public class MarkdownTextTests
{
    private static readonly HashSet<string> Tags =
    [
        "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
    ];

    /// <summary>Parses the output as a browser would and checks every element and attribute against the allow-list.</summary>
    private static string Safe(string markdown)
    {
        var html = MarkdownText.ToSafeHtml(markdown);
        var document = new HtmlParser().ParseDocument("<body>" + html);
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.Contains(element.LocalName, Tags);
            foreach (var attribute in element.Attributes)
            {
                Assert.Contains(attribute.Name, new[] { "href", "title", "rel", "start" });
                if (attribute.Name == "href")
                    Assert.Matches("^(https?://|mailto:|/|#)", attribute.Value);
            }
            if (element.LocalName == "a") Assert.Equal("nofollow noopener", element.GetAttribute("rel"));
        }
        return html;
    }

    [Fact]
    public void Keeps_emphasis_links_lists_code_and_quotes()
    {
        var html = Safe("Du **gras**, de l'*italique*, du `code` et [un lien](https://www.data.gouv.fr \"portail\").\n\n- un\n- deux\n\n> cité\n\n---");
        Assert.Contains("<strong>gras</strong>", html);
        Assert.Contains("<em>italique</em>", html);
        Assert.Contains("<code>code</code>", html);
        Assert.Contains("<a href=\"https://www.data.gouv.fr\" title=\"portail\" rel=\"nofollow noopener\">un lien</a>", html);
        Assert.Contains("<li>un</li>", html);
        Assert.Contains("<blockquote>", html);
        Assert.Contains("<hr>", html);
    }

    [Fact]
    public void Keeps_pipe_tables_without_their_styles()
    {
        var html = Safe("| commune | habitants |\n|:--|--:|\n| Rennes | 220 000 |");
        Assert.Contains("<table>", html);
        Assert.Contains("<th>commune</th>", html);
        Assert.Contains("<td>220 000</td>", html);
        Assert.DoesNotContain("style", html);
    }

    [Fact]
    public void Bare_urls_become_links()
    {
        var html = Safe("Voir https://www.insee.fr/fr/statistiques pour le détail.");
        Assert.Contains("<a href=\"https://www.insee.fr/fr/statistiques\" rel=\"nofollow noopener\">https://www.insee.fr/fr/statistiques</a>", html);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</p>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Raw_html_is_shown_as_text_never_run(string raw)
    {
        var html = Safe("Avant " + raw + " après");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("&lt;", html);
    }

    [Theory]
    [InlineData("[clic](javascript:alert(1))")]
    [InlineData("[clic](JavaScript:alert(1))")]
    [InlineData("[clic](jav&#x61;script:alert(1))")]
    [InlineData("[clic](vbscript:msgbox(1))")]
    [InlineData("[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<javascript:alert(1)>")]
    public void Links_to_scripts_lose_their_url_but_keep_their_text(string markdown)
    {
        var html = Safe("Un " + markdown + " ici");
        Assert.DoesNotContain("href", html);
        Assert.DoesNotContain("<a", html);
        Assert.StartsWith("<p>Un ", html);
    }

    [Fact]
    public void Mail_and_relative_links_are_kept()
    {
        Assert.Contains("href=\"mailto:donnees@region.fr\"", Safe("[écrire](mailto:donnees@region.fr)"));
        Assert.Contains("href=\"/datasets/qualite-eau\"", Safe("[voir](/datasets/qualite-eau)"));
    }

    [Fact]
    public void Headings_move_down_one_level()
    {
        var html = Safe("# Titre\n\n## Partie\n\n###### Fin");
        Assert.Contains("<h2>Titre</h2>", html);
        Assert.Contains("<h3>Partie</h3>", html);
        Assert.Contains("<h6>Fin</h6>", html);
        Assert.DoesNotContain("<h1", html);
    }

    [Fact]
    public void Images_become_links_to_the_image()
    {
        var html = Safe("![Carte des stations](https://example.org/carte.png) ![](https://example.org/x.png) ![pixel](javascript:alert(1))");
        Assert.DoesNotContain("<img", html);
        Assert.Contains("<a href=\"https://example.org/carte.png\" rel=\"nofollow noopener\">Carte des stations</a>", html);
        Assert.Contains(">https://example.org/x.png</a>", html);
        Assert.Contains("pixel", html);
    }

    [Fact]
    public void Linked_images_become_their_alt_text_inside_the_link()
    {
        var html = Safe("[![Logo de la région](https://example.org/logo.png)](https://www.region.fr)");
        Assert.Equal("<p><a href=\"https://www.region.fr\" rel=\"nofollow noopener\">Logo de la région</a></p>", html);
    }

    [Fact]
    public void Empty_markdown_gives_empty_text()
    {
        Assert.Equal("", MarkdownText.ToSafeHtml(""));
        Assert.Equal("", MarkdownText.ToSafeHtml("  \n "));
        Assert.Equal("", MarkdownText.ToPlainText(""));
    }

    [Fact]
    public void Plain_text_drops_the_markup()
    {
        var text = MarkdownText.ToPlainText("# Titre\n\nDu **gras** et [un lien](https://example.org/page).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- point `code`");
        Assert.Contains("Titre", text);
        Assert.Contains("Du gras et un lien.", text);
        Assert.Contains("point code", text);
        foreach (var markup in new[] { "#", "**", "](", "https://example.org", "|", "---", "`", "<" })
            Assert.DoesNotContain(markup, text);
        // Blocks stay apart: their words do not run together.
        Assert.DoesNotContain("TitreDu", text);
    }

    [Fact]
    public void Plain_text_keeps_raw_html_as_text_for_the_snippet_to_escape() =>
        Assert.Equal("a <b>b</b> & c", MarkdownText.ToPlainText("a <b>b</b> &amp; c"));

    [Fact]
    public void Sanitising_is_safe_on_many_threads()
    {
        var inputs = Enumerable.Range(0, 50).Select(i => $"# T{i}\n\n**{i}** [l](https://x.org/{i}) <script>{i}</script> [j](javascript:{i})").ToArray();
        var expected = inputs.Select(MarkdownText.ToSafeHtml).ToArray();
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            Assert.Equal(expected[i % inputs.Length], MarkdownText.ToSafeHtml(inputs[i % inputs.Length])));
    }
}
