using Microsoft.EntityFrameworkCore;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Records;

namespace Socle.Collect.Imports;

/// <summary>
/// The collection's records as an import matches them, in memory: by external id, by name and commune, and by distance
/// on a grid of about a kilometre. One source's fingerprints tell unchanged rows without reading their values.
/// </summary>
internal sealed class RegisterIndex
{
    internal sealed record Entry(Guid Id, long Number, string? ExternalId, string? NameKey, double? Latitude, double? Longitude,
        string? Category, string? Region, string? Departement, string? Label, DateOnly LatestValidFrom);

    private const double CellDegrees = 0.01;
    private readonly Dictionary<string, Entry> byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, int), List<Entry>> byCell = [];

    public Dictionary<Guid, long> Hashes { get; } = [];
    public int Count { get; private set; }

    public static async Task<RegisterIndex> LoadAsync(CollectDb db, Guid collection, string source, CancellationToken ct)
    {
        var index = new RegisterIndex();
        var latest = await db.Revisions.AsNoTracking().Where(v => v.CollectionId == collection).GroupBy(v => v.RecordId)
            .Select(g => new { g.Key, ValidFrom = g.Max(v => v.ValidFrom) }).ToDictionaryAsync(x => x.Key, x => x.ValidFrom, ct);
        await foreach (var r in db.Records.AsNoTracking().Where(r => r.CollectionId == collection && !r.Removed)
                           .Select(r => new { r.Id, r.Number, r.ExternalId, r.NameKey, r.Latitude, r.Longitude, r.Category, r.Region, r.Departement, r.Label })
                           .AsAsyncEnumerable().WithCancellation(ct))
            index.Add(new Entry(r.Id, r.Number, r.ExternalId, r.NameKey, r.Latitude, r.Longitude, r.Category, r.Region, r.Departement, r.Label,
                latest.GetValueOrDefault(r.Id)));
        await foreach (var s in db.SourceValues.AsNoTracking().Where(s => s.CollectionId == collection && s.Source == source)
                           .Select(s => new { s.RecordId, s.Hash }).AsAsyncEnumerable().WithCancellation(ct))
            index.Hashes[s.RecordId] = s.Hash;
        return index;
    }

    public void Add(Entry e)
    {
        Count++;
        if (e.ExternalId is { } id) byExternalId.TryAdd(id, e);
        if (e.NameKey is { } key) (byName.TryGetValue(key, out var l) ? l : byName[key] = []).Add(e);
        if (e.Latitude is { } lat && e.Longitude is { } lon) (byCell.TryGetValue(Cell(lat, lon), out var c) ? c : byCell[Cell(lat, lon)] = []).Add(e);
    }

    private static (int, int) Cell(double lat, double lon) => ((int)Math.Floor(lat / CellDegrees), (int)Math.Floor(lon / CellDegrees));

    /// <summary>
    /// The record a row describes: the one with its external id; else the only one with its name and commune; else the
    /// only one of its category within <c>distance_m</c> — never one that carries another external id. Several
    /// candidates: ambiguous (the row says which).
    /// </summary>
    public (Entry? Match, IReadOnlyList<Entry> Ambiguous) Match(IReadOnlyDictionary<string, string> values, CollectionDefinition def)
    {
        var identity = def.Identity;
        var externalId = RecordValues.Text(values, identity.ExternalId);
        if (externalId is not null && byExternalId.TryGetValue(externalId, out var same)) return (same, []);
        bool Compatible(Entry e) => e.ExternalId is null || externalId is null || e.ExternalId == externalId;

        if (RecordValues.NameKey(values, identity) is { } key && byName.TryGetValue(key, out var named))
        {
            var candidates = named.Where(Compatible).ToList();
            if (candidates.Count == 1) return (candidates[0], []);
            if (candidates.Count > 1) return (null, candidates);
        }
        if (identity.DistanceMeters > 0 && RecordValues.Number(values, identity.Latitude) is { } lat && RecordValues.Number(values, identity.Longitude) is { } lon)
        {
            var category = RecordValues.Text(values, def.Dimensions.Category);
            var (row, col) = Cell(lat, lon);
            var reach = (int)Math.Ceiling(identity.DistanceMeters / 1000.0 / (CellDegrees * 111.0 * Math.Max(0.2, Math.Cos(lat * Math.PI / 180)))) + 1;
            var near = new List<Entry>();
            for (var i = row - reach; i <= row + reach; i++)
                for (var j = col - reach; j <= col + reach; j++)
                    if (byCell.TryGetValue((i, j), out var cell))
                        foreach (var e in cell)
                            if (Compatible(e) && (category is null || e.Category is null || e.Category == category)
                                && Meters(lat, lon, e.Latitude!.Value, e.Longitude!.Value) <= identity.DistanceMeters)
                                near.Add(e);
            if (near.Count == 1) return (near[0], []);
            if (near.Count > 1) return (null, near);
        }
        return (null, []);
    }

    /// <summary>Great-circle distance (haversine), in metres.</summary>
    public static double Meters(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
