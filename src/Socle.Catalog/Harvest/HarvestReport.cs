using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Socle.Validation.Reporting;

namespace Socle.Catalog.Harvest;

/// <summary>Why something went wrong, as a message key and its arguments, rendered in the reader's language when shown.</summary>
public sealed record HarvestProblem(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("args")] string[] Args,
    [property: JsonPropertyName("detail")] HarvestProblem? Detail = null)
{
    public static HarvestProblem Of(string key, params object?[] args) =>
        new(key, [.. args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")]);

    /// <summary>The message, followed by the underlying one (e.g. the RDF parser's) when there is one.</summary>
    public string Describe(string lang) => Messages.Format(Key, lang, [.. Args]) + (Detail is null ? "" : " — " + Detail.Describe(lang));
}

/// <summary>What a run did to one remote dataset.</summary>
public sealed record HarvestItem(
    [property: JsonPropertyName("remote_id")] string RemoteId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("dataset")] string? Dataset = null,
    [property: JsonPropertyName("reason")] HarvestProblem? Reason = null,
    [property: JsonPropertyName("notes")] IReadOnlyList<HarvestProblem>? Notes = null)
{
    public const string Created = "created", Updated = "updated", Unchanged = "unchanged", Archived = "archived", Failed = "failed";

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Serialize(IEnumerable<HarvestItem> items) => JsonSerializer.Serialize(items, Options);

    public static List<HarvestItem> Parse(string json) => JsonSerializer.Deserialize<List<HarvestItem>>(json, Options) ?? [];
}

/// <summary>A source that could not be read as a whole: the run fails and nothing changes.</summary>
internal sealed class HarvestSourceException(HarvestProblem problem) : Exception(problem.Key)
{
    public HarvestProblem Problem { get; } = problem;
}
