using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;

namespace Socle.Catalog.Search.Analysis;

/// <summary>
/// Turns French or English text into search terms, once, in C#, so that SQLite FTS5 and PostgreSQL's
/// <c>simple</c> configuration index exactly the same words and rank them alike.
/// </summary>
/// <remarks>
/// Per word: split on anything that is not a letter or a number (an apostrophe between two letters stays inside
/// the word), drop a French elided article (<c>l'</c>, <c>d'</c>, <c>qu'</c>, <c>jusqu'</c> …, straight or
/// typographic apostrophe), lower-case, fold to ASCII (é → e, œ → oe, ² → 2) keeping only [a-z0-9], drop French
/// and English stop words, then index the French light stem and the English minimal (plural) stem. The language
/// of a text is unknown, so both stems are kept: a query word matches when either of its stems does.
/// Stemming runs on the folded word so that "qualité", "qualite" and "QUALITÉS" give the same terms: users
/// often type without accents, and the light stemmer's only accent-dependent rules (-ième, -ère, -ète) matter
/// less than that. Numbers are not stemmed. Every term is [a-z0-9]+, which both databases' tokenizers keep whole.
/// Thread-safe and stateless: one shared instance; Lucene's stemmers hold no state and scratch buffers are per thread.
/// </remarks>
internal sealed class TextAnalyzer
{
    public static readonly TextAnalyzer Shared = new();

    // Longer runs are hashes, identifiers or base64, not words anyone searches for.
    private const int MaxWordChars = 128;
    private const int MaxTermChars = 64;

    // The last query word counts as being typed (prefix) only from this many characters: shorter prefixes match too much.
    private const int MinPrefixChars = 3;

    private static readonly FrenchLightStemmer French = new();
    private static readonly EnglishMinimalStemmer English = new();

    // French articles and conjunctions elided before a vowel; "quoiqu" as in Lucene's French defaults.
    private static readonly string[] ElidedArticles = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

    private static readonly SearchValues<char> Apostrophes = SearchValues.Create("'\u2019\u2018\u02BC");
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWords = BuildStopWords();

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>The kept words of <paramref name="text"/>, in order, with their offsets and index terms.</summary>
    public IReadOnlyList<AnalyzedToken> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new TokenSink(new List<AnalyzedToken>());
        Analyze(text, ref sink);
        return sink.Tokens;
    }

    /// <summary>All terms of all kept words, separated by single spaces: the value stored for the database's index.</summary>
    public string IndexTerms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new TermTextSink(new StringBuilder(text.Length + 16));
        Analyze(text, ref sink);
        return sink.Text.ToString();
    }

    /// <summary>
    /// One term per kept word of a search query, all of which a document must match. The last word is a prefix
    /// (search as you type) when nothing follows it in the query — no space, no punctuation — and it has at least
    /// three characters. Stop words are dropped even there. Empty when nothing is left: callers then skip full text.
    /// </summary>
    public IReadOnlyList<QueryTerm> Query(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = Tokens(query);
        var terms = new List<QueryTerm>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var prefix = i == tokens.Count - 1 && t.End == query.Length && t.End - t.Start >= MinPrefixChars;
            var term = new QueryTerm(t.Terms, prefix);
            // A repeated word adds nothing to an AND of groups.
            if (!terms.Exists(q => q.Prefix == prefix && q.Alternatives.AsSpan().SequenceEqual(t.Terms))) terms.Add(term);
        }
        return terms;
    }

    /// <summary>
    /// An FTS5 MATCH expression: <c>("eau" OR "eaux") AND ("qualit"*)</c>. Every term is a quoted string, so no
    /// query text can reach FTS5's syntax (NEAR, column filters, operators).
    /// </summary>
    public static string ToFts5(IReadOnlyList<QueryTerm> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sb = new StringBuilder();
        foreach (var term in query)
        {
            CheckTerm(term);
            if (sb.Length > 0) sb.Append(" AND ");
            sb.Append('(');
            for (var i = 0; i < term.Alternatives.Length; i++)
            {
                if (i > 0) sb.Append(" OR ");
                sb.Append('"').Append(term.Alternatives[i]).Append('"');
                if (term.Prefix) sb.Append('*');
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    /// <summary>A <c>to_tsquery('simple', …)</c> text: <c>(eau | eaux) &amp; qualit:*</c>.</summary>
    public static string ToTsQuery(IReadOnlyList<QueryTerm> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sb = new StringBuilder();
        foreach (var term in query)
        {
            CheckTerm(term);
            if (sb.Length > 0) sb.Append(" & ");
            var group = term.Alternatives.Length > 1;
            if (group) sb.Append('(');
            for (var i = 0; i < term.Alternatives.Length; i++)
            {
                if (i > 0) sb.Append(" | ");
                sb.Append(term.Alternatives[i]);
                if (term.Prefix) sb.Append(":*");
            }
            if (group) sb.Append(')');
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="term"/> is a non-empty run of a-z and 0-9, the only terms this class emits.</summary>
    public static bool IsTerm(ReadOnlySpan<char> term)
    {
        if (term.IsEmpty) return false;
        foreach (var c in term)
            if (!IsTermChar(c)) return false;
        return true;
    }

    // The query builders quote nothing beyond this: a hand-made QueryTerm with other characters must not reach SQL.
    private static void CheckTerm(QueryTerm term)
    {
        if (term.Alternatives.Length == 0) throw new ArgumentException("A query term has no alternatives.", nameof(term));
        foreach (var a in term.Alternatives)
            if (!IsTerm(a)) throw new ArgumentException($"'{a}' is not a search term ([a-z0-9]+).", nameof(term));
    }

    private static bool IsTermChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private void Analyze<TSink>(string text, ref TSink sink) where TSink : struct, ITokenSink
    {
        var scratch = t_scratch ??= new Scratch();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordStart(text[i])) { i++; continue; }
            var start = i++;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsApostrophe(c))
                {
                    // Inside a word only between two letters: "l'eau", "aujourd'hui"; not a closing quote or "80's".
                    if (i + 1 < text.Length && IsLetterOrMark(text[i - 1]) && char.IsLetter(text[i + 1]) && !IsApostrophe(text[i + 1])) { i++; continue; }
                    break;
                }
                if (char.IsLetter(c) || char.IsNumber(c) || IsMark(c)) { i++; continue; }
                break;
            }
            AnalyzeWord(text, start, i, scratch, ref sink);
        }
    }

    private static void AnalyzeWord<TSink>(string text, int start, int end, Scratch scratch, ref TSink sink) where TSink : struct, ITokenSink
    {
        if (end - start > MaxWordChars) return;
        var apostrophe = text.AsSpan(start, end - start).IndexOfAny(Apostrophes);
        if (apostrophe > 0 && IsElidedArticle(text.AsSpan(start, apostrophe))) start += apostrophe + 1;

        var length = Fold(text.AsSpan(start, end - start), scratch);
        if (length == 0 || length > MaxTermChars) return;
        var folded = scratch.Folded.AsSpan(0, length);
        if (StopWords.Contains(folded)) return;
        if (!folded.ContainsAnyExcept(Digits))
        {
            sink.Add(text, start, end, folded, folded);
            return;
        }

        folded.CopyTo(scratch.French);
        var fr = scratch.French.AsSpan(0, French.Stem(scratch.French, length));
        folded.CopyTo(scratch.English);
        var en = scratch.English.AsSpan(0, English.Stem(scratch.English, length));
        sink.Add(text, start, end, fr.IsEmpty ? folded : fr, en.IsEmpty ? folded : en);
    }

    /// <summary>Lower-cases and folds <paramref name="word"/> to ASCII into <c>scratch.Folded</c>, keeping [a-z0-9] only.</summary>
    private static int Fold(ReadOnlySpan<char> word, Scratch scratch)
    {
        var lower = scratch.Lower;
        var n = 0;
        var ascii = true;
        foreach (var c in word)
        {
            if (IsApostrophe(c)) continue;
            var l = char.ToLowerInvariant(c);
            lower[n++] = l;
            ascii &= l < 0x80;
        }
        var source = lower;
        if (!ascii)
        {
            n = ASCIIFoldingFilter.FoldToASCII(lower, 0, scratch.Wide, 0, n);
            source = scratch.Wide;
        }
        var folded = scratch.Folded;
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var c = source[i];
            if (IsTermChar(c)) folded[m++] = c;
            else if (c is >= 'A' and <= 'Z') folded[m++] = (char)(c + ('a' - 'A')); // e.g. a folded title-case digraph
        }
        return m;
    }

    private static bool IsElidedArticle(ReadOnlySpan<char> s)
    {
        foreach (var article in ElidedArticles)
            if (s.Equals(article, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool IsWordStart(char c) => (char.IsLetter(c) || char.IsNumber(c)) && !IsApostrophe(c);

    private static bool IsLetterOrMark(char c) => char.IsLetter(c) || IsMark(c);

    // Combining accents of decomposed text ("e\u0301") belong to their word.
    private static bool IsMark(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // Straight, typographic and modifier-letter apostrophes (the last is a letter to .NET, hence the explicit test).
    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC';

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> BuildStopWords()
    {
        var scratch = new Scratch();
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in new[] { FrenchAnalyzer.DefaultStopSet, EnglishAnalyzer.DefaultStopSet })
            foreach (var word in set)
            {
                // Folded like the text they are compared with ("été" → "ete", "à" → "a").
                var n = Fold(word.ToString(), scratch);
                if (n > 0) words.Add(new string(scratch.Folded, 0, n));
            }
        return words.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private sealed class Scratch
    {
        public readonly char[] Lower = new char[MaxWordChars];
        // ASCII folding writes at most four characters per input character.
        public readonly char[] Wide = new char[MaxWordChars * 4];
        public readonly char[] Folded = new char[MaxWordChars * 4];
        public readonly char[] French = new char[MaxTermChars];
        public readonly char[] English = new char[MaxTermChars];
    }

    private interface ITokenSink
    {
        void Add(string text, int start, int end, ReadOnlySpan<char> french, ReadOnlySpan<char> english);
    }

    private readonly struct TokenSink(List<AnalyzedToken> tokens) : ITokenSink
    {
        public List<AnalyzedToken> Tokens => tokens;

        public void Add(string text, int start, int end, ReadOnlySpan<char> french, ReadOnlySpan<char> english)
        {
            string[] terms = french.SequenceEqual(english) ? [french.ToString()] : [french.ToString(), english.ToString()];
            tokens.Add(new AnalyzedToken(start, end, text[start..end], terms));
        }
    }

    // Writes terms straight into the column text: no token objects for indexing.
    private readonly struct TermTextSink(StringBuilder text) : ITokenSink
    {
        public StringBuilder Text => text;

        public void Add(string source, int start, int end, ReadOnlySpan<char> french, ReadOnlySpan<char> english)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(french);
            if (!french.SequenceEqual(english)) text.Append(' ').Append(english);
        }
    }
}
