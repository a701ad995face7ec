using System.Collections;
using System.Globalization;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Socle.Validation.Dialect;

namespace Socle.Validation.Sources;

/// <summary>
/// Reads a sheet of an Excel workbook (.xlsx, .xlsm, .xlsb and legacy .xls, through ExcelDataReader) as rows of text,
/// the text a CSV export of the sheet would have, so that the engine validates it like a CSV:
/// <list type="bullet">
/// <item>Stored values, not displayed formatting (like frictionless' default): integers without <c>.0</c>, other
/// numbers in invariant round-trip form (<c>1.081183</c>, <c>1E+20</c>), dates <c>yyyy-MM-dd</c>, date-times
/// <c>yyyy-MM-ddTHH:mm:ss</c> (rounded to the second), times alone (day 0 of the 1900 calendar) <c>HH:mm:ss</c>, booleans <c>true</c>/<c>false</c>,
/// empty and error cells <c>""</c>. Text cells are kept as they are.</item>
/// <item>Width: the table is as wide as its first non-empty row (the header) up to its last non-empty cell. Shorter
/// rows are padded with <c>""</c> (a CSV export writes every column); longer rows keep their cells up to their own
/// last non-empty cell (real extra cells). Empty columns a sheet's used range drags along on the right are dropped.</item>
/// <item>Empty rows between data rows are kept (as empty cells over the width: blank rows); empty rows at the end of
/// the sheet are dropped (formatting left in the used range).</item>
/// </list>
/// </summary>
internal static class ExcelSource
{
    private static ReadOnlySpan<byte> ZipMagic => [(byte)'P', (byte)'K', 0x03, 0x04];
    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    /// <summary>Day 0 of Excel's 1900 calendar as .NET (1899-12-30) and as ExcelDataReader (1899-12-31) give it: a time alone.</summary>
    private static readonly DateTime OaZero = new(1899, 12, 30), ExcelZero = new(1899, 12, 31);

    /// <summary>
    /// Whether a file is a workbook, on its magic bytes: a ZIP holding <c>xl/</c> entries (or, when they are beyond
    /// the head, a ZIP named .xlsx/.xlsm/.xlsb), or an OLE2 compound file not named as another Office document.
    /// A text file named .xls (HTML or CSV exports often are) is not.
    /// </summary>
    public static bool IsExcel(string path, ReadOnlySpan<byte> head)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (head.StartsWith(ZipMagic))
            return head.IndexOf("xl/"u8) >= 0 || ext is ".xlsx" or ".xlsm" or ".xlsb" or ".xltx" or ".xltm";
        if (head.StartsWith(OleMagic))
            return ext is not (".doc" or ".dot" or ".ppt" or ".pps" or ".pot" or ".msg" or ".msi");
        return false;
    }

    /// <summary>The names of the sheets of a workbook, in order.</summary>
    public static IReadOnlyList<string> SheetNames(string path)
    {
        using var reader = Open(path);
        return Names(reader, path);
    }

    /// <summary>
    /// The rows of a sheet: the first one when <paramref name="sheetName"/> is null, else the one of that name (exact,
    /// then ignoring case and surrounding spaces), else, for a number, the sheet at that 1-based position.
    /// The workbook is opened and the sheet found before this returns (a <see cref="SourceException"/> then:
    /// <c>source.excel-unreadable</c>, <c>source.excel-encrypted</c>, <c>source.sheet-not-found</c>, ...); the rows are
    /// read as they are enumerated, once, and the file is closed when the enumeration ends or is disposed.
    /// </summary>
    public static IEnumerable<string[]> ReadRows(string path, string? sheetName = null)
    {
        var reader = Open(path);
        try
        {
            var names = Names(reader, path);
            var index = FindSheet(names, sheetName);
            if (index < 0)
                throw new SourceException("source.sheet-not-found", sheetName ?? "", Path.GetFileName(path),
                    string.Join(", ", names.Select(n => "« " + n + " »")));
            reader.Reset();
            for (var i = 0; i < index; i++) reader.NextResult();
            return new SheetRows(reader, path);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static int FindSheet(IReadOnlyList<string> names, string? sheet)
    {
        if (sheet is null) return 0;
        for (var i = 0; i < names.Count; i++)
            if (names[i] == sheet) return i;
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i].Trim(), sheet.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        if (int.TryParse(sheet, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position >= 1 && position <= names.Count)
            return position - 1;
        return -1;
    }

    private static IExcelDataReader Open(string path)
    {
        EncodingDetector.EnsureCodePages(); // .xls stores text in code pages
        FileStream file;
        try { file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException("source.unreadable", Path.GetFileName(path), e.Message);
        }
        try
        {
            return ExcelReaderFactory.CreateReader(file, new ExcelReaderConfiguration
            {
                FallbackEncoding = EncodingDetector.Windows1252,
                LeaveOpen = false,
            });
        }
        catch (Exception e)
        {
            file.Dispose();
            throw Unreadable(path, e);
        }
    }

    private static SourceException Unreadable(string path, Exception e) => e switch
    {
        SourceException s => s,
        InvalidPasswordException => new SourceException("source.excel-encrypted", Path.GetFileName(path)),
        _ => new SourceException("source.excel-unreadable", Path.GetFileName(path), e.Message),
    };

    private static List<string> Names(IExcelDataReader reader, string path)
    {
        var names = new List<string>();
        try
        {
            reader.Reset();
            do names.Add(reader.Name ?? ""); while (reader.NextResult());
        }
        catch (Exception e) { throw Unreadable(path, e); }
        if (names.Count == 0 || reader.ResultsCount == 0) throw new SourceException("source.excel-no-sheet", Path.GetFileName(path));
        return names;
    }

    /// <summary>The rows of the sheet the reader stands on, enumerable once (the enumeration owns the reader).</summary>
    private sealed class SheetRows(IExcelDataReader reader, string path) : IEnumerable<string[]>
    {
        private IExcelDataReader? _reader = reader;

        public IEnumerator<string[]> GetEnumerator()
        {
            var r = Interlocked.Exchange(ref _reader, null)
                ?? throw new InvalidOperationException("the rows of a sheet can be enumerated once");
            return Rows(r, path).GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static IEnumerable<string[]> Rows(IExcelDataReader reader, string path)
    {
        using (reader)
        {
            var width = -1;
            var pendingEmpty = 0;
            var texts = new List<string>();
            while (true)
            {
                int last;
                try
                {
                    if (!reader.Read()) break;
                    texts.Clear();
                    last = -1;
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var text = CellText(reader.GetValue(i));
                        texts.Add(text);
                        if (text.Length > 0) last = i;
                    }
                }
                catch (Exception e) when (e is not SourceException)
                {
                    throw Unreadable(path, e);
                }
                if (last < 0) { pendingEmpty++; continue; }
                if (width < 0) width = last + 1;
                for (; pendingEmpty > 0; pendingEmpty--) yield return Empty(width);
                var row = new string[Math.Max(width, last + 1)];
                for (var i = 0; i < row.Length; i++) row[i] = i < texts.Count ? texts[i] : "";
                yield return row;
            }
        }
    }

    private static string[] Empty(int width)
    {
        var row = new string[width];
        Array.Fill(row, "");
        return row;
    }

    /// <summary>The text a CSV export would have for a cell value as ExcelDataReader gives it.</summary>
    internal static string CellText(object? value) => value switch
    {
        null or DBNull => "",
        string s => s,
        double d => Number(d),
        float f => Number(f),
        bool b => b ? "true" : "false",
        DateTime dt => DateText(dt),
        TimeSpan ts => TimeText(ts),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Number(double d)
    {
        if (double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
            return ((long)d).ToString(CultureInfo.InvariantCulture); // also turns -0 into 0
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string DateText(DateTime dt)
    {
        // Excel keeps times as fractions of a day: 10:30 may come back as 10:29:59.9996.
        var rounded = new DateTime((dt.Ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
        if (dt.Date == OaZero || dt.Date == ExcelZero) // a time alone (no date before 1900-01-01 exists in Excel)
            return (rounded.Date == dt.Date ? rounded : dt).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return rounded.TimeOfDay == TimeSpan.Zero
            ? rounded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : rounded.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static string TimeText(TimeSpan ts)
    {
        var seconds = (long)Math.Round(ts.TotalSeconds, MidpointRounding.AwayFromZero);
        var sign = seconds < 0 ? "-" : "";
        seconds = Math.Abs(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }
}
