using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Socle.Catalog.Text;

/// <summary>
/// Dataset descriptions are Markdown written by producers or harvested from other portals: untrusted.
/// They are shown as sanitised HTML and searched as plain text.
/// </summary>
public static class MarkdownText
{
    // CommonMark, pipe tables and bare URLs as links; raw HTML is shown as text, never passed through.
    // A built pipeline is immutable and safe to share between threads.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    // Markdig's output is already free of raw HTML; the sanitiser is the second wall, and the one that enforces
    // link schemes. Its Sanitize is thread-safe once configured (HtmlSanitizer's README), so one instance serves all.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// HTML safe to insert in a page: paragraphs, emphasis, code, quotes, lists, tables, rules, headings and links
    /// (http, https, mailto or relative; <c>rel="nofollow noopener"</c>). Headings move down one level (# → h2)
    /// because the page's title is its only h1. Images become links to the image: no remote content is loaded.
    /// </summary>
    public static string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(heading.Level + 1, 6);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            if (InsideLink(image))
            {
                // A linked image (a logo, a badge) becomes its alt text inside that link: links do not nest.
                var alt = string.Concat(image.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
                image.ReplaceBy(new LiteralInline(alt), copyChildren: false);
                continue;
            }
            image.IsImage = false;
            if (image.FirstChild is null && image.Url is { } url) image.AppendChild(new LiteralInline(url));
        }
        return Sanitizer.Sanitize(document.ToHtml(Pipeline)).Trim();
    }

    /// <summary>
    /// The words of the Markdown without its markup, one block per line: link texts without their URLs,
    /// image alt texts, code as is. For search indexing and snippets; not HTML-escaped.
    /// </summary>
    public static string ToPlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        return Markdown.ToPlainText(markdown, Pipeline).Trim();
    }

    private static bool InsideLink(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
            if (parent is LinkInline) return true;
        return false;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
            },
            // start: an ordered list that does not begin at 1. No style (table alignment is lost), no class.
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        })
        {
            // An element outside the list loses its tag, not its text.
            KeepChildNodes = true,
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IHtmlAnchorElement a) return;
            if (a.HasAttribute("href")) a.SetAttribute("rel", "nofollow noopener");
            else
                foreach (var child in a.ChildNodes.ToArray()) e.ReplacementNodes.Add(child); // its URL was refused: keep the text, not a dead link
        };
        return sanitizer;
    }
}
