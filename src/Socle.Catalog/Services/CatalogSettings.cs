using Socle.Catalog.Profiles;

namespace Socle.Catalog.Services;

/// <summary>What an operator configures: the metadata profiles (datasets, algorithms), the upload limit, the public address.</summary>
public sealed class CatalogSettings
{
    public required MetadataProfile Profile { get; init; }
    /// <summary>The fields of algorithm register entries (<see cref="ProfileLoader.AlgorithmDefaultId"/> unless configured).</summary>
    public MetadataProfile AlgorithmProfile { get; init; } = ProfileLoader.LoadAlgorithmProfile(ProfileLoader.AlgorithmDefaultId);
    /// <summary>Largest accepted upload, in bytes (default 2 GiB).</summary>
    public long MaxUploadBytes { get; init; } = 2L << 30;
    /// <summary>Where links in exports point, e.g. "https://data.example.fr"; relative links when null.</summary>
    public string? PublicBaseUrl { get; init; }
}
