using System.Text;

namespace Socle.Tabular.Tests;

/// <summary>Reads exports back as a spreadsheet would, strictly (shared with the HTTP tests, which link this file).</summary>
internal static class StrictCsv
{
    /// <summary>A strict RFC 4180 reading: comma, double quotes doubled inside quoted fields, CRLF between records.</summary>
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("unclosed quote");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',' && text[i] != '\r')
                {
                    if (text[i] is '"' or '\n') throw new FormatException($"bare {text[i]} at {i}");
                    field.Append(text[i++]);
                }
            }
            fields.Add(field.ToString());
            field.Clear();
            if (i >= text.Length) throw new FormatException("the last record has no CRLF");
            if (text[i] == ',') { i++; continue; }
            if (text[i] != '\r' || i + 1 >= text.Length || text[i + 1] != '\n') throw new FormatException($"expected CRLF at {i}");
            i += 2;
            records.Add([.. fields]);
            fields.Clear();
        }
        return records;
    }
}

/// <summary>
/// An output like an HTTP response body: not seekable, refuses synchronous writes (ASP.NET Core's default), keeps
/// only counts.
/// </summary>
internal sealed class CountingStream : Stream
{
    public long Bytes { get; private set; }
    public long NewLines { get; private set; }
    public int Writes { get; private set; }
    public int Flushes { get; private set; }
    public int LargestWrite { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");
    public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("synchronous write");
    public override void Flush() => throw new InvalidOperationException("synchronous flush");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Writes++;
        Bytes += buffer.Length;
        LargestWrite = Math.Max(LargestWrite, buffer.Length);
        NewLines += buffer.Span.Count((byte)'\n');
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken ct)
    {
        Flushes++;
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

internal static class Samples
{
    /// <summary>
    /// Every type an ingested table holds, with nulls, accents, the separators, newlines and formula-like texts.
    /// Point is a Table Schema geopoint ("lon, lat" or "[lon, lat]").
    /// </summary>
    public const string Sql = """
        SELECT * FROM (VALUES
          (1::BIGINT, 'Émilie, "la" grande', 1::INTEGER, 9007199254740993::BIGINT, 3.5::DOUBLE, 12.50::DECIMAL(10,2), true,
           DATE '2024-03-05', TIMESTAMP '2024-03-05 12:34:56', TIME '08:30:00', 48.8566::DOUBLE, 2.3522::DOUBLE, '2.3522, 48.8566'),
          (2, '=SUM(A1)', -2, NULL, 'NaN'::DOUBLE, 0.10, false,
           DATE '1999-12-31', TIMESTAMP '2024-03-05 12:34:56.25', TIME '23:59:59.5', 43.6047, 1.4442, '[1.4442,43.6047]'),
          (3, '+33 6 12 34 56 78', NULL, -5, 0.1, NULL, NULL, NULL, NULL, NULL, NULL, 2.0, 'pas un point'),
          (4, '-3.5', 7, 0, -1e20, -3.25, true, DATE '1850-06-01', TIMESTAMP '1850-06-01 00:00:00', TIME '00:00:00', 95.0, 2.0, '200, 10'),
          (5, '@x', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (6, 'ligne 1' || chr(10) || 'ligne 2', 0, 1, 2.0, 0, false, DATE '2000-01-01', TIMESTAMP '2000-01-01 00:00:00', TIME '12:00:00', 45.75, NULL, ' 4.8357 ,45.764 '),
          (7, chr(9) || 'tab', 0, 1, 2.0, 0, false, NULL, NULL, NULL, NULL, NULL, NULL),
          (8, '-', 0, 1, 2.0, 0, false, NULL, NULL, NULL, NULL, NULL, NULL),
          (9, NULL, 0, 1, 2.0, 0, false, NULL, NULL, NULL, NULL, NULL, NULL)
        ) t(__id, texte, entier, grand, nombre, montant, vrai, jour, instant, heure, lat, lon, point)
        ORDER BY __id
        """;
}
