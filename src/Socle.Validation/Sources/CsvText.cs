using nietras.SeparatedValues;
using Socle.Validation.Dialect;

namespace Socle.Validation.Sources;

/// <summary>What is known in advance about a delimited text file (a data package's dialect, CLI options); null = sniff.</summary>
internal sealed record CsvTextOptions
{
    /// <summary>Encoding name ("utf-8", "windows-1252", "latin-1", "cp1252", ...); null to detect.</summary>
    public string? Encoding { get; init; }
    public char? Delimiter { get; init; }
    public char? Quote { get; init; }
    public bool? Header { get; init; }
    /// <summary>What to do with bytes invalid in the encoding: throw <see cref="EncodingErrorException"/> (default) or replace and count.</summary>
    public InvalidBytesMode OnInvalidBytes { get; init; } = InvalidBytesMode.Throw;
}

/// <summary>
/// A delimited text file opened for reading: its encoding detected on the first 64 KiB, its dialect sniffed, and a
/// <see cref="CheckedTextReader"/> that decodes it (BOM skipped) and reports invalid bytes. Create a Sep reader with
/// <see cref="CreateSepReader"/> when <see cref="UsesSep"/> (quote <c>"</c>), else read <see cref="Records"/> (which
/// uses <see cref="SimpleDelimitedReader"/> for a <c>'</c> quote). Dispose it (or the Sep reader, which disposes the text).
/// <para>Opening throws <see cref="SourceException"/>: <c>source.empty</c> (zero bytes), <c>source.binary-kind</c>
/// (a PNG, a ZIP, NUL bytes, ...), <c>source.encoding-unknown</c>, <c>source.unreadable</c>. Reading throws
/// <see cref="EncodingErrorException"/> (an encoding-error) after the text before the invalid bytes was handed out.</para>
/// </summary>
internal sealed class CsvText : IDisposable
{
    private CsvText(DetectedEncoding encoding, CsvDialect sniffed, CsvDialect dialect, CheckedTextReader text, long? length)
    {
        Encoding = encoding; Sniffed = sniffed; Dialect = dialect; Text = text; Length = length;
    }

    /// <summary>The encoding decided on the head (see <see cref="CheckedTextReader.EncodingName"/> for the one in use after reading).</summary>
    public DetectedEncoding Encoding { get; }

    /// <summary>The dialect sniffed on the head (with the known delimiter and quote, if any, fixed before sniffing the rest).</summary>
    public CsvDialect Sniffed { get; }

    /// <summary>
    /// The dialect to read with: the options where given, else the sniffed values. Note that frictionless does not
    /// sniff the header: it assumes one unless the dialect says <c>header: false</c>; <see cref="CsvDialect.Header"/>
    /// here is the sniffed guess when <see cref="CsvTextOptions.Header"/> is null.
    /// </summary>
    public CsvDialect Dialect { get; }

    /// <summary>The decoded text (what Sep reads).</summary>
    public CheckedTextReader Text { get; }

    /// <summary>Size of the file in bytes, when known (for progress).</summary>
    public long? Length { get; }

    /// <summary>Bytes decoded so far; safe to read from another thread.</summary>
    public long BytesRead => Text.BytesRead;

    /// <summary>Whether Sep can read this file (its quote is <c>"</c>).</summary>
    public bool UsesSep => Dialect.Quote == '"';

    /// <summary>Opens a file.</summary>
    public static CsvText Open(string path, CsvTextOptions? options = null)
    {
        FileStream file;
        try { file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceException("source.unreadable", Path.GetFileName(path), e.Message);
        }
        return Open(file, options);
    }

    /// <summary>Opens a stream (it need not seek: the head is read once and replayed).</summary>
    public static CsvText Open(Stream stream, CsvTextOptions? options = null, bool leaveOpen = false)
    {
        options ??= new CsvTextOptions();
        try
        {
            var head = new byte[EncodingDetector.SampleSize];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var complete = n < head.Length;
            var bytes = head.AsSpan(0, n);
            if (n == 0) throw new SourceException("source.empty");
            if (BinaryDetector.Identify(bytes) is { } kind) throw new SourceException("source.binary-kind", kind);

            var encoding = options.Encoding is { } name
                ? EncodingDetector.FromName(name, bytes) ?? throw new SourceException("source.encoding-unknown", name)
                : EncodingDetector.Detect(bytes, complete);
            var sample = EncodingDetector.DecodeSample(bytes, encoding);
            var sniffed = DialectSniffer.Sniff(sample, truncated: !complete, options.Delimiter, options.Quote);
            var dialect = sniffed with { Header = options.Header ?? sniffed.Header };

            long? length = stream.CanSeek ? stream.Length : null;
            var text = new CheckedTextReader(stream, encoding, options.OnInvalidBytes, leaveOpen, head.AsMemory(0, n));
            return new CsvText(encoding, sniffed, dialect, text, length);
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The Sep options Socle reads with: no header handling (the engine reads the header as a record), unescaped
    /// quoted cells, any number of columns per row.
    /// </summary>
    public static SepReaderOptions SepOptions(char delimiter) => Sep.New(delimiter).Reader(o => o with
    {
        HasHeader = false,
        Unescape = true,
        DisableColCountCheck = true,
        DisableFastFloat = true,
    });

    /// <summary>A Sep reader on <see cref="Text"/> (only when <see cref="UsesSep"/>). Disposing it disposes the text.</summary>
    public SepReader CreateSepReader(Func<SepReaderOptions, SepReaderOptions>? configure = null)
    {
        if (!UsesSep) throw new InvalidOperationException($"Sep reads only the quote '\"', not '{Dialect.Quote}': use Records()");
        var options = SepOptions(Dialect.Delimiter);
        if (configure is not null) options = configure(options);
        return options.From(Text);
    }

    /// <summary>All records as strings (Sep or <see cref="SimpleDelimitedReader"/>), lazily; for samples, tests and small files.</summary>
    public IEnumerable<string[]> Records()
    {
        if (!UsesSep) return SimpleDelimitedReader.Read(Text, Dialect.Delimiter, Dialect.Quote);
        return FromSep(CreateSepReader());

        static IEnumerable<string[]> FromSep(SepReader reader)
        {
            using (reader)
            {
                foreach (var row in reader)
                {
                    var cells = new string[row.ColCount];
                    for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
                    yield return cells;
                }
            }
        }
    }

    public void Dispose() => Text.Dispose();
}
