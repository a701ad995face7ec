using System.Text;
using Socle.Validation.Schema;

namespace Socle.Tabular.Ingest;

/// <summary>Finds a table's coordinates: a schema geopoint, else numeric columns named like latitude and longitude.</summary>
internal static class Geo
{
    private static readonly string[] LatitudeWords = ["lat", "latitude", "y_lat", "lat_wgs84", "latitude_wgs84", "coordonnees_lat", "wgs84_lat", "ylat"];
    private static readonly string[] LongitudeWords = ["lon", "lng", "long", "longitude", "x_lon", "lon_wgs84", "longitude_wgs84", "coordonnees_lon", "wgs84_lon", "xlong"];

    public static GeoColumns? Find(IReadOnlyList<TableColumn> columns, TableSchema? schema)
    {
        if (schema is not null)
            foreach (var f in schema.Fields)
                if (f.Type == "geopoint" && columns.Any(c => c.Name == f.Name)) return GeoColumns.GeoPoint(f.Name);
        var numeric = columns.Where(c => c.Type is ColumnTypes.Number or ColumnTypes.Integer).ToList();
        var lat = numeric.FirstOrDefault(c => LatitudeWords.Contains(Fold(c.Name)));
        var lon = numeric.FirstOrDefault(c => LongitudeWords.Contains(Fold(c.Name)));
        if (lat is not null && lon is not null) return GeoColumns.LatLon(lat.Name, lon.Name);
        var point = columns.FirstOrDefault(c => c.Type == ColumnTypes.String && Fold(c.Name) is "geo_point_2d" or "geopoint" or "geo_point" or "coordonnees" or "coordinates");
        return point is null ? null : GeoColumns.GeoPoint(point.Name, latFirst: true);
    }

    /// <summary>"Coordonnées Lat" → "coordonnees_lat": lower case, French accents off, anything else an underscore.</summary>
    private static string Fold(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name.ToLowerInvariant())
            sb.Append(ch switch
            {
                'é' or 'è' or 'ê' or 'ë' => 'e', 'à' or 'â' or 'ä' => 'a', 'î' or 'ï' => 'i', 'ô' or 'ö' => 'o',
                'ù' or 'û' or 'ü' => 'u', 'ç' => 'c',
                _ when char.IsAsciiLetterOrDigit(ch) => ch,
                _ => '_',
            });
        return sb.ToString().Trim('_');
    }
}
