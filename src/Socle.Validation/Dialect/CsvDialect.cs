namespace Socle.Validation.Dialect;

/// <summary>
/// How a delimited text file is written (the part of a CSV dialect that can be sniffed).
/// Named <c>CsvDialect</c>, not <c>Dialect</c>: a type named like its namespace cannot be named from other
/// <c>Socle.Validation.*</c> namespaces (CS0118).
/// </summary>
/// <param name="Delimiter"><c>,</c> <c>;</c> tab or <c>|</c>.</param>
/// <param name="Quote"><c>"</c> or <c>'</c>; Sep reads only <c>"</c> (use <see cref="Sources.SimpleDelimitedReader"/> otherwise).</param>
/// <param name="Header">Whether the first record is a header.</param>
/// <param name="LineTerminator"><c>\n</c>, <c>\r\n</c> or <c>\r</c> (informative: the readers accept all three).</param>
internal sealed record CsvDialect(char Delimiter, char Quote, bool Header, string LineTerminator)
{
    /// <summary>What frictionless assumes: <c>,</c> <c>"</c>, a header, <c>\r\n</c>.</summary>
    public static CsvDialect Default { get; } = new(',', '"', true, "\r\n");
}
