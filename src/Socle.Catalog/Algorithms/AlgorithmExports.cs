using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;

namespace Socle.Catalog.Algorithms;

/// <summary>The register as CSV (one column per profile field), and the profile's crosswalk to the Dutch and UK standards.</summary>
public sealed class AlgorithmExports(CatalogDb db, CatalogSettings settings)
{
    /// <summary>The standards the crosswalk names, in the order of its columns.</summary>
    public static readonly string[] Standards = ["nl", "uk"];

    /// <summary>The entries of a search result, in its order, one row each; lists joined by commas.</summary>
    public async Task RegisterCsvAsync(TextWriter w, AlgorithmResult result, CancellationToken ct = default)
    {
        var profile = settings.AlgorithmProfile;
        await Csv.RowAsync(w, [.. Core, .. profile.Fields.Select(f => f.Key)]);
        var ids = result.Hits.SelectMany(h => h.Algorithm.DatasetIds).Distinct().ToList();
        // A public export: a link to a draft dataset is left out, as on the entry's page for a reader.
        var slugs = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status == DatasetStatus.Published)
            .ToDictionaryAsync(d => d.Id, d => d.Slug, ct);
        foreach (var hit in result.Hits)
        {
            var a = hit.Algorithm;
            string?[] core = [a.Id.ToString(), a.Slug, a.Name, CatalogExports.Link(settings, $"/algorithms/{a.Slug}/"), a.Organization?.Name, a.Organization?.Slug,
                a.Description, string.Join(",", a.DatasetIds.Where(slugs.ContainsKey).Select(i => slugs[i])), DatasetSnapshot.StatusName(a.Status),
                CatalogExports.Instant(a.CreatedAt), CatalogExports.Instant(a.UpdatedAt)];
            await Csv.RowAsync(w, [.. core, .. profile.Fields.Select(f => Cell(a.Fields[f.Key]))]);
        }
    }

    private static readonly string[] Core = ["id", "slug", "name", "url", "organization", "organization_slug", "description", "datasets", "status", "created_at", "updated_at"];

    /// <summary>One row per profile field: its key, labels, type, and the element of each standard it corresponds to.</summary>
    public static IEnumerable<MappingRow> Mapping(MetadataProfile profile)
    {
        yield return Fixed("name", "Nom de l'algorithme", "Algorithm name", new() { ["nl"] = "name", ["uk"] = "Tier 1 · name" });
        yield return Fixed("description", "Description", "Description", new() { ["nl"] = "description_short", ["uk"] = "Tier 1 · description" });
        yield return Fixed("organization", "Administration", "Administration", new() { ["nl"] = "organization", ["uk"] = "Tier 2 · Owner and responsibility · organisation" });
        yield return Fixed("datasets", "Jeux de données utilisés", "Datasets used", new() { ["nl"] = "source_data", ["uk"] = "Tier 2 · Data · data sources" });
        foreach (var f in profile.Fields)
            yield return new MappingRow(f.Key, f.Label, f.Type.ToString().ToLowerInvariant(), f.Required, f.Section, f.Mappings);
    }

    private static MappingRow Fixed(string key, string fr, string en, Dictionary<string, string> map) =>
        new(key, new LocalizedText(fr, en), "core", key != "datasets", null, map);

    public static async Task MappingCsvAsync(TextWriter w, MetadataProfile profile)
    {
        await Csv.RowAsync(w, ["field", "label_fr", "label_en", "type", "required", .. Standards]);
        foreach (var row in Mapping(profile))
            await Csv.RowAsync(w, [row.Field, row.Label.Fr, row.Label.En, row.Type, row.Required ? "true" : "false",
                .. Standards.Select(s => row.Mappings.GetValueOrDefault(s))]);
    }

    private static string? Cell(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => string.Join(",", a.Select(x => x?.ToString())),
        _ => node.ToString(),
    };

}

/// <summary>A line of the crosswalk: a field of the register and its counterparts ("nl", "uk"); a missing key has none.</summary>
public sealed record MappingRow(string Field, LocalizedText Label, string Type, bool Required, string? Section, IReadOnlyDictionary<string, string> Mappings);
