using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Socle.Collect.Data;
using Socle.Collect.Definitions;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;

namespace Socle.Portal.Pages.Collections;

/// <summary>The choices of the register's filters: territories present in it, categories, stages.</summary>
internal sealed record FilterChoices(IReadOnlyList<OptionView> Regions, IReadOnlyList<OptionView> Departements,
    IReadOnlyList<OptionView> Categories, IReadOnlyList<OptionView> Stages)
{
    /// <summary>The places (region, department and their names) of a collection as of its change counter: read again only after a write.</summary>
    private static readonly ConcurrentDictionary<(Guid, long), IReadOnlyList<Place>> Places = new();

    private sealed record Place(string? Region, string? RegionName, string? Departement, string? DepartementName);

    public static async Task<FilterChoices> LoadAsync(CollectDb db, CollectionView view, PortalContext p, string? region, CancellationToken ct)
    {
        var def = view.Definition;
        var id = view.Collection.Id;
        var places = await PlacesAsync(db, view, ct);
        OptionView Option(string code, string? name) => new(code, name is null ? code : $"{name} ({code})");
        var regions = places.Where(x => x.Region is not null).GroupBy(x => x.Region!)
            .Select(g => Option(g.Key, g.Select(x => x.RegionName).FirstOrDefault(n => n is not null))).OrderBy(o => o.Label, StringComparer.Ordinal);
        var departements = places.Where(x => x.Departement is not null && (region is null || x.Region == region)).GroupBy(x => x.Departement!)
            .Select(g => Option(g.Key, g.Select(x => x.DepartementName).FirstOrDefault(n => n is not null))).OrderBy(o => o.Value, StringComparer.Ordinal);

        var categoryField = CollectViews.FieldOf(def.Schema, def.Dimensions.Category);
        IReadOnlyList<string> categories = CollectViews.Allowed(categoryField);
        if (categories.Count == 0)
            categories = await db.Records.AsNoTracking().Where(r => r.CollectionId == id && r.Category != null)
                .Select(r => r.Category!).Distinct().OrderBy(c => c).ToListAsync(ct);
        return new FilterChoices(
            [.. regions], [.. departements],
            [.. categories.Select(c => new OptionView(c, CollectViews.Value(p, categoryField, c)))],
            [.. def.Stages.Select(s => new OptionView(s.Id, s.Label.In(p.Lang)))]);
    }

    /// <summary>
    /// The distinct (region, department) pairs of the records (read from their index), each named from one record's values
    /// (the records carry the names beside the codes): a few hundred small reads at most, once per change of the register.
    /// </summary>
    private static async Task<IReadOnlyList<Place>> PlacesAsync(CollectDb db, CollectionView view, CancellationToken ct)
    {
        var key = (view.Collection.Id, view.Collection.Changes);
        if (Places.TryGetValue(key, out var cached)) return cached;
        var def = view.Definition;
        var id = view.Collection.Id;
        var pairs = await db.Records.AsNoTracking().Where(r => r.CollectionId == id && (r.Region != null || r.Departement != null))
            .Select(r => new { r.Region, r.Departement }).Distinct().ToListAsync(ct);
        var regionName = CollectViews.NameField(def.Schema, def.Dimensions.Region);
        var departementName = CollectViews.NameField(def.Schema, def.Dimensions.Departement);
        var places = new List<Place>();
        foreach (var pair in pairs)
        {
            var values = regionName is null && departementName is null ? null
                : await db.Records.AsNoTracking().Where(r => r.CollectionId == id && r.Region == pair.Region && r.Departement == pair.Departement)
                    .Select(r => r.Values).FirstOrDefaultAsync(ct);
            var parsed = values is null ? new Dictionary<string, string>() : RecordValues.Parse(values);
            places.Add(new Place(pair.Region, regionName is null ? null : parsed.GetValueOrDefault(regionName),
                pair.Departement, departementName is null ? null : parsed.GetValueOrDefault(departementName)));
        }
        if (Places.Count > 256) Places.Clear();
        Places[key] = places;
        return places;
    }
}
