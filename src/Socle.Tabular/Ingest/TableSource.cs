using System.Text;
using Socle.Tabular.Engine;
using Socle.Validation.Dialect;
using Socle.Validation.Sources;

namespace Socle.Tabular.Ingest;

/// <summary>
/// A resource's file as DuckDB reads it: a SQL table expression over the file itself when DuckDB can read it as it is
/// (UTF-8 CSV with <c>"</c> quotes, Parquet, JSON), otherwise over a canonical UTF-8 CSV that Socle writes from its own
/// readers (other encodings, <c>'</c> quotes, ragged rows, Excel). Text sources are read as VARCHAR columns
/// <c>c0…cN</c>, so the header's names — any text — never reach SQL; typed sources keep DuckDB's types.
/// </summary>
internal sealed class TableSource : IDisposable
{
    private TableSource(string relation, IReadOnlyList<string> names, bool text, string? temp)
    {
        Relation = relation; Names = names; IsText = text; TempFile = temp;
    }

    /// <summary>A SQL table expression (<c>read_csv(…)</c>, <c>read_parquet(…)</c>, <c>read_json(…)</c>).</summary>
    public string Relation { get; }
    /// <summary>The header as written (text sources) or the source's column names (typed sources).</summary>
    public IReadOnlyList<string> Names { get; }
    /// <summary>Columns are <c>c0…cN</c> VARCHAR, to be typed by the column plan.</summary>
    public bool IsText { get; }
    public string? TempFile { get; }

    public static string Kind(string? format) => format?.ToLowerInvariant() switch
    {
        "csv" or "tsv" or "txt" or "tab" => "text",
        "xlsx" or "xls" or "xlsm" => "excel",
        "json" or "geojson" => "json",
        "jsonl" or "ndjson" => "jsonl",
        "parquet" => "parquet",
        _ => "",
    };

    public static bool Supports(string? format) => Kind(format) != "";

    /// <summary>Reads the file's header and decides how DuckDB will read it; <paramref name="canonical"/> forces the rewritten CSV.</summary>
    public static TableSource Open(string path, string format, IReadOnlyList<string> missingValues, string tempFolder, bool canonical)
    {
        switch (Kind(format))
        {
            case "parquet":
                return Typed($"read_parquet({Sql.Literal(path)})");
            case "json":
                return Typed($"read_json({Sql.Literal(path)}, format = 'auto')");
            case "jsonl":
                return Typed($"read_json({Sql.Literal(path)}, format = 'newline_delimited')");
            case "excel":
                return Canonical(ExcelSource.ReadRows(path), missingValues, tempFolder);
            default:
                using (var text = CsvText.Open(path, new CsvTextOptions { OnInvalidBytes = InvalidBytesMode.Replace }))
                {
                    var direct = !canonical && text.UsesSep && text.Encoding.Name == EncodingDetector.Utf8Name && !text.Encoding.AsciiOnly;
                    var ascii = !canonical && text.UsesSep && text.Encoding.AsciiOnly;
                    if (direct || ascii)
                    {
                        var header = text.Records().FirstOrDefault() ?? throw new SourceException("source.empty");
                        return new TableSource(ReadCsv(path, text.Dialect.Delimiter, header.Length, missingValues), header, true, null);
                    }
                }
                using (var text = CsvText.Open(path, new CsvTextOptions { OnInvalidBytes = InvalidBytesMode.Replace }))
                    return Canonical(text.Records(), missingValues, tempFolder);
        }
    }

    private static TableSource Typed(string relation) => new(relation, [], false, null);

    private static string ReadCsv(string path, char delimiter, int columns, IReadOnlyList<string> missingValues)
    {
        var names = string.Join(", ", Enumerable.Range(0, columns).Select(i => $"'c{i}': 'VARCHAR'"));
        var nulls = Sql.List(missingValues.Count == 0 ? [""] : missingValues);
        return $"read_csv({Sql.Literal(path)}, delim = {Sql.Literal(delimiter.ToString())}, quote = '\"', escape = '\"', " +
               $"header = true, columns = {{{names}}}, nullstr = {nulls}, null_padding = true, auto_detect = false)";
    }

    /// <summary>Rewrites rows as a UTF-8 CSV with exactly the header's width (short rows padded, extra cells dropped).</summary>
    private static TableSource Canonical(IEnumerable<string[]> rows, IReadOnlyList<string> missingValues, string tempFolder)
    {
        Directory.CreateDirectory(tempFolder);
        var temp = Path.Combine(tempFolder, Guid.NewGuid().ToString("N") + ".csv");
        string[]? header = null;
        try
        {
            using (var w = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                var line = new StringBuilder(1024);
                foreach (var row in rows)
                {
                    header ??= row;
                    line.Clear();
                    for (var i = 0; i < header.Length; i++)
                    {
                        if (i > 0) line.Append(',');
                        var cell = i < row.Length ? row[i] : "";
                        if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) line.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
                        else line.Append(cell);
                    }
                    w.Write(line.Append('\n'));
                }
            }
            if (header is null) throw new SourceException("source.empty");
            return new TableSource(ReadCsv(temp, ',', header.Length, missingValues), header, true, temp);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public void Dispose()
    {
        if (TempFile is not null) File.Delete(TempFile);
    }
}
