using nietras.SeparatedValues;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Validation.Engine;

/// <summary>A table that cannot be read: becomes a source-error (or encoding-error) of the task.</summary>
internal sealed class TableSourceException(string code, string noteKey, params string[] args) : Exception(noteKey)
{
    public string Code { get; } = code;
    public string NoteKey { get; } = noteKey;
    public string[] Args { get; } = args;
}

/// <summary>
/// Opens a table file whatever its form (CSV with any delimiter, encoding and line ending; XLSX/XLS) and yields its
/// records: the first ones as strings (header, inference sample), the rest in batches copied from Sep's buffer.
/// </summary>
internal sealed class TableReader : IDisposable
{
    private readonly CsvText? _csv;
    private readonly SepReader? _sep;
    private readonly IEnumerator<string[]>? _rows;
    private readonly string _path;
    private int _recordIndex;
    private int _multiLineTail = -1;

    public string Format { get; }
    public string? EncodingName => _csv?.Text.EncodingName;
    public char? Delimiter => _csv?.Dialect.Delimiter;
    public long TotalBytes { get; }
    public long BytesRead => _csv?.BytesRead ?? TotalBytes;

    /// <summary>Bytes not valid in the encoding, met while reading: the text stopped there (an encoding-error).</summary>
    public InvalidBytes? InvalidBytes => _csv?.Text.FirstInvalid;

    private TableReader(string path, string format, long totalBytes, CsvText? csv, IEnumerator<string[]>? rows)
    {
        _path = path; Format = format; TotalBytes = totalBytes; _csv = csv; _rows = rows;
        if (csv is { UsesSep: true }) _sep = csv.CreateSepReader();
    }

    public static TableReader Open(TableInput input)
    {
        var path = input.Path;
        byte[] head;
        long length;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            length = probe.Length;
            head = new byte[(int)Math.Min(8, length)];
            probe.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TableSourceException("source-error", "source.unreadable", Path.GetFileName(path), e.Message);
        }
        if (length == 0) throw new TableSourceException("source-error", "note.source-empty");

        var format = input.Format?.ToLowerInvariant();
        if (format is "xlsx" or "xls" || (format is null && ExcelSource.IsExcel(path, head)))
        {
            try
            {
                var rows = ExcelSource.ReadRows(path, input.Sheet).GetEnumerator();
                var kind = format ?? (Path.GetExtension(path).Equals(".xls", StringComparison.OrdinalIgnoreCase) ? "xls" : "xlsx");
                return new TableReader(path, kind, length, null, rows);
            }
            catch (SourceException e) { throw new TableSourceException("source-error", e.Key, e.Args); }
        }
        try
        {
            var csv = CsvText.Open(path, new CsvTextOptions
            {
                Encoding = input.Encoding,
                Delimiter = input.Delimiter ?? (format == "tsv" ? '\t' : null),
                Quote = input.Quote,
                Header = input.Header ?? true,
                OnInvalidBytes = InvalidBytesMode.Stop,
            });
            return new TableReader(path, format ?? "csv", length, csv, null);
        }
        catch (SourceException e) when (e.Key == "source.empty") { throw new TableSourceException("source-error", "note.source-empty"); }
        catch (SourceException e) { throw new TableSourceException("source-error", e.Key, e.Args); }
    }

    /// <summary>The next record as strings, with its row number (records are counted from 1). False at the end.</summary>
    public bool TryReadRecord(out string[] cells, out int rowNumber)
    {
        try
        {
            if (_sep is not null)
            {
                if (!_sep.MoveNext()) { cells = []; rowNumber = 0; return false; }
                var row = _sep.Current;
                cells = new string[row.ColCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
                Watch(cells.Length > 0 ? cells[^1] : "", _recordIndex);
            }
            else
            {
                if (!_rows!.MoveNext()) { cells = []; rowNumber = 0; return false; }
                cells = _rows.Current;
            }
        }
        catch (SourceException e) { throw new TableSourceException("source-error", e.Key, e.Args); }
        rowNumber = ++_recordIndex;
        return true;
    }

    /// <summary>
    /// Reads every remaining record into batches: <paramref name="rent"/> gives an empty batch for a first row
    /// number, <paramref name="dispatch"/> takes each full batch (and the last one) in order. Returns the row count.
    /// </summary>
    public long ReadBatches(Func<int, RowBatch> rent, Action<RowBatch> dispatch)
    {
        long rows = 0;
        var batch = rent(_recordIndex + 1);
        try
        {
            if (_sep is not null)
            {
                foreach (var row in _sep)
                {
                    if (!batch.TryAdd(row))
                    {
                        dispatch(batch);
                        batch = rent(_recordIndex + 1);
                        batch.TryAdd(row);
                    }
                    _recordIndex++;
                    rows++;
                }
            }
            else
            {
                while (_rows!.MoveNext())
                {
                    if (!batch.TryAdd(_rows.Current))
                    {
                        dispatch(batch);
                        batch = rent(_recordIndex + 1);
                        batch.TryAdd(_rows.Current);
                    }
                    _recordIndex++;
                    rows++;
                }
            }
        }
        catch (SourceException e) { throw new TableSourceException("source-error", e.Key, e.Args); }
        if (batch.Count > 0 && batch.LastCellMultiLine(batch.Count - 1)) _multiLineTail = _recordIndex - 1;
        dispatch(batch);
        return rows;
    }

    /// <summary>Remembers the last record whose last cell spans lines: the sign of a quote never closed, if it ends the file.</summary>
    private void Watch(ReadOnlySpan<char> lastCell, int rowIndex)
    {
        if (lastCell.IndexOfAny('\n', '\r') >= 0) _multiLineTail = rowIndex;
    }

    /// <summary>
    /// The row number of a record opened by a quote that is never closed: Sep then reads the rest of the file into
    /// its last cell. Known once every record was read: the last record spans lines and the file does not end with
    /// the quote (line breaks aside).
    /// </summary>
    public int? UnterminatedQuoteRow()
    {
        if (_csv is null || _multiLineTail < 0 || _multiLineTail + 1 != _recordIndex) return null;
        using var f = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var pos = f.Length - 1;
        while (pos >= 0)
        {
            f.Position = pos;
            var b = f.ReadByte();
            if (b is '\n' or '\r' or 0) { pos--; continue; }
            return b == _csv.Dialect.Quote ? null : _multiLineTail + 1;
        }
        return null;
    }

    public void Dispose()
    {
        _sep?.Dispose();
        _rows?.Dispose();
        _csv?.Dispose();
    }
}
