namespace Socle.Portal.Pages.Admin;

/// <summary>A page number and the count of pages; <see cref="Numbers"/> lists the links to draw, 0 for a gap.</summary>
internal sealed record PagerView(int Page, int Pages)
{
    public IEnumerable<int> Numbers()
    {
        var shown = new SortedSet<int> { 1, Pages };
        for (var i = Page - 2; i <= Page + 2; i++)
            if (i >= 1 && i <= Pages) shown.Add(i);
        var last = 0;
        foreach (var n in shown)
        {
            if (n > last + 1) yield return 0;
            yield return n;
            last = n;
        }
    }
}
