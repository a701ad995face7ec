namespace Socle.Catalog.Model;

/// <summary>A licence a dataset can be published under (udata's ids, so harvesters map them as they know).</summary>
public sealed class License
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public string? Url { get; set; }
    /// <summary>Open in the sense of the Open Definition: counts for the quality score.</summary>
    public bool IsOpen { get; set; }
    /// <summary>Other spellings that resolve to this licence (e.g. "Licence Ouverte v2.0", "etalab-2.0").</summary>
    public string[] Aliases { get; set; } = [];
}
