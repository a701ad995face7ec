using Socle.Catalog.Model;
using Socle.Catalog.Search;
using Socle.Catalog.Text;

namespace Socle.Portal.Discovery;

/// <summary>
/// One dataset as a DSFR card (<c>_SearchCard</c>). <see cref="TitleHtml"/> and <see cref="SnippetHtml"/> are
/// HTML: escaped text where only <c>&lt;mark&gt;</c> was added (as <see cref="SearchService"/> builds them).
/// </summary>
internal sealed record DatasetCard(Dataset Dataset, string TitleHtml, string? SnippetHtml, bool Horizontal, string Heading = "h3")
{
    /// <summary>False on the organisation's own page, where every card would repeat it.</summary>
    public bool ShowOrganization { get; init; } = true;

    private const int ExcerptLength = 220;

    public static DatasetCard Of(SearchHit hit, bool horizontal, string heading = "h3") =>
        new(hit.Dataset, hit.TitleHtml, hit.Snippet, horizontal, heading);

    /// <summary>The start of the description as plain text, for a card without a search snippet.</summary>
    public string Excerpt()
    {
        var text = MarkdownText.ToPlainText(Dataset.Description).ReplaceLineEndings(" ").Trim();
        if (text.Length <= ExcerptLength) return text;
        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)] + "…";
    }

    public IEnumerable<string> Formats => Dataset.Resources.Select(r => r.Format).Where(f => !string.IsNullOrEmpty(f))
        .Select(f => f!.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal);
}

/// <summary>A DSFR pagination (<c>_SearchPagination</c>): links keep the page's query and change <c>page</c>.</summary>
internal sealed record Pagination(int Page, int PageSize, int Total)
{
    public int Pages => Total == 0 ? 1 : (int)((Total + (long)PageSize - 1) / PageSize);

    /// <summary>The page numbers to show: the first, the last and two around the current one; 0 stands for a gap.</summary>
    public IEnumerable<int> Numbers()
    {
        var shown = new SortedSet<int> { 1, Pages };
        for (var p = Page - 2; p <= Page + 2; p++)
            if (p >= 1 && p <= Pages) shown.Add(p);
        var last = 0;
        foreach (var p in shown)
        {
            if (p > last + 1) yield return 0;
            yield return p;
            last = p;
        }
    }
}

/// <summary>How an organisation without a logo shows: its acronym, else the initials of its name.</summary>
internal static class OrganizationLook
{
    public static string Initials(Organization o)
    {
        if (o.Acronym is { Length: > 0 } a) return a.Length <= 6 ? a : a[..6];
        var words = o.Name.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries).Where(w => char.IsUpper(w[0])).Take(3);
        var s = string.Concat(words.Select(w => w[0]));
        return s.Length > 0 ? s : o.Name[..1].ToUpperInvariant();
    }
}
