using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Socle.Catalog.Harvest;

/// <summary>Reading helpers shared by the JSON APIs (CKAN, udata): lenient about types, since portals differ.</summary>
internal static class JsonSource
{
    public static JsonNode Parse(string text, string url)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })
                   ?? throw new HarvestSourceException(HarvestProblem.Of("harvest.error.json", url, "null"));
        }
        catch (JsonException e)
        {
            throw new HarvestSourceException(HarvestProblem.Of("harvest.error.json", url, e.Message));
        }
    }

    /// <summary>A string, number or boolean as text; null for anything else or blank.</summary>
    public static string? Str(JsonNode? node, string name)
    {
        if (node is not JsonObject o || !o.TryGetPropertyValue(name, out var v) || v is not JsonValue value) return null;
        var s = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public static long? Long(JsonNode? node, string name) =>
        Str(node, name) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

    public static IEnumerable<JsonNode> Items(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonArray a ? a.Where(x => x is not null).Select(x => x!) : [];

    /// <summary>The date part of an ISO date or date-time ("2024-03-01", "2024-03-01T12:00:00Z").</summary>
    public static DateOnly? Date(string? s) =>
        s is { Length: >= 10 } && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>An absolute http(s) URL, resolved against <paramref name="baseUrl"/> when relative.</summary>
    public static string? Url(string? s, Uri? baseUrl = null)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        if (Uri.TryCreate(s.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https") return u.ToString();
        if (baseUrl is not null && Uri.TryCreate(baseUrl, s.Trim(), out var r) && r.Scheme is "http" or "https") return r.ToString();
        return null;
    }

    public static string Root(string url) => url.TrimEnd('/');
}
