using System.Globalization;
using Socle.Validation.Sources;

namespace Socle.Validation.Dialect;

/// <summary>
/// Guesses the dialect of a delimited text file from a sample of its start (what Python's <c>csv.Sniffer</c> does,
/// more robustly):
/// <list type="number">
/// <item>Line terminator: the most frequent of <c>\r\n</c>, <c>\n</c>, <c>\r</c>.</item>
/// <item>Quote: <c>'</c> only when more fields are wrapped in <c>'</c> than in <c>"</c> (a quote counts when it opens
/// at a field's start and closes at a field's end, so the apostrophes of French text do not).</item>
/// <item>Delimiter among <c>,</c> <c>;</c> tab <c>|</c>: each candidate splits the sample into records (quotes
/// honoured, quoted line breaks kept); the one whose field count is the same on the largest share of records wins,
/// with at least two fields. Ties go to tab, then <c>;</c>, then <c>|</c>, then <c>,</c> (a French file
/// <c>a;1,5;2,5</c> is <c>;</c>); with a single record, to the candidate with more fields first.</item>
/// <item>Header (like <c>csv.Sniffer.has_header</c>): in each column whose data cells share a type (number, date,
/// boolean) or, for text, a length, a first-row cell of another type or length votes for a header, one of the same
/// type against. A header unless the votes are against it.</item>
/// </list>
/// With nothing to decide on (empty sample, one column), the defaults: <c>,</c> <c>"</c> header, <c>\r\n</c>.
/// </summary>
internal static class DialectSniffer
{
    /// <summary>The delimiters tried, in the order that breaks ties.</summary>
    public static IReadOnlyList<char> Delimiters { get; } = ['\t', ';', '|', ','];

    private const int MaxRecords = 2000;
    private const int HeaderRows = 100;

    /// <summary>Sniffs a sample (decoded start of the file, BOM removed or not).</summary>
    /// <param name="sample">The text.</param>
    /// <param name="truncated">True when the sample is a cut of a longer file: its last, possibly partial, record is ignored.</param>
    /// <param name="delimiter">The delimiter when it is known (declared): only the rest is sniffed.</param>
    /// <param name="quote">The quote character when it is known.</param>
    public static CsvDialect Sniff(ReadOnlySpan<char> sample, bool truncated = false, char? delimiter = null, char? quote = null)
    {
        if (!sample.IsEmpty && sample[0] == '\uFEFF') sample = sample[1..];
        if (truncated)
        {
            var lastBreak = sample.LastIndexOfAny('\r', '\n');
            if (lastBreak > 0) sample = sample[..(sample[lastBreak] == '\r' ? lastBreak : lastBreak + 1)];
        }
        if (sample.IsWhiteSpace())
            return CsvDialect.Default with { Delimiter = delimiter ?? CsvDialect.Default.Delimiter, Quote = quote ?? CsvDialect.Default.Quote };

        var terminator = SniffLineTerminator(sample);
        var q = quote ?? SniffQuote(sample);
        var text = sample.ToString();

        var chosen = delimiter ?? ',';
        List<string[]>? best = null;
        double bestScore = 0;
        int bestFields = 0;
        foreach (var d in delimiter is { } known ? [known] : Delimiters)
        {
            var records = Parse(text, d, q, truncated);
            var (score, fields) = Consistency(records);
            if (fields < 2 && delimiter is null) continue;
            var better = best is null || score > bestScore
                || (score == bestScore && CountNonEmpty(records) == 1 && fields > bestFields);
            if (!better) continue;
            best = records; bestScore = score; bestFields = fields; chosen = d;
        }
        var header = best is null || HasHeader(best);
        return new CsvDialect(chosen, q, header, terminator);
    }

    private static string SniffLineTerminator(ReadOnlySpan<char> s)
    {
        int crlf = 0, lf = 0, cr = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n') lf++;
            else if (s[i] == '\r')
            {
                if (i + 1 < s.Length && s[i + 1] == '\n') { crlf++; i++; }
                else cr++;
            }
        }
        if (crlf == 0 && lf == 0 && cr == 0) return "\r\n";
        if (crlf >= lf && crlf >= cr) return "\r\n";
        return lf >= cr ? "\n" : "\r";
    }

    private static bool IsBoundary(char c) => c is '\r' or '\n' or ',' or ';' or '\t' or '|';

    /// <summary>Fields wrapped in <paramref name="q"/>: opening after a boundary, closing before one.</summary>
    private static int QuotedFields(ReadOnlySpan<char> s, char q)
    {
        int opened = 0, closed = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != q) continue;
            if (i + 1 < s.Length && s[i + 1] == q) { i++; continue; } // doubled quote (or empty field: neutral)
            var before = i - 1;
            if (before >= 0 && s[before] == ' ') before--;
            var after = i + 1;
            if (after < s.Length && s[after] == ' ') after++;
            if (before < 0 || IsBoundary(s[before])) opened++;
            else if (after >= s.Length || IsBoundary(s[after])) closed++;
        }
        return Math.Min(opened, closed);
    }

    private static char SniffQuote(ReadOnlySpan<char> s)
    {
        if (!s.Contains('\'')) return '"';
        var single = QuotedFields(s, '\'');
        return single > 0 && single > QuotedFields(s, '"') ? '\'' : '"';
    }

    private static List<string[]> Parse(string text, char delimiter, char quote, bool truncated)
    {
        var records = SimpleDelimitedReader.Read(text, delimiter, quote).Take(MaxRecords + 1).ToList();
        if (records.Count > MaxRecords) records.RemoveAt(records.Count - 1);
        // A sample cut inside a quoted field ends with a partial record.
        if (truncated && records.Count > 1) records.RemoveAt(records.Count - 1);
        return records;
    }

    private static int CountNonEmpty(List<string[]> records) => records.Count(r => !(r.Length == 1 && r[0].Length == 0));

    /// <summary>Share of non-empty records having the most frequent field count, and that count.</summary>
    private static (double Score, int Fields) Consistency(List<string[]> records)
    {
        var counts = new Dictionary<int, int>();
        var n = 0;
        foreach (var r in records)
        {
            if (r.Length == 1 && r[0].Length == 0) continue; // empty line
            n++;
            counts[r.Length] = counts.GetValueOrDefault(r.Length) + 1;
        }
        if (n == 0) return (0, 0);
        var mode = counts.MaxBy(kv => (kv.Value, kv.Key));
        return ((double)mode.Value / n, mode.Key);
    }

    private enum Kind { Empty, Number, Date, Boolean, Text }

    private static bool HasHeader(List<string[]> records)
    {
        var rows = records.Where(r => !(r.Length == 1 && r[0].Length == 0)).Take(HeaderRows + 1).ToList();
        if (rows.Count < 2) return true;
        var first = rows[0];
        var votes = 0;
        for (var col = 0; col < first.Length; col++)
        {
            Kind? kind = null;
            int? length = null;
            var consistent = true;
            var sameLength = true;
            for (var r = 1; r < rows.Count && consistent; r++)
            {
                if (col >= rows[r].Length) continue;
                var cell = rows[r][col].Trim();
                var k = Classify(cell);
                if (k == Kind.Empty) continue;
                if (kind is null) { kind = k; length = cell.Length; continue; }
                if (k != kind) consistent = false;
                if (cell.Length != length) sameLength = false;
            }
            if (!consistent || kind is null) continue;
            var head = first[col].Trim();
            var headKind = Classify(head);
            if (headKind == Kind.Empty) continue;
            if (kind != Kind.Text) votes += headKind != kind ? 1 : -1;
            else if (sameLength) votes += head.Length != length ? 1 : -1;
        }
        return votes >= 0;
    }

    private static Kind Classify(string s)
    {
        if (s.Length == 0) return Kind.Empty;
        if (IsNumber(s)) return Kind.Number;
        if (IsDate(s)) return Kind.Date;
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase)
            || s.Equals("vrai", StringComparison.OrdinalIgnoreCase) || s.Equals("faux", StringComparison.OrdinalIgnoreCase))
            return Kind.Boolean;
        return Kind.Text;
    }

    /// <summary>An integer or decimal number, with <c>.</c> or <c>,</c> as decimal separator, exponent allowed.</summary>
    private static bool IsNumber(string s)
    {
        var span = s.AsSpan();
        if (span[0] is '+' or '-') span = span[1..];
        var digits = 0;
        var i = 0;
        while (i < span.Length && char.IsAsciiDigit(span[i])) { i++; digits++; }
        if (i < span.Length && span[i] is '.' or ',')
        {
            i++;
            while (i < span.Length && char.IsAsciiDigit(span[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < span.Length && span[i] is 'e' or 'E')
        {
            i++;
            if (i < span.Length && span[i] is '+' or '-') i++;
            var exp = 0;
            while (i < span.Length && char.IsAsciiDigit(span[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == span.Length;
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "HH:mm:ss", "HH:mm"];

    private static bool IsDate(string s) =>
        s.Length is >= 5 and <= 25 && char.IsAsciiDigit(s[0])
        && DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _);
}
