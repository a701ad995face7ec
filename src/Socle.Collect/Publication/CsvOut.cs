using System.Text;

namespace Socle.Collect.Publication;

/// <summary>
/// A CSV file written row by row (RFC 4180: comma, double quotes when needed, LF), UTF-8 without BOM: a register of
/// 150,000 records never sits in memory as a whole file.
/// </summary>
internal sealed class CsvOut : IAsyncDisposable
{
    private readonly StreamWriter writer;
    private bool first = true;

    public CsvOut(string path, IEnumerable<string> header)
    {
        Path = path;
        writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
        foreach (var h in header) Cell(h);
        EndRow();
        Rows = 0;
    }

    public string Path { get; }
    /// <summary>Data rows written (the header not counted).</summary>
    public long Rows { get; private set; }

    public void Cell(string? value)
    {
        if (!first) writer.Write(',');
        first = false;
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) { writer.Write(value); return; }
        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    public void EndRow()
    {
        writer.Write('\n');
        first = true;
        Rows++;
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
