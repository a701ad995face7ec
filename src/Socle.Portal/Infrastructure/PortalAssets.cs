using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Socle.Portal.Infrastructure;

/// <summary>
/// The portal's static files, copied by the build into <c>portal/</c> beside the assemblies (Socle's own under
/// <c>assets/</c>, the npm libraries under <c>vendor/</c>). URLs carry a hash of the file, so browsers may keep
/// them for a year and still get a new version at once.
/// </summary>
public sealed class PortalAssets
{
    public const string RequestPath = "/static";
    private readonly ConcurrentDictionary<string, string> urls = new(StringComparer.Ordinal);

    public string Root { get; } = Path.Combine(AppContext.BaseDirectory, "portal");

    /// <summary>The versioned URL of a file under <c>portal/</c>, e.g. <c>vendor/dsfr/dsfr.min.css</c>.</summary>
    public string Url(string path) => urls.GetOrAdd(path, p =>
    {
        var file = Path.Combine(Root, p);
        if (!File.Exists(file)) return $"{RequestPath}/{p}";
        using var s = File.OpenRead(file);
        return $"{RequestPath}/{p}?v={Convert.ToHexStringLower(SHA256.HashData(s).AsSpan(0, 6))}";
    });
}
