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

    /// <summary>"Coordonnées Lat" → "coordonnees_lat": the catalogue's folding (lower case, no accents), words joined by "_".</summary>
    private static string Fold(string name) => Socle.Catalog.Profiles.TextFolding.Fold(name).Replace(' ', '_');
}
