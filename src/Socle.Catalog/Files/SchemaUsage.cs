using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Catalog.Files;

/// <summary>
/// One schema as the catalogue uses it: registered here (by name, whatever version its resources follow) or named by
/// URL, how many published datasets and resources declare it, and how many of those resources are valid, invalid or not
/// validated for their current content; for a registered schema, its versions (newest first) and the latest.
/// </summary>
public sealed record SchemaUse(string Reference, bool Registered, string? Title, IReadOnlyList<FollowingDataset> Datasets, int Resources,
    int Valid, int Invalid, int NotValidated, IReadOnlyList<string> Versions, string? LatestVersion)
{
    /// <summary>Valid resources among those with a verdict, out of 100; null when none has one.</summary>
    public int? Conformance => Valid + Invalid == 0 ? null : (int)Math.Round(100.0 * Valid / (Valid + Invalid), MidpointRounding.AwayFromZero);
}

/// <summary>
/// A published dataset with a resource that declares the schema: whether some of its resources follow the latest version
/// (the bare name, or a URL) and the versions others are pinned to.
/// </summary>
public sealed record FollowingDataset(string Slug, string Title, bool FollowsLatest, IReadOnlyList<string> Pinned);

/// <summary>The schemas of the catalogue with the datasets that follow them and their conformance rate (published datasets only).</summary>
public sealed class SchemaUsage(CatalogDb db, SchemaRegistry registry)
{
    public async Task<List<SchemaUse>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Resources.AsNoTracking().Where(r => r.Schema != null && r.Dataset!.Status == DatasetStatus.Published)
            .Select(r => new { r.Schema, r.DatasetKey, r.Dataset!.Slug, r.Dataset.Title, r.ValidationStatus, r.ValidatedChecksum, r.Checksum }).ToListAsync(ct);
        var entries = registry.List().ToDictionary(e => e.Name, StringComparer.Ordinal);
        // A registry reference counts for its schema's name (name@1.0 is a use of name); a URL is its own schema.
        static (string Schema, string? Version) Key(string reference) =>
            SchemaResolver.IsUrl(reference) ? (reference, null) : SchemaResolver.Split(reference) ?? (reference, null);
        var bySchema = rows.ToLookup(r => Key(r.Schema!).Schema, StringComparer.Ordinal);
        var uses = new List<SchemaUse>();
        foreach (var schema in entries.Keys.Union(bySchema.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var mine = bySchema[schema].ToList();
            // The verdict counts only for the current content, as on the resource itself.
            var statuses = mine.Select(r => ResourceStatus.Name(r.ValidationStatus, r.ValidatedChecksum, r.Checksum)).ToList();
            var datasets = mine.GroupBy(r => r.DatasetKey).Select(g =>
            {
                var versions = g.Select(r => Key(r.Schema!).Version).ToList();
                return new FollowingDataset(g.First().Slug, g.First().Title, versions.Contains(null),
                    [.. versions.OfType<string>().Distinct().OrderDescending(SchemaVersionOrder.Instance)]);
            }).OrderBy(d => d.Title, StringComparer.Ordinal).ToList();
            var entry = entries.GetValueOrDefault(schema);
            uses.Add(new SchemaUse(schema, entry is not null, entry?.Title, datasets, mine.Count,
                statuses.Count(s => s == "valid"), statuses.Count(s => s == "invalid"), statuses.Count(s => s is "not-validated" or "failed"),
                entry is null ? [] : [.. entry.NewestFirst.Select(v => v.Version)], entry?.Latest));
        }
        return uses;
    }
}
