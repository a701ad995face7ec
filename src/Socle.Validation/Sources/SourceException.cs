using Socle.Validation.Reporting;

namespace Socle.Validation.Sources;

/// <summary>
/// A table source that cannot be read (missing sheet, unreadable workbook, binary file, empty file, unknown encoding,
/// ...). Like <see cref="Schema.SchemaException"/>, it carries a message key (<c>Resources/messages/sources.*.json</c>)
/// and its arguments so that the CLI and the web render it in the user's language; <see cref="Exception.Message"/> is
/// the English text. The engine turns it into a <c>source-error</c> (or <c>encoding-error</c> for
/// <see cref="EncodingErrorException"/>).
/// </summary>
public class SourceException(string key, params string[] args)
    : Exception(Messages.Format(key, Messages.English, args))
{
    public string Key { get; } = key;
    public string[] Args { get; } = args;
    public string Localized(string lang) => Messages.Format(Key, lang, Args);
}

/// <summary>Where bytes that are not valid in the file's encoding were met (offsets count from the file's first byte, BOM included).</summary>
/// <param name="Offset">0-based byte offset of the first invalid byte.</param>
/// <param name="Line">1-based text line of that byte, or null when it cannot be counted on bytes (UTF-16, other multi-byte code pages).</param>
/// <param name="Bytes">The invalid bytes (one invalid sequence, at most a few bytes).</param>
/// <param name="EncodingName">The encoding the file was being read in.</param>
/// <param name="Mixed">True when the bytes are a valid UTF-8 sequence inside a file read as Windows-1252 (mixed encodings).</param>
public sealed record InvalidBytes(long Offset, long? Line, byte[] Bytes, string EncodingName, bool Mixed)
{
    /// <summary>The bytes in hexadecimal, e.g. "E9" or "C3A9".</summary>
    public string Hex => Convert.ToHexString(Bytes);
}

/// <summary>Bytes that are not valid in the encoding the file is read in: the engine reports an <c>encoding-error</c>.</summary>
public sealed class EncodingErrorException(InvalidBytes where)
    : SourceException(where.Mixed ? "source.encoding-mixed" : where.Line is null ? "source.encoding-invalid-offset" : "source.encoding-invalid",
        where.EncodingName, where.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        where.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", where.Hex)
{
    public InvalidBytes Where { get; } = where;
}
