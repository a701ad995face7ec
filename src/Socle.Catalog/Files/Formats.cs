using Socle.Catalog.Services;
using Socle.Validation;

namespace Socle.Catalog.Files;

/// <summary>File formats: names as catalogues write them (lowercase extensions), media types, and a check that the
/// content is what its format says, so a PDF declared as CSV is refused at upload.</summary>
public static class Formats
{
    private static readonly Dictionary<string, string> Mimes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = "text/csv", ["tsv"] = "text/tab-separated-values", ["txt"] = "text/plain", ["json"] = "application/json",
        ["jsonl"] = "application/jsonl", ["geojson"] = "application/geo+json", ["xml"] = "application/xml",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xls"] = "application/vnd.ms-excel",
        ["ods"] = "application/vnd.oasis.opendocument.spreadsheet", ["parquet"] = "application/vnd.apache.parquet",
        ["pdf"] = "application/pdf", ["zip"] = "application/zip", ["shp"] = "application/x-shapefile",
        ["gpkg"] = "application/geopackage+sqlite3", ["kml"] = "application/vnd.google-earth.kml+xml", ["html"] = "text/html",
        ["md"] = "text/markdown", ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["doc"] = "application/msword", ["odt"] = "application/vnd.oasis.opendocument.text", ["png"] = "image/png",
        ["jpg"] = "image/jpeg", ["svg"] = "image/svg+xml", ["rdf"] = "application/rdf+xml", ["ttl"] = "text/turtle",
        ["yaml"] = "application/yaml", ["sql"] = "application/sql", ["gz"] = "application/gzip",
    };

    /// <summary>Formats whose content must be text: a binary file declared as one of them is refused.</summary>
    private static readonly HashSet<string> TextFormats = new(StringComparer.OrdinalIgnoreCase)
        { "csv", "tsv", "txt", "json", "jsonl", "geojson", "xml", "kml", "md", "html", "rdf", "ttl", "yaml", "sql" };

    /// <summary>Formats stored in a ZIP container (Office Open XML, OpenDocument).</summary>
    private static readonly HashSet<string> ZipFormats = new(StringComparer.OrdinalIgnoreCase) { "xlsx", "docx", "ods", "odt", "zip" };

    /// <summary>Formats the tabular module turns into a queryable table.</summary>
    private static readonly HashSet<string> TabularFormats = new(StringComparer.OrdinalIgnoreCase)
        { "csv", "tsv", "xlsx", "xls", "json", "jsonl", "ndjson", "parquet" };

    public static bool IsTabular(string? format) => format is not null && TabularFormats.Contains(format);

    /// <summary>"CSV", ".csv", "text/csv" → "csv"; null for something that is not a format name.</summary>
    public static string? Normalize(string? format)
    {
        if (string.IsNullOrWhiteSpace(format)) return null;
        var f = format.Trim().TrimStart('.').ToLowerInvariant();
        var byMime = Mimes.FirstOrDefault(m => m.Value == f).Key;
        if (byMime is not null) return byMime;
        return f.Length <= 20 && f.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') ? f : null;
    }

    public static string? FromFileName(string name)
    {
        var ext = Path.GetExtension(name);
        return ext.Length > 1 ? Normalize(ext) : null;
    }

    public static string? Mime(string? format) => format is not null && Mimes.TryGetValue(format, out var m) ? m : null;

    /// <summary>Throws a 400 when the first bytes contradict the declared format.</summary>
    public static void CheckContent(Stream head, string? format)
    {
        if (format is null) return;
        var buffer = new byte[8192];
        var n = head.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var kind = Validator.IdentifyBinary(buffer.AsSpan(0, n));
        if (TextFormats.Contains(format) && kind is not null)
            throw CatalogException.Invalid("file", "content-mismatch", format, kind);
        if (ZipFormats.Contains(format) && kind != "ZIP")
            throw CatalogException.Invalid("file", "content-mismatch", format, kind ?? "text");
        if (format == "xls" && kind is not ("OLE2 (Office 97-2003)"))
            throw CatalogException.Invalid("file", "content-mismatch", format, kind ?? "text");
        if (format == "pdf" && kind != "PDF")
            throw CatalogException.Invalid("file", "content-mismatch", format, kind ?? "text");
    }
}

/// <summary>Upload names: a plain file name, never a path.</summary>
public static class FileNames
{
    public static string Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw CatalogException.Invalid("file", "file-name", name ?? "");
        var n = name.Trim();
        if (n.Contains('/') || n.Contains('\\') || n == "." || n == ".." || n.StartsWith('.') || n.Any(char.IsControl) || n.Length > 255)
            throw CatalogException.Invalid("file", "file-name", n);
        return n;
    }
}
