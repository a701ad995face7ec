using System.Text.Json;
using System.Text.Json.Serialization;
using Socle.Catalog.Model;

namespace Socle.Catalog.Quality;

/// <summary>One criterion: met or not, and the reason as a message key with arguments (rendered in the reader's language).</summary>
public sealed record QualityCriterion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("met")] bool Met,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("args")] string[] Args);

public sealed record QualityReport(int Score, IReadOnlyList<QualityCriterion> Criteria)
{
    public string ToJson() => JsonSerializer.Serialize(Criteria);
    public static IReadOnlyList<QualityCriterion> Parse(string json) =>
        JsonSerializer.Deserialize<List<QualityCriterion>>(json) ?? [];
}

/// <summary>
/// data.gouv.fr's nine quality criteria plus schema conformance. The score is the share of criteria met, out of
/// 100; schema conformance counts only for datasets with a resource that declares a schema.
/// </summary>
public static class QualityScorer
{
    public const int MinDescriptionLength = 100;

    /// <summary>
    /// Every criterion, in the order <see cref="Score"/> reports them; the last, "schema", only for datasets with a
    /// resource that declares a schema. The algorithm register's entry on this score is checked against this list.
    /// </summary>
    public static readonly IReadOnlyList<string> CriterionIds =
        ["description", "license", "temporal_coverage", "spatial", "update_frequency", "updated_on_time", "open_format", "resources_available", "documentation", "schema"];

    /// <summary>Formats anyone can read with free software and that machines can parse.</summary>
    public static readonly HashSet<string> OpenFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "csv", "tsv", "txt", "json", "jsonl", "ndjson", "geojson", "xml", "rdf", "ttl", "jsonld", "ods", "odt", "parquet",
        "shp", "gpkg", "kml", "gml", "gpx", "netcdf", "nc", "geotiff", "tif", "tiff", "png", "svg", "zip", "gtfs", "sql", "yaml", "yml",
    };

    public static QualityReport Score(Dataset d, License? license, IReadOnlyCollection<Resource> resources, DateTimeOffset now)
    {
        var c = new List<QualityCriterion>(10);
        var desc = d.Description.Trim().Length;
        c.Add(desc >= MinDescriptionLength
            ? new("description", true, "quality.description.ok", [desc.ToString()])
            : new("description", false, "quality.description.short", [desc.ToString(), MinDescriptionLength.ToString()]));
        c.Add(license is null || license.Id == "notspecified"
            ? new("license", false, "quality.license.missing", [])
            : new("license", true, license.IsOpen ? "quality.license.open" : "quality.license.closed", [license.Title]));
        c.Add(d.TemporalStart is not null || d.TemporalEnd is not null
            ? new("temporal_coverage", true, "quality.temporal.ok", [d.TemporalStart?.ToString("yyyy-MM-dd") ?? "…", d.TemporalEnd?.ToString("yyyy-MM-dd") ?? "…"])
            : new("temporal_coverage", false, "quality.temporal.missing", []));
        c.Add(d.Territories.Count > 0 || d.SpatialGranularity is not null
            ? new("spatial", true, "quality.spatial.ok", [string.Join(", ", d.Territories.Take(5))])
            : new("spatial", false, "quality.spatial.missing", []));
        var period = Frequencies.Period(d.Frequency);
        c.Add(d.Frequency is null or "unknown"
            ? new("update_frequency", false, "quality.frequency.missing", [])
            : new("update_frequency", true, "quality.frequency.ok", [d.Frequency]));
        c.Add(OnTime(d, period, now));
        var formats = resources.Select(r => r.Format).Where(f => f is not null).Select(f => f!).ToList();
        var open = formats.FirstOrDefault(OpenFormats.Contains);
        c.Add(open is not null
            ? new("open_format", true, "quality.format.open", [open])
            : new("open_format", false, resources.Count == 0 ? "quality.format.no-resource" : "quality.format.closed", [string.Join(", ", formats.Distinct())]));
        var remote = resources.Where(r => r.FileType == "remote").ToList();
        var unavailable = remote.Where(r => r.Available == false).Select(r => r.Title).ToList();
        var unchecked_ = remote.Count(r => r.Available is null);
        c.Add(resources.Count == 0 ? new("resources_available", false, "quality.available.no-resource", [])
            : unavailable.Count > 0 ? new("resources_available", false, "quality.available.broken", [string.Join(", ", unavailable)])
            : unchecked_ > 0 ? new("resources_available", false, "quality.available.unchecked", [unchecked_.ToString()])
            : new("resources_available", true, "quality.available.ok", [resources.Count.ToString()]));
        var documented = resources.Any(r => r.Type == ResourceTypes.Documentation)
            || resources.Count > 0 && resources.All(r => !string.IsNullOrWhiteSpace(r.Description));
        c.Add(documented
            ? new("documentation", true, "quality.documentation.ok", [])
            : new("documentation", false, "quality.documentation.missing", []));
        var withSchema = resources.Where(r => r.Schema is not null).ToList();
        if (withSchema.Count > 0)
        {
            var notValid = withSchema.Where(r => !IsCurrentlyValid(r)).Select(r => r.Title).ToList();
            c.Add(notValid.Count == 0
                ? new("schema", true, "quality.schema.ok", [withSchema.Count.ToString()])
                : new("schema", false, "quality.schema.not-valid", [string.Join(", ", notValid)]));
        }
        var score = (int)Math.Round(100.0 * c.Count(x => x.Met) / c.Count, MidpointRounding.AwayFromZero);
        return new QualityReport(score, c);
    }

    /// <summary>Valid only when the report is about the current content: a stale "valid" never counts.</summary>
    public static bool IsCurrentlyValid(Resource r) =>
        r.ValidationStatus == ValidationStatus.Valid && r.ValidatedChecksum is not null && r.ValidatedChecksum == r.Checksum;

    private static QualityCriterion OnTime(Dataset d, TimeSpan? period, DateTimeOffset now)
    {
        var last = d.DataUpdatedAt ?? d.UpdatedAt;
        if (d.Frequency is null or "unknown") return new("updated_on_time", false, "quality.ontime.no-frequency", []);
        if (period is null) return new("updated_on_time", true, "quality.ontime.not-periodic", [d.Frequency]);
        var due = last + period.Value;
        return due >= now
            ? new("updated_on_time", true, "quality.ontime.ok", [last.ToString("yyyy-MM-dd")])
            : new("updated_on_time", false, "quality.ontime.late", [last.ToString("yyyy-MM-dd"), due.ToString("yyyy-MM-dd")]);
    }
}

/// <summary>How long each update frequency allows between two updates (a day's grace included); null for non-periodic ones.</summary>
public static class Frequencies
{
    public static TimeSpan? Period(string? frequency) => frequency switch
    {
        "continuous" or "hourly" or "daily" => TimeSpan.FromDays(2),
        "weekly" or "threeTimesAWeek" or "semiweekly" => TimeSpan.FromDays(8),
        "biweekly" or "fortnightly" => TimeSpan.FromDays(15),
        "monthly" or "semimonthly" or "threeTimesAMonth" => TimeSpan.FromDays(32),
        "bimonthly" => TimeSpan.FromDays(62),
        "quarterly" => TimeSpan.FromDays(93),
        "semiannual" or "threeTimesAYear" => TimeSpan.FromDays(184),
        "annual" => TimeSpan.FromDays(367),
        "biennial" => TimeSpan.FromDays(732),
        "triennial" => TimeSpan.FromDays(1097),
        "quinquennial" => TimeSpan.FromDays(1828),
        _ => null,
    };
}
