using System.Text.Json.Nodes;

namespace Socle.Catalog.Harvest;

/// <summary>
/// A dataset as a source describes it, read from DCAT, CKAN or udata into one shape. Values are hints: the licence, the
/// frequency and the profile fields are resolved against this catalogue when the dataset is applied.
/// </summary>
internal sealed record RemoteDataset
{
    /// <summary>The source's own identifier (udata/CKAN id, DCAT <c>dct:identifier</c>); the URI when it has none.</summary>
    public required string RemoteId { get; init; }
    /// <summary>A second identity that survives a change of id: the DCAT subject IRI, or the dataset's page at the source.</summary>
    public string? RemoteUri { get; init; }
    /// <summary>The page a reader opens to see the dataset at the source.</summary>
    public string? Page { get; init; }
    public string? Title { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>Licence as the source names it: an id, a URL or a title.</summary>
    public IReadOnlyList<string> License { get; init; } = [];
    /// <summary>Frequency as the source names it: a value, a label or the EU frequency URI.</summary>
    public string? Frequency { get; init; }
    public IReadOnlyList<string> Territories { get; init; } = [];
    public DateOnly? TemporalStart { get; init; }
    public DateOnly? TemporalEnd { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    /// <summary>Candidate values of profile fields, checked by the profile's validator when applied (those that fail are left out).</summary>
    public JsonObject Extras { get; init; } = [];
    public IReadOnlyList<RemoteResource> Resources { get; init; } = [];
}

/// <summary>A distribution or resource of a remote dataset: always a link here, never copied.</summary>
internal sealed record RemoteResource
{
    public string? RemoteId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public required string Url { get; init; }
    public string? Format { get; init; }
    public string? Mime { get; init; }
    public long? Size { get; init; }
    /// <summary>The schema as the source names it: a URL, or a registered <c>name</c> / <c>name@version</c>.</summary>
    public string? Schema { get; init; }
    public string? SchemaName { get; init; }
    public string? SchemaVersion { get; init; }
    public string? Type { get; init; }
}

/// <summary>Everything one run read from its source: the datasets, and the entries it could not read (with why).</summary>
internal sealed record HarvestListing(IReadOnlyList<RemoteDataset> Datasets, IReadOnlyList<HarvestItem> Unreadable, int Pages);
