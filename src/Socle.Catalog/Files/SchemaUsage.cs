using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;

namespace Socle.Catalog.Files;

/// <summary>
/// One schema as the catalogue uses it: registered here or named by URL, how many published datasets and resources
/// declare it, and how many of those resources are valid, invalid or not validated for their current content.
/// </summary>
public sealed record SchemaUse(string Reference, bool Registered, string? Title, IReadOnlyList<FollowingDataset> Datasets, int Resources,
    int Valid, int Invalid, int NotValidated)
{
    /// <summary>Valid resources among those with a verdict, out of 100; null when none has one.</summary>
    public int? Conformance => Valid + Invalid == 0 ? null : (int)Math.Round(100.0 * Valid / (Valid + Invalid), MidpointRounding.AwayFromZero);
}

/// <summary>A published dataset with a resource that declares the schema.</summary>
public sealed record FollowingDataset(string Slug, string Title);

/// <summary>The schemas of the catalogue with the datasets that follow them and their conformance rate (published datasets only).</summary>
public sealed class SchemaUsage(CatalogDb db, SchemaResolver resolver)
{
    public async Task<List<SchemaUse>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Resources.AsNoTracking().Where(r => r.Schema != null && r.Dataset!.Status == DatasetStatus.Published)
            .Select(r => new { r.Schema, r.DatasetKey, r.Dataset!.Slug, r.Dataset.Title, r.ValidationStatus, r.ValidatedChecksum, r.Checksum }).ToListAsync(ct);
        var registered = resolver.Registered().ToHashSet(StringComparer.Ordinal);
        var bySchema = rows.ToLookup(r => r.Schema!, StringComparer.Ordinal);
        var uses = new List<SchemaUse>();
        foreach (var reference in registered.Union(rows.Select(r => r.Schema!)).Order(StringComparer.Ordinal))
        {
            var mine = bySchema[reference].ToList();
            // The verdict counts only for the current content, as on the resource itself.
            var statuses = mine.Select(r => ResourceStatus.Name(r.ValidationStatus, r.ValidatedChecksum, r.Checksum)).ToList();
            uses.Add(new SchemaUse(reference, registered.Contains(reference), registered.Contains(reference) ? Title(reference) : null,
                [.. mine.DistinctBy(r => r.DatasetKey).Select(r => new FollowingDataset(r.Slug, r.Title)).OrderBy(d => d.Title, StringComparer.Ordinal)], mine.Count,
                statuses.Count(s => s == "valid"), statuses.Count(s => s == "invalid"), statuses.Count(s => s is "not-validated" or "failed")));
        }
        return uses;
    }

    /// <summary>The title a registered schema gives itself, if it can be read.</summary>
    private string? Title(string name)
    {
        if (resolver.RegisteredPath(name) is not { } path) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
