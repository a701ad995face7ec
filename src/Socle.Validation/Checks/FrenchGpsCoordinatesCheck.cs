using System.Globalization;
using System.Text.Json;
using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// <c>french-gps-coordinates</c>: a geopoint (longitude, latitude in WGS84) that falls in metropolitan France,
/// Guadeloupe, Martinique, Guyane, La Réunion or Mayotte — bounding boxes, as Validata (so places just across a border
/// pass). When the point is outside but its reverse (latitude, longitude) is inside, the error is
/// <c>reversed-french-gps-coordinates</c>.
/// </summary>
internal sealed class FrenchGpsCoordinatesCheck : ValueCheck
{
    public const string ReversedCode = "reversed-french-gps-coordinates";

    /// <summary>(lon min, lat min, lon max, lat max), Validata's boxes.</summary>
    private static readonly (double X0, double Y0, double X1, double Y1)[] Boxes =
    [
        (-61.809839, 15.832041, -61.001959, 16.514488), // Guadeloupe
        (-61.229033, 14.388646, -60.809655, 14.878723), // Martinique
        (-54.60239, 2.111055, -51.619041, 5.748138),    // Guyane
        (55.216526, -21.389631, 55.836654, -20.8718),   // La Réunion
        (45.01833, -13.005254, 45.299985, -12.63659),   // Mayotte
        (-5.141277, 41.333571, 9.560091, 51.088989),    // France métropolitaine
    ];

    private enum Layout { Default, Array, Object, Any }

    private static readonly CellFailure Reversed = new("note.gps.reversed", [], ReversedCode);
    private static readonly CellFailure Unreadable = new("note.gps.unreadable");

    private readonly Layout _layout;

    public FrenchGpsCoordinatesCheck(string code, CheckContext context, int field) : base(code, context, field)
    {
        var f = context.Schema.Fields[field];
        _layout = f.Type != "geopoint" ? Layout.Any : f.Format switch
        {
            "array" => Layout.Array,
            "object" => Layout.Object,
            _ => Layout.Default,
        };
    }

    /// <summary>Strictly inside one of the boxes (shapely's <c>within</c>: a point on an edge is not).</summary>
    public static bool InFrance(double lon, double lat)
    {
        foreach (var (x0, y0, x1, y1) in Boxes)
            if (lon > x0 && lon < x1 && lat > y0 && lat < y1) return true;
        return false;
    }

    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value)
    {
        if (!TryRead(text, out var lon, out var lat)) return Unreadable;
        if (InFrance(lon, lat)) return null;
        return InFrance(lat, lon) ? Reversed : new CellFailure("note.gps.outside", [Format(lon), Format(lat)]);
    }

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private bool TryRead(ReadOnlySpan<char> text, out double lon, out double lat) => _layout switch
    {
        Layout.Default => TryPair(text, out lon, out lat),
        Layout.Array => TryArray(text, out lon, out lat),
        Layout.Object => TryObject(text, out lon, out lat),
        _ => TryPair(text, out lon, out lat) || TryArray(text, out lon, out lat),
    };

    /// <summary>The geopoint default format: "lon, lat".</summary>
    private static bool TryPair(ReadOnlySpan<char> text, out double lon, out double lat)
    {
        lon = lat = 0;
        var comma = text.IndexOf(',');
        if (comma < 0 || text[(comma + 1)..].Contains(',')) return false;
        return TryNumber(text[..comma], out lon) && TryNumber(text[(comma + 1)..], out lat);
    }

    /// <summary>The geopoint array format: "[lon, lat]".</summary>
    private static bool TryArray(ReadOnlySpan<char> text, out double lon, out double lat)
    {
        lon = lat = 0;
        text = text.Trim();
        return text.Length >= 2 && text[0] == '[' && text[^1] == ']' && TryPair(text[1..^1], out lon, out lat);
    }

    /// <summary>The geopoint object format: {"lon": ..., "lat": ...}.</summary>
    private static bool TryObject(ReadOnlySpan<char> text, out double lon, out double lat)
    {
        lon = lat = 0;
        try
        {
            using var doc = JsonDocument.Parse(text.ToString());
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("lon", out var x) && x.ValueKind == JsonValueKind.Number && x.TryGetDouble(out lon)
                && root.TryGetProperty("lat", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetDouble(out lat);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryNumber(ReadOnlySpan<char> s, out double d) =>
        double.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out d) && double.IsFinite(d);
}
