using System.Reflection;
using System.Text.Json.Nodes;

namespace Socle.Catalog.Demo;

/// <summary>A commune of the reference list: INSEE code, department, region, EPCI (SIREN), coordinates, rounded population.</summary>
internal sealed record DemoPlace(string Insee, string Name, string Dep, string Region, string? Epci, double Lat, double Lon, int Pop);

/// <summary>A monitoring station or sampling point of a network, placed in its commune.</summary>
internal sealed record DemoSite(string Code, string Name, string Kind, DemoPlace Place, double Lat, double Lon, JsonObject Raw);

/// <summary>A department, its population, and its largest commune of the reference list.</summary>
internal sealed record DemoDep(string Code, string Name, int Pop, DemoPlace Main);

/// <summary>
/// The reference data the generated files draw on (<c>Resources/demo/world.json</c>): communes, networks of
/// stations, lists of values, and the table templates (<c>Resources/demo/tables.json</c>).
/// </summary>
internal sealed class DemoWorld
{
    public required IReadOnlyList<DemoPlace> Places { get; init; }
    public required IReadOnlyDictionary<string, (string Name, int Pop)> Departements { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<DemoSite>> Networks { get; init; }
    public required IReadOnlyDictionary<string, string[]> Lists { get; init; }
    public required JsonObject Tables { get; init; }

    public static DemoWorld Load()
    {
        var world = DemoResources.Json("world.json");
        var places = world["places"]!.AsArray().Select(p => new DemoPlace(
            Str(p, "insee"), Str(p, "name"), Str(p, "dep"), Str(p, "region"), p!["epci"]?.GetValue<string>(),
            p["lat"]!.GetValue<double>(), p["lon"]!.GetValue<double>(), p["pop"]!.GetValue<int>())).ToList();
        var byInsee = places.ToDictionary(p => p.Insee);
        var networks = world["networks"]!.AsObject().ToDictionary(n => n.Key, n => (IReadOnlyList<DemoSite>)n.Value!.AsArray().Select(s =>
        {
            var place = byInsee[Str(s, "insee")];
            // A stable offset from the commune's centre, so a station sits at the same spot in every file.
            var h = DemoTables.StableHash(Str(s, "code"));
            var lat = Math.Round(place.Lat + ((h % 1000) / 1000.0 - 0.5) * 0.04, 5);
            var lon = Math.Round(place.Lon + ((h / 1000 % 1000) / 1000.0 - 0.5) * 0.05, 5);
            return new DemoSite(Str(s, "code"), Str(s, "name"), Str(s, "kind"), place, lat, lon, s!.AsObject());
        }).ToList());
        return new DemoWorld
        {
            Places = places,
            Departements = world["departements"]!.AsObject().ToDictionary(d => d.Key, d => (Str(d.Value, "name"), d.Value!["pop"]!.GetValue<int>())),
            Networks = networks,
            Lists = world["lists"]!.AsObject().ToDictionary(l => l.Key, l => l.Value!.AsArray().Select(v => v!.GetValue<string>()).ToArray()),
            Tables = DemoResources.Json("tables.json").AsObject(),
        };
    }

    /// <summary>The communes inside territory codes (a commune, an EPCI, a department, a region, the country); all when none.</summary>
    public IReadOnlyList<DemoPlace> PlacesIn(IReadOnlyCollection<string> zones)
    {
        if (zones.Count == 0) return Places;
        return Places.Where(p => zones.Any(z => z.Split(':') switch
        {
            ["fr", "commune", var c] => p.Insee == c,
            ["fr", "epci", var e] => p.Epci == e,
            ["fr", "departement", var d] => p.Dep == d,
            ["fr", "region", var r] => p.Region == r,
            ["fr", "pays", _] => true,
            _ => false,
        })).ToList();
    }

    public IReadOnlyList<DemoDep> DepsOf(IReadOnlyList<DemoPlace> places) => places.GroupBy(p => p.Dep).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new DemoDep(g.Key, Departements[g.Key].Name, Departements[g.Key].Pop, g.MaxBy(p => p.Pop)!)).ToList();

    private static string Str(JsonNode? node, string key) => node![key]!.GetValue<string>();
}

/// <summary>The embedded files under <c>Resources/demo/</c>.</summary>
internal static class DemoResources
{
    private const string Prefix = "Socle.Catalog.Resources.demo.";
    private static Assembly Assembly => typeof(DemoResources).Assembly;

    public static JsonNode Json(string name)
    {
        using var stream = Open(name);
        return JsonNode.Parse(stream, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
    }

    public static byte[] Bytes(string name)
    {
        using var stream = Open(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The names of the embedded files under a folder (<c>"schemas."</c>), relative to it.</summary>
    public static IEnumerable<string> Names(string folder) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix + folder, StringComparison.Ordinal)).Select(n => n[(Prefix + folder).Length..]).Order(StringComparer.Ordinal);

    private static Stream Open(string name) => Assembly.GetManifestResourceStream(Prefix + name)
        ?? throw new InvalidOperationException($"Embedded resource {Prefix}{name} is missing.");
}
