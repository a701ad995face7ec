using System.Text;

namespace Socle.Validation.Sources;

/// <summary>
/// A small, correct reader of delimited text for what Sep does not read: a quote character other than <c>"</c>
/// (a sniffed or declared <c>'</c>). Rules (those of Python's csv module, which frictionless uses):
/// <list type="bullet">
/// <item>A quote opens a quoted field only at the start of a field; elsewhere it is an ordinary character (so the
/// apostrophe of « l'école » is text). Inside a quoted field, a doubled quote is one quote; the delimiter and line
/// breaks are text. Characters after the closing quote are kept, up to the next delimiter.</item>
/// <item>Records end at <c>\n</c>, <c>\r\n</c> or <c>\r</c>; a final line break does not make an extra record.</item>
/// <item>An empty line is a record of one empty cell (a blank row), as Sep reads it.</item>
/// <item>A quote left open at the end of the file: the rest of the file is that cell (as Sep does); no error.</item>
/// </list>
/// </summary>
internal static class SimpleDelimitedReader
{
    /// <summary>The records of <paramref name="reader"/>, read lazily. The reader is not disposed.</summary>
    public static IEnumerable<string[]> Read(TextReader reader, char delimiter, char quote = '"')
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (delimiter == quote || delimiter is '\r' or '\n' || quote is '\r' or '\n')
            throw new ArgumentException("delimiter and quote must differ and not be line breaks");
        return Iterate(reader, delimiter, quote);
    }

    /// <summary>The records of a string (for samples and tests).</summary>
    public static IEnumerable<string[]> Read(string text, char delimiter, char quote = '"') =>
        Read(new StringReader(text), delimiter, quote);

    private static IEnumerable<string[]> Iterate(TextReader reader, char delimiter, char quote)
    {
        var buffer = new char[1 << 16];
        int length = 0, pos = 0;
        var cell = new StringBuilder();
        var cells = new List<string>();
        bool inQuotes = false, afterClosingQuote = false, atFieldStart = true, any = false, skipLf = false;
        while (true)
        {
            if (pos == length)
            {
                length = reader.Read(buffer, 0, buffer.Length);
                pos = 0;
                if (length == 0) break;
            }
            var c = buffer[pos++];
            if (skipLf)
            {
                skipLf = false;
                if (c == '\n') continue;
            }
            if (inQuotes)
            {
                if (c == quote) { inQuotes = false; afterClosingQuote = true; }
                else cell.Append(c);
                continue;
            }
            if (afterClosingQuote)
            {
                afterClosingQuote = false;
                if (c == quote) { cell.Append(quote); inQuotes = true; continue; } // doubled quote
            }
            if (c == quote && atFieldStart)
            {
                inQuotes = true;
                atFieldStart = false;
                any = true;
                continue;
            }
            if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                atFieldStart = true;
                any = true;
                continue;
            }
            if (c is '\n' or '\r')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                yield return cells.ToArray();
                cells.Clear();
                atFieldStart = true;
                any = false;
                skipLf = c == '\r';
                continue;
            }
            cell.Append(c);
            atFieldStart = false;
            any = true;
        }
        if (any || inQuotes)
        {
            cells.Add(cell.ToString());
            yield return cells.ToArray();
        }
    }
}
