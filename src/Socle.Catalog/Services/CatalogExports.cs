using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>
/// The catalogue as CSV, as data.gouv.fr publishes its own (<c>datasets.csv</c>, <c>resources.csv</c>,
/// <c>organizations.csv</c>): published datasets only, streamed row by row, semicolon-free RFC 4180 with a comma.
/// </summary>
public sealed class CatalogExports(CatalogDb db, CatalogSettings settings)
{
    public async Task DatasetsAsync(TextWriter w, CancellationToken ct = default)
    {
        await Csv.RowAsync(w, DatasetColumns);
        var q = DatasetRows(db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published).OrderBy(d => d.Key));
        await foreach (var d in q.AsAsyncEnumerable().WithCancellation(ct))
            await Csv.RowAsync(w, DatasetCells(d));
    }

    /// <summary>
    /// The same columns for the published datasets among <paramref name="keys"/>, in that order (a search result,
    /// from <see cref="Search.SearchService.KeysAsync"/>): read a batch at a time, so memory stays flat.
    /// </summary>
    public async Task DatasetsAsync(TextWriter w, IReadOnlyList<long> keys, CancellationToken ct = default)
    {
        await Csv.RowAsync(w, DatasetColumns);
        foreach (var batch in keys.Chunk(500))
        {
            var rows = await DatasetRows(db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published && batch.Contains(d.Key)))
                .ToDictionaryAsync(d => d.Key, ct);
            foreach (var key in batch)
                if (rows.TryGetValue(key, out var d)) await Csv.RowAsync(w, DatasetCells(d));
        }
    }

    private static readonly string[] DatasetColumns = ["id", "slug", "title", "url", "organization", "organization_id", "license", "tags", "territories",
        "temporal_start", "temporal_end", "frequency", "status", "quality", "resources_count", "created_at", "updated_at", "extras"];

    private sealed record DatasetRow(long Key, Guid Id, string Slug, string Title, string? Org, Guid? OrganizationId, string? LicenseId,
        List<string> Keywords, List<string> Territories, DateOnly? TemporalStart, DateOnly? TemporalEnd, string? Frequency, int Quality, int Count,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, System.Text.Json.Nodes.JsonObject Extras);

    private static IQueryable<DatasetRow> DatasetRows(IQueryable<Dataset> q) => q.Select(d => new DatasetRow(d.Key, d.Id, d.Slug, d.Title,
        d.Organization!.Name, d.OrganizationId, d.LicenseId, d.Keywords, d.Territories, d.TemporalStart, d.TemporalEnd, d.Frequency, d.Quality,
        d.Resources.Count, d.CreatedAt, d.UpdatedAt, d.Extras));

    private string?[] DatasetCells(DatasetRow d) => [d.Id.ToString(), d.Slug, d.Title, Link($"/api/1/datasets/{d.Slug}/"), d.Org, d.OrganizationId?.ToString(),
        d.LicenseId, string.Join(",", d.Keywords), string.Join(",", d.Territories), Date(d.TemporalStart), Date(d.TemporalEnd), d.Frequency, "published",
        d.Quality.ToString(CultureInfo.InvariantCulture), d.Count.ToString(CultureInfo.InvariantCulture), Instant(d.CreatedAt), Instant(d.UpdatedAt),
        d.Extras.ToJsonString()];

    public async Task ResourcesAsync(TextWriter w, CancellationToken ct = default)
    {
        await Csv.RowAsync(w, ["dataset_id", "dataset_slug", "id", "title", "type", "filetype", "format", "mime", "url", "filesize", "checksum_sha256",
            "schema", "validation_status", "validated_at", "created_at", "updated_at"]);
        var q = db.Resources.AsNoTracking().Where(r => r.Dataset!.Status == DatasetStatus.Published).OrderBy(r => r.DatasetKey).ThenBy(r => r.Position)
            .Select(r => new { r, DatasetId = r.Dataset!.Id, DatasetSlug = r.Dataset.Slug });
        await foreach (var x in q.AsAsyncEnumerable().WithCancellation(ct))
        {
            var r = x.r;
            await Csv.RowAsync(w, [x.DatasetId.ToString(), x.DatasetSlug, r.Id.ToString(), r.Title, r.Type, r.FileType, r.Format, r.Mime,
                r.Url ?? Link($"/api/1/datasets/{x.DatasetSlug}/resources/{r.Id}/download"), r.Size?.ToString(CultureInfo.InvariantCulture), r.Checksum,
                r.Schema, ResourceStatus.Name(r), r.ValidatedAt is { } v ? Instant(v) : null, Instant(r.CreatedAt), Instant(r.UpdatedAt)]);
        }
    }

    public async Task OrganizationsAsync(TextWriter w, CancellationToken ct = default)
    {
        await Csv.RowAsync(w, ["id", "slug", "name", "acronym", "type", "url", "datasets_count", "created_at"]);
        var q = db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new
        {
            o.Id, o.Slug, o.Name, o.Acronym, o.Type, o.Url, o.CreatedAt,
            Count = db.Datasets.Count(d => d.OrganizationId == o.Id && d.Status == DatasetStatus.Published),
        });
        await foreach (var o in q.AsAsyncEnumerable().WithCancellation(ct))
            await Csv.RowAsync(w, [o.Id.ToString(), o.Slug, o.Name, o.Acronym, o.Type, o.Url, o.Count.ToString(CultureInfo.InvariantCulture), Instant(o.CreatedAt)]);
    }

    private string Link(string path) => Link(settings, path);

    /// <summary>An address in an export: absolute under the configured public address, else relative.</summary>
    internal static string Link(CatalogSettings settings, string path) => (settings.PublicBaseUrl?.TrimEnd('/') ?? "") + path;
    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    /// <summary>An instant in an export: UTC, to the second, ISO 8601.</summary>
    internal static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>The validation status as the API and exports spell it; "valid" only for the current content.</summary>
public static class ResourceStatus
{
    public static string Name(Resource r) => Name(r.ValidationStatus, r.ValidatedChecksum, r.Checksum);

    /// <summary>The same from the three columns it reads (for a query that does not load whole resources).</summary>
    public static string Name(ValidationStatus status, string? validatedChecksum, string? checksum) => status switch
    {
        ValidationStatus.Valid when validatedChecksum == checksum && validatedChecksum is not null => "valid",
        ValidationStatus.Invalid when validatedChecksum == checksum => "invalid",
        ValidationStatus.Failed => "failed",
        _ => "not-validated",
    };
}

/// <summary>RFC 4180 rows; a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe.</summary>
public static class Csv
{
    public static async Task RowAsync(TextWriter w, IReadOnlyList<string?> cells)
    {
        var sb = new StringBuilder(256);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var c = cells[i] ?? "";
            if (NeedsFormulaGuard(c)) c = "'" + c;
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"")).Append('"');
            else sb.Append(c);
        }
        sb.Append("\r\n");
        await w.WriteAsync(sb);
    }

    /// <summary>
    /// A text a spreadsheet would run as a formula (OWASP CSV injection: starts with = + - @ tab or CR) gets a
    /// leading apostrophe, unless it is a plain number such as "-3.5" or "+33", which a spreadsheet reads as one.
    /// </summary>
    public static bool NeedsFormulaGuard(ReadOnlySpan<char> s) =>
        s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(s);

    // [+-]? digits [. digits] [(e|E) [+-]? digits], or [+-]? . digits: no spaces, no words like Infinity.
    private static bool IsPlainNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var exp = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == s.Length;
    }
}
