using System.Globalization;
using System.Text;
using nietras.SeparatedValues;
using Socle.Catalog.Services;
using Socle.Validation.Schema;
using Socle.Validation.Sources;

namespace Socle.Collect.Imports;

/// <summary>What <see cref="Crosswalk.Apply"/> did.</summary>
/// <param name="Rows">Data rows written (as many as the file has, blank ones included).</param>
/// <param name="IgnoredColumns">The file's columns no crosswalk column reads, in file order.</param>
/// <param name="MissingOptionalColumns">Optional crosswalk columns the file does not have.</param>
/// <param name="Format">"csv" or "excel".</param>
/// <param name="Encoding">The text encoding the file was read in (CSV only).</param>
/// <param name="Delimiter">The delimiter the file was read with (CSV only).</param>
public sealed record CrosswalkResult(int Rows, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<string> MissingOptionalColumns,
    string Format = "csv", string? Encoding = null, char? Delimiter = null);

public sealed partial class Crosswalk
{
    /// <summary>
    /// Reads a CSV (any encoding and delimiter, sniffed as <c>Socle.Validation</c> does) or an Excel workbook's first
    /// sheet, and writes the <b>normalized CSV</b> of it: UTF-8 without BOM, comma-separated, a header of the schema's
    /// field names in schema order, then one row per data row of the file, in the same order — so the row numbers of
    /// <c>Validator.ValidateTable(outputCsvPath, schema)</c> are the file's. Each value is trimmed, mapped, converted
    /// (numbers to '.' decimals without group separators, units, dates to ISO 8601); a value that cannot be converted is
    /// written as it is, for the validator to report with the file's own text. Fields no column fills stay empty.
    /// <para>A file lacking a column the crosswalk needs (not <c>optional</c>), an empty or unreadable file, bytes invalid in
    /// the file's encoding: <see cref="CatalogException"/> (<see cref="Problem.Invalid"/>, <see cref="FileProblem"/>)
    /// naming the missing columns and the file's columns; the output file is then removed.</para>
    /// </summary>
    /// <param name="inputPath">The file to read.</param>
    /// <param name="fileName">Its name as the user knows it (messages; the extension helps tell a workbook).</param>
    /// <param name="schema">The collection's schema (the crosswalk should pass <see cref="Check"/> against it).</param>
    /// <param name="outputCsvPath">Where to write the normalized CSV (replaced).</param>
    /// <param name="progress">Share of the file read, 0 to 1 (CSV: by bytes; a workbook reports at the end).</param>
    /// <param name="ct">Checked every thousand rows (<see cref="OperationCanceledException"/>, output removed).</param>
    public CrosswalkResult Apply(string inputPath, string fileName, TableSchema schema, string outputCsvPath,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        if (Check(schema) is { Count: > 0 } misfit) throw new CatalogException(Problem.Invalid, DefinitionProblem, misfit);
        var written = false;
        try
        {
            var result = Run(inputPath, fileName, schema, outputCsvPath, progress, ct, ref written);
            progress?.Report(1);
            return result;
        }
        catch (SourceException e)
        {
            if (written) TryDelete(outputCsvPath);
            throw new CatalogException(Problem.Invalid, FileProblem, [new FieldError("file", "source", e.Key, e.Args)]);
        }
        catch
        {
            if (written) TryDelete(outputCsvPath);
            throw;
        }
    }

    private CrosswalkResult Run(string inputPath, string fileName, TableSchema schema, string outputCsvPath,
        IProgress<double>? progress, CancellationToken ct, ref bool written)
    {
        byte[] head;
        try
        {
            using var probe = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            head = new byte[(int)Math.Min(4096, probe.Length)];
            probe.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException("source.unreadable", fileName, e.Message);
        }
        if (head.Length == 0) throw Refused(new FieldError("file", "empty", "collect.crosswalk.empty", [fileName]));

        if (ExcelSource.IsExcel(fileName, head) || ExcelSource.IsExcel(inputPath, head))
        {
            using var rows = ExcelSource.ReadRows(inputPath).GetEnumerator();
            if (!rows.MoveNext()) throw Refused(new FieldError("file", "empty", "collect.crosswalk.empty", [fileName]));
            var plan = Compile(schema, rows.Current, fileName, excel: true);
            using var sink = CsvSink.Create(outputCsvPath);
            written = true;
            plan.WriteHeader(sink);
            var count = 0;
            while (rows.MoveNext())
            {
                if ((++count & 1023) == 0) ct.ThrowIfCancellationRequested();
                plan.WriteRow(sink, new ArrayCells(rows.Current));
            }
            return plan.Result(count, "excel", null, null);
        }

        using var csv = CsvText.Open(inputPath, new CsvTextOptions { Header = true, OnInvalidBytes = InvalidBytesMode.Throw });
        if (!csv.UsesSep)
        {
            using var records = csv.Records().GetEnumerator();
            if (!records.MoveNext()) throw Refused(new FieldError("file", "empty", "collect.crosswalk.empty", [fileName]));
            var plan = Compile(schema, records.Current, fileName, excel: false);
            using var sink = CsvSink.Create(outputCsvPath);
            written = true;
            plan.WriteHeader(sink);
            var count = 0;
            while (records.MoveNext())
            {
                if ((++count & 1023) == 0) { ct.ThrowIfCancellationRequested(); Report(progress, csv); }
                plan.WriteRow(sink, new ArrayCells(records.Current));
            }
            return plan.Result(count, "csv", csv.Text.EncodingName, csv.Dialect.Delimiter);
        }

        using var sep = csv.CreateSepReader();
        if (!sep.MoveNext()) throw Refused(new FieldError("file", "empty", "collect.crosswalk.empty", [fileName]));
        var header = new string[sep.Current.ColCount];
        for (var i = 0; i < header.Length; i++) header[i] = sep.Current[i].ToString();
        var compiled = Compile(schema, header, fileName, excel: false);
        using (var sink = CsvSink.Create(outputCsvPath))
        {
            written = true;
            compiled.WriteHeader(sink);
            var rowCount = 0;
            foreach (var row in sep)
            {
                if ((++rowCount & 1023) == 0) { ct.ThrowIfCancellationRequested(); Report(progress, csv); }
                compiled.WriteRow(sink, new SepCells(row));
            }
            return compiled.Result(rowCount, "csv", csv.Text.EncodingName, csv.Dialect.Delimiter);
        }
    }

    private static void Report(IProgress<double>? progress, CsvText csv)
    {
        if (progress is not null && csv.Length is > 0 and var length) progress.Report(Math.Min(1, (double)csv.BytesRead / length));
    }

    private static CatalogException Refused(params FieldError[] errors) => new(Problem.Invalid, FileProblem, errors);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Matches the file's header to the crosswalk and builds each field's list of sources, or refuses the file.</summary>
    private RowPlan Compile(TableSchema schema, string[] header, string fileName, bool excel)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = CellConversions.Trim(header[i]).ToString();
            if (name.Length > 0) byName.TryAdd(name, i);
        }
        var used = new bool[header.Length];
        var missing = new List<FieldError>();
        var missingOptional = new List<string>();
        var sources = new List<CellSource>[schema.Fields.Count];
        for (var f = 0; f < sources.Length; f++) sources[f] = [];
        foreach (var column in Columns)
        {
            var field = schema.IndexOf(column.To);
            var input = -1;
            if (column.From is not null)
            {
                if (!byName.TryGetValue(column.From, out input))
                {
                    if (column.Optional) missingOptional.Add(column.From);
                    else missing.Add(Error(column.From, "missing-column", column.To));
                    continue;
                }
                used[input] = true;
            }
            sources[field].Add(new CellSource(column, input, schema.Fields[field], Decimal, excel));
        }
        if (missing.Count > 0)
        {
            var present = string.Join(", ", header.Select(h => "« " + CellConversions.Trim(h).ToString() + " »"));
            missing.Add(new FieldError("file", "file-columns", "collect.crosswalk.file-columns", [fileName, present]));
            throw Refused([.. missing]);
        }
        var ignored = new List<string>();
        for (var i = 0; i < header.Length; i++)
            if (!used[i] && CellConversions.Trim(header[i]).Length > 0) ignored.Add(CellConversions.Trim(header[i]).ToString());
        return new RowPlan(schema, [.. sources.Select(s => s.ToArray())], ignored, missingOptional);
    }

    /// <summary>The cells of one input row, whatever reader gave them.</summary>
    private interface ICells
    {
        int Count { get; }
        ReadOnlySpan<char> this[int index] { get; }
    }

    private readonly ref struct SepCells(SepReader.Row row) : ICells
    {
        private readonly SepReader.Row _row = row;
        public int Count => _row.ColCount;
        public ReadOnlySpan<char> this[int index] => _row[index].Span;
    }

    private readonly struct ArrayCells(string[] cells) : ICells
    {
        public int Count => cells.Length;
        public ReadOnlySpan<char> this[int index] => cells[index];
    }

    /// <summary>For each schema field, its sources in crosswalk order (the first non-empty value wins).</summary>
    private sealed class RowPlan(TableSchema schema, CellSource[][] sources, List<string> ignored, List<string> missingOptional)
    {
        private readonly char[] _scratch = new char[128];

        public void WriteHeader(CsvSink sink)
        {
            for (var f = 0; f < schema.Fields.Count; f++)
            {
                if (f > 0) sink.Separator();
                sink.Cell(schema.Fields[f].Name);
            }
            sink.EndRow();
        }

        public void WriteRow<TCells>(CsvSink sink, TCells cells) where TCells : ICells, allows ref struct
        {
            // A blank row stays blank (constants are not written on it): the validator reports it as the file's blank row.
            var blank = true;
            for (var i = 0; i < cells.Count && blank; i++)
                if (!CellConversions.Trim(cells[i]).IsEmpty) blank = false;
            for (var f = 0; f < sources.Length; f++)
            {
                if (f > 0) sink.Separator();
                if (blank) continue;
                var list = sources[f];
                for (var s = 0; s < list.Length; s++)
                {
                    var source = list[s];
                    ReadOnlySpan<char> raw;
                    if (source.Input < 0) raw = source.Constant;
                    else if (source.Input < cells.Count) raw = CellConversions.Trim(cells[source.Input]);
                    else continue;
                    if (raw.IsEmpty) continue;
                    if (source.Convert(raw, sink, _scratch)) break;
                }
            }
            sink.EndRow();
        }

        public CrosswalkResult Result(int rows, string format, string? encoding, char? delimiter) =>
            new(rows, ignored, missingOptional, format, encoding, delimiter);
    }

    /// <summary>One crosswalk column compiled for a field: its input cell (or constant) and its conversion.</summary>
    private sealed class CellSource
    {
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? _map;
        private readonly bool _skipUnmapped;
        private readonly bool _number;
        private readonly int _exponent;
        private readonly char? _decimal;
        private readonly bool _date;
        private readonly bool _dateTime;
        private readonly string[] _formats = [];
        private readonly bool _serials;

        public int Input { get; }
        public string Constant { get; } = "";

        public CellSource(CrosswalkColumn column, int input, Field field, char? decimalMark, bool excel)
        {
            Input = column.From is null ? -1 : input;
            Constant = column.Value ?? "";
            if (column.Map is { Count: > 0 } map)
            {
                var table = new Dictionary<string, string>(map, StringComparer.OrdinalIgnoreCase);
                _map = table.GetAlternateLookup<ReadOnlySpan<char>>();
            }
            _skipUnmapped = column.SkipUnmapped;
            if (Crosswalk.IsPlainNumber(field))
            {
                _number = true;
                _decimal = decimalMark;
                if (column.Unit is not null) CellConversions.TryParseUnit(column.Unit, out _exponent, out _);
            }
            // Dates are rewritten when the crosswalk gives their format, or when they come from a workbook (serial days,
            // date-times); otherwise they pass as they are and the validator checks them.
            if (Crosswalk.IsPlainDate(field) && (column.DateFormats is { Count: > 0 } || excel))
            {
                _date = true;
                _dateTime = field.Type == "datetime";
                _formats = [.. column.DateFormats ?? [], "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd HH:mm:ss"];
                _serials = excel;
            }
        }

        /// <summary>Writes the value of a non-empty trimmed cell; false when it gives nothing (an unmapped code skipped, a map to "").</summary>
        public bool Convert(ReadOnlySpan<char> raw, CsvSink sink, char[] scratch)
        {
            if (Input < 0) { sink.Cell(raw); return true; }
            if (_map is { } map)
            {
                if (map.TryGetValue(raw, out var mapped))
                {
                    if (mapped.Length == 0) return false;
                    sink.Cell(mapped);
                    return true;
                }
                if (_skipUnmapped) return false;
            }
            if (_number)
            {
                if (CellConversions.TryParseNumber(raw, _decimal, out var value)
                    && (_exponent == 0 || CellConversions.TryScale(ref value, _exponent)))
                {
                    var n = CellConversions.FormatNumber(value, scratch);
                    if (n > 0) { sink.Cell(scratch.AsSpan(0, n)); return true; }
                }
                sink.Cell(raw);
                return true;
            }
            if (_date)
            {
                if (DateTime.TryParseExact(raw, _formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    || (_serials && CellConversions.TryParseExcelSerial(raw, out date)))
                {
                    var format = _dateTime ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd";
                    if (date.TryFormat(scratch, out var n, format, CultureInfo.InvariantCulture)) { sink.Cell(scratch.AsSpan(0, n)); return true; }
                }
                sink.Cell(raw);
                return true;
            }
            sink.Cell(raw);
            return true;
        }
    }

    /// <summary>Writes RFC 4180 CSV (comma, CRLF, quotes only where needed) in UTF-8 through a char buffer.</summary>
    private sealed class CsvSink : IDisposable
    {
        private readonly StreamWriter _writer;
        private readonly char[] _buffer = new char[1 << 16];
        private int _length;

        private CsvSink(StreamWriter writer) => _writer = writer;

        public static CsvSink Create(string path) =>
            new(new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16),
                new UTF8Encoding(false), 1 << 16));

        public void Separator() => Put(',');

        public void EndRow() { Put('\r'); Put('\n'); }

        public void Cell(ReadOnlySpan<char> value)
        {
            if (value.IndexOfAny(",\"\r\n") < 0) { Put(value); return; }
            Put('"');
            foreach (var c in value)
            {
                if (c == '"') Put('"');
                Put(c);
            }
            Put('"');
        }

        private void Put(char c)
        {
            if (_length == _buffer.Length) Flush();
            _buffer[_length++] = c;
        }

        private void Put(ReadOnlySpan<char> s)
        {
            if (_length + s.Length > _buffer.Length)
            {
                Flush();
                if (s.Length > _buffer.Length) { _writer.Write(s); return; }
            }
            s.CopyTo(_buffer.AsSpan(_length));
            _length += s.Length;
        }

        private void Flush()
        {
            _writer.Write(_buffer.AsSpan(0, _length));
            _length = 0;
        }

        public void Dispose()
        {
            Flush();
            _writer.Dispose();
        }
    }
}
