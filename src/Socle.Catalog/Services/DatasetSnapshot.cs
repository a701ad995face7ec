using System.Globalization;
using System.Text.Json.Nodes;
using Socle.Catalog.Model;

namespace Socle.Catalog.Services;

/// <summary>
/// A dataset's metadata as JSON, in the same shape the API accepts: what a revision stores, and what two
/// revisions are compared on, property by property (profile fields one by one, as <c>extras.key</c>).
/// </summary>
public static class DatasetSnapshot
{
    public static JsonObject Of(Dataset d, string? organizationSlug) => new()
    {
        ["title"] = d.Title,
        ["slug"] = d.Slug,
        ["description"] = d.Description,
        ["organization"] = organizationSlug,
        ["license"] = d.LicenseId,
        ["tags"] = new JsonArray([.. d.Keywords.Select(k => (JsonNode?)k)]),
        ["spatial"] = new JsonObject
        {
            ["zones"] = new JsonArray([.. d.Territories.Select(k => (JsonNode?)k)]),
            ["granularity"] = d.SpatialGranularity,
        },
        ["temporal_coverage"] = new JsonObject
        {
            ["start"] = d.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["end"] = d.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        ["frequency"] = d.Frequency,
        ["contact_point"] = new JsonObject { ["name"] = d.ContactName, ["email"] = d.ContactEmail },
        ["extras"] = d.Extras.DeepClone(),
        ["status"] = StatusName(d.Status),
    };

    public static string StatusName(DatasetStatus s) => s switch
    {
        DatasetStatus.Draft => "draft",
        DatasetStatus.Proposed => "proposed",
        DatasetStatus.Published => "published",
        DatasetStatus.Archived => "archived",
        _ => "rejected",
    };

    /// <summary>The properties that differ, each with its value before and after; profile fields ("extras" of a dataset,
    /// "fields" of an algorithm entry) one by one.</summary>
    public static JsonArray Diff(JsonObject before, JsonObject after)
    {
        var changes = new JsonArray();
        foreach (var (key, b, a) in Flatten(before, after))
            if (!JsonNode.DeepEquals(b, a))
                changes.Add(new JsonObject { ["field"] = key, ["before"] = b?.DeepClone(), ["after"] = a?.DeepClone() });
        return changes;
    }

    private static IEnumerable<(string, JsonNode?, JsonNode?)> Flatten(JsonObject before, JsonObject after)
    {
        var keys = before.Select(p => p.Key).Union(after.Select(p => p.Key));
        foreach (var key in keys)
        {
            var b = before[key];
            var a = after[key];
            if (key is "extras" or "fields" && (b is JsonObject or null) && (a is JsonObject or null))
            {
                var bo = b as JsonObject ?? [];
                var ao = a as JsonObject ?? [];
                foreach (var k in bo.Select(p => p.Key).Union(ao.Select(p => p.Key)))
                    yield return ($"{key}.{k}", bo[k], ao[k]);
            }
            else yield return (key, b, a);
        }
    }
}
