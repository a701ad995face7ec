using System.Numerics;
using System.Text;

namespace Socle.Catalog.Search.Analysis;

/// <summary>
/// Shows why a dataset matched: HTML-escaped text with the matching words wrapped in <c>&lt;mark&gt;</c>.
/// A word matches when one of its terms equals an alternative of a query term (or starts with it, for a prefix),
/// so "eaux" is marked for the query "eau" exactly when the search itself matched it.
/// </summary>
internal static class SnippetBuilder
{
    private const string Ellipsis = "…";

    // Most context goes after the matches, where the sentence continues; at most this much before them.
    private const int MaxLeadingChars = 60;

    // The words holding the first and last match are shown whole ("l'eau,") when no longer than this.
    private const int MaxWordSlack = 20;

    /// <summary>
    /// An excerpt of at most <paramref name="maxChars"/> characters of <paramref name="text"/> (plain text: strip
    /// Markdown first) around its densest cluster of matches — the most distinct query words, then the most
    /// matches — cut between words, with "…" where cut. Null when no word matches.
    /// </summary>
    public static string? Snippet(string text, IReadOnlyList<QueryTerm> query, int maxChars = 200)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var matches = Matches(text, query);
        if (matches.Count == 0) return null;
        var sb = new StringBuilder();
        if (text.Length <= maxChars)
        {
            Render(sb, text, 0, text.Length, matches);
            return sb.ToString();
        }

        var (first, last) = DensestCluster(matches, maxChars);
        var (start, end) = Window(text, matches[first].Start, matches[last].End, maxChars);
        if (start > 0) sb.Append(Ellipsis);
        Render(sb, text, start, end, matches);
        if (end < text.Length) sb.Append(Ellipsis);
        return sb.ToString();
    }

    /// <summary>The whole of a short text (a title), HTML-escaped, its matching words marked.</summary>
    public static string Highlight(string text, IReadOnlyList<QueryTerm> query)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        var sb = new StringBuilder(text.Length + 32);
        Render(sb, text, 0, text.Length, Matches(text, query));
        return sb.ToString();
    }

    private readonly record struct Match(int Start, int End, ulong Groups);

    private static List<Match> Matches(string text, IReadOnlyList<QueryTerm> query)
    {
        var matches = new List<Match>();
        if (query.Count == 0 || text.Length == 0) return matches;
        foreach (var token in TextAnalyzer.Shared.Tokens(text))
        {
            ulong groups = 0;
            for (var g = 0; g < query.Count; g++)
                if (Matches(token.Terms, query[g])) groups |= 1UL << Math.Min(g, 63);
            if (groups != 0) matches.Add(new Match(token.Start, token.End, groups));
        }
        return matches;
    }

    private static bool Matches(string[] terms, QueryTerm query)
    {
        foreach (var term in terms)
            foreach (var alternative in query.Alternatives)
                if (query.Prefix ? term.StartsWith(alternative, StringComparison.Ordinal) : term == alternative) return true;
        return false;
    }

    /// <summary>The run of matches, fitting in <paramref name="maxChars"/>, with the most distinct query words, then the most matches; the earliest wins ties.</summary>
    private static (int First, int Last) DensestCluster(List<Match> matches, int maxChars)
    {
        (int First, int Last, int Distinct, int Count) best = (0, 0, -1, -1);
        for (var i = 0; i < matches.Count; i++)
        {
            var groups = matches[i].Groups;
            var j = i;
            while (j + 1 < matches.Count && matches[j + 1].End - matches[i].Start <= maxChars) groups |= matches[++j].Groups;
            var distinct = BitOperations.PopCount(groups);
            var count = j - i + 1;
            if (distinct > best.Distinct || (distinct == best.Distinct && count > best.Count)) best = (i, j, distinct, count);
        }
        return (best.First, best.Last);
    }

    /// <summary>Where to cut: around [<paramref name="from"/>, <paramref name="to"/>), on whitespace, within <paramref name="maxChars"/> when it can.</summary>
    private static (int Start, int End) Window(string text, int from, int to, int maxChars)
    {
        // Whole words around the matches ("l'eau," rather than "eau") when they fit.
        var wordStart = LastWhiteSpace(text, Math.Max(0, from - MaxWordSlack), from);
        var wordFrom = wordStart >= 0 || from <= MaxWordSlack ? wordStart + 1 : from;
        var wordEnd = FirstWhiteSpace(text, to, Math.Min(text.Length, to + MaxWordSlack));
        var wordTo = wordEnd >= 0 ? wordEnd : text.Length - to <= MaxWordSlack ? text.Length : to;
        if (wordTo - wordFrom <= maxChars) (from, to) = (wordFrom, wordTo);

        var slack = Math.Max(0, maxChars - (to - from));
        var start = Math.Max(0, from - Math.Min(slack / 2, MaxLeadingChars));
        var end = Math.Min(text.Length, start + Math.Max(maxChars, to - from));
        // Near the end of the text, the room left after the matches goes before them.
        start = Math.Min(from, Math.Max(0, end - maxChars));

        if (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            var space = FirstWhiteSpace(text, start, from);
            start = space < 0 ? from : space + 1;
        }
        while (start < from && char.IsWhiteSpace(text[start])) start++;
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            var space = LastWhiteSpace(text, to, end);
            end = space < 0 ? to : space;
        }
        while (end > to && char.IsWhiteSpace(text[end - 1])) end--;
        return (start, end);
    }

    private static int FirstWhiteSpace(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
            if (char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    private static int LastWhiteSpace(string text, int from, int to)
    {
        for (var i = to - 1; i >= from; i--)
            if (char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    private static void Render(StringBuilder sb, string text, int start, int end, List<Match> matches)
    {
        var at = start;
        foreach (var m in matches)
        {
            if (m.Start < start || m.End > end) continue;
            Escape(sb, text.AsSpan(at, m.Start - at));
            sb.Append("<mark>");
            Escape(sb, text.AsSpan(m.Start, m.End - m.Start));
            sb.Append("</mark>");
            at = m.End;
        }
        Escape(sb, text.AsSpan(at, end - at));
    }

    // Safe in element content and quoted attributes; leaves accents readable (WebUtility encodes é as &#233;).
    private static void Escape(StringBuilder sb, ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
