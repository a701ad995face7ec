using Microsoft.EntityFrameworkCore;
using Socle.Collect.Data;

namespace Socle.Collect.Records;

/// <summary>Records and power (in the power field's unit) of one category at one stage.</summary>
public sealed record StatCell(string? Category, string? Stage, int Count, double Power);

/// <summary>The register on one day: its cells by category and stage.</summary>
public sealed record StatYear(DateOnly AsOf, IReadOnlyList<StatCell> Cells);

/// <summary>A record on the map.</summary>
public sealed record MapPoint(long Number, string? Label, double Latitude, double Longitude, string? Stage, string? Category, double? Power);

/// <summary>
/// The dashboard's figures, per territory: counts and power by category and stage at each year's end (the register
/// as of 31 December, through the same "as of" query as listings), and the records on a map.
/// </summary>
public sealed class StatsService(CollectDb db, CollectionService collections, RecordService records, TimeProvider clock)
{
    /// <summary>Year-end figures from <paramref name="from"/> to <paramref name="to"/> (the current year's figure is as of today).</summary>
    public async Task<List<StatYear>> OverTimeAsync(string collection, string? region, string? departement, int from, int to, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var years = new List<StatYear>();
        for (var year = Math.Max(from, to - 60); year <= to; year++)
        {
            var day = new DateOnly(year, 12, 31);
            if (day > today) day = today;
            var q = records.AsOf(c.Id, day);
            if (region is not null) q = q.Where(x => x.Revision.Region == region);
            if (departement is not null) q = q.Where(x => x.Revision.Departement == departement);
            var rows = await q.Select(x => new { x.Revision.Category, x.Stage, x.Revision.Power }).ToListAsync(ct);
            years.Add(new StatYear(day, [.. rows.GroupBy(r => (r.Category, r.Stage))
                .Select(g => new StatCell(g.Key.Category, g.Key.Stage, g.Count(), g.Sum(r => r.Power ?? 0)))
                .OrderBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Stage, StringComparer.Ordinal)]));
            if (day == today) break;
        }
        return years;
    }

    /// <summary>The first year any revision holds from (where a dashboard's time axis starts).</summary>
    public async Task<int?> FirstYearAsync(string collection, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        var first = await db.Revisions.Where(v => v.CollectionId == c.Id).Select(v => (DateOnly?)v.ValidFrom).MinAsync(ct);
        return first?.Year;
    }

    /// <summary>The records with coordinates, as of a day (today when null), filtered like listings.</summary>
    public async Task<List<MapPoint>> MapAsync(string collection, RecordQuery query, CancellationToken ct = default)
    {
        var c = await collections.FindAsync(collection, ct);
        if (query.AsOf is { } day)
        {
            var q = records.AsOf(c.Id, day).Where(x => x.Record.Latitude != null && x.Record.Longitude != null);
            if (query.Region is { } r) q = q.Where(x => x.Revision.Region == r);
            if (query.Departement is { } d) q = q.Where(x => x.Revision.Departement == d);
            if (query.Category is { } cat) q = q.Where(x => x.Revision.Category == cat);
            if (query.Stage is { } s) q = q.Where(x => x.Stage == s);
            return [.. (await q.Select(x => new { x.Record.Number, x.Revision.Label, x.Record.Latitude, x.Record.Longitude, x.Stage, x.Revision.Category, x.Revision.Power }).ToListAsync(ct))
                .Select(x => new MapPoint(x.Number, x.Label, x.Latitude!.Value, x.Longitude!.Value, x.Stage, x.Category, x.Power))];
        }
        var rows = db.Records.AsNoTracking().Where(x => x.CollectionId == c.Id && !x.Removed && x.Latitude != null && x.Longitude != null);
        if (query.Region is { } r2) rows = rows.Where(x => x.Region == r2);
        if (query.Departement is { } d2) rows = rows.Where(x => x.Departement == d2);
        if (query.Category is { } c2) rows = rows.Where(x => x.Category == c2);
        if (query.Stage is { } s2) rows = rows.Where(x => x.Stage == s2);
        return [.. (await rows.Select(x => new { x.Number, x.Label, x.Latitude, x.Longitude, x.Stage, x.Category, x.Power }).ToListAsync(ct))
            .Select(x => new MapPoint(x.Number, x.Label, x.Latitude!.Value, x.Longitude!.Value, x.Stage, x.Category, x.Power))];
    }
}
