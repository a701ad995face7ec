namespace Socle.Portal;

/// <summary>What the portal pages are told: the site's name and the map's tiles.</summary>
public sealed record PortalOptions
{
    /// <summary>The service's name in the header, the title bar and the footer.</summary>
    public string SiteName { get; init; } = "Socle";

    /// <summary>
    /// The raster tile URL template of the maps (<c>{z}/{x}/{y}</c>), OpenStreetMap's by default; empty for no
    /// background (points are drawn either way, so a closed network still shows them).
    /// </summary>
    public string TileUrl { get; init; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public string TileAttribution { get; init; } = "© OpenStreetMap";

    /// <summary>
    /// Whether pages that fetch a URL a visitor gives (<c>/validate/</c>) may reach the server's own network (loopback,
    /// private, link-local addresses): off by default, so the portal cannot be used to read internal services; on for
    /// a portal that serves an intranet.
    /// </summary>
    public bool FetchPrivateAddresses { get; init; }
}
