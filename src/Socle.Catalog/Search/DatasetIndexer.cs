using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Quality;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Services;
using Socle.Catalog.Text;

namespace Socle.Catalog.Search;

/// <summary>
/// Keeps a dataset's derived rows in step with it, in the caller's transaction: its analysed search terms, its
/// facet values and its quality score. Called on every change of the dataset or of one of its resources.
/// </summary>
public sealed class DatasetIndexer(CatalogDb db, CatalogSettings settings, TimeProvider clock)
{
    public async Task RefreshAsync(Dataset d, CancellationToken ct = default)
    {
        var org = d.OrganizationId is { } oid ? await db.Organizations.FindAsync([oid], ct) : null;
        var license = d.LicenseId is { } lid ? await db.Licenses.FindAsync([lid], ct) : null;
        if (!db.Entry(d).Collection(x => x.Resources).IsLoaded && db.Entry(d).State != EntityState.Added)
            await db.Entry(d).Collection(x => x.Resources).LoadAsync(ct);

        d.SearchGeneration = await NextGenerationAsync(db, ct);
        var quality = QualityScorer.Score(d, license, d.Resources, clock.GetUtcNow());
        d.Quality = quality.Score;
        d.QualityDetails = quality.ToJson();

        var (title, keywords, body) = Texts(d, org, license, settings.Profile);
        var row = await db.SearchTexts.FindAsync([d.Key], ct);
        if (row is null) db.SearchTexts.Add(row = new DatasetSearchText { DatasetKey = d.Key });
        row.TitleTerms = TextAnalyzer.Shared.IndexTerms(title);
        row.KeywordTerms = TextAnalyzer.Shared.IndexTerms(keywords);
        row.BodyTerms = TextAnalyzer.Shared.IndexTerms(body);

        var wanted = Facets(d, org, settings.Profile).ToHashSet();
        var existing = await db.Facets.Where(f => f.DatasetKey == d.Key).ToListAsync(ct);
        foreach (var f in existing)
            if (!wanted.Remove((f.Facet, f.Value))) db.Facets.Remove(f);
        foreach (var (facet, value) in wanted)
            db.Facets.Add(new DatasetFacet { DatasetKey = d.Key, Facet = facet, Value = value });
    }

    /// <summary>
    /// Takes the catalogue's next generation number. Called inside the caller's transaction: the row lock it takes
    /// orders concurrent writers, so generations are committed in the order search indexes read them.
    /// </summary>
    internal static async Task<long> NextGenerationAsync(CatalogDb db, CancellationToken ct, int counter = CatalogState.Datasets)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = $"UPDATE catalog_state SET generation = generation + 1 WHERE id = {counter} RETURNING generation";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Saves pending changes to a dataset's resources (a job's verdict) with the dataset's refreshed index, in one transaction.</summary>
    public async Task SaveResourceChangeAsync(long datasetKey, CancellationToken ct = default)
    {
        var d = await db.Datasets.Include(x => x.Resources).FirstAsync(x => x.Key == datasetKey, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RefreshAsync(d, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Title; keywords with the organisation and every vocabulary label and synonym of the dataset's concepts
    /// (so searching a synonym finds the concept); description, searchable profile texts and resource titles.</summary>
    internal static (string Title, string Keywords, string Body) Texts(Dataset d, Organization? org, License? license, MetadataProfile profile)
    {
        var kw = new List<string>(d.Keywords);
        if (org is not null) { kw.Add(org.Name); if (org.Acronym is not null) kw.Add(org.Acronym); }
        var body = new List<string> { MarkdownText.ToPlainText(d.Description) };
        if (license is not null) body.Add(license.Title);
        foreach (var field in profile.Fields)
        {
            if (!d.Extras.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            var values = node is JsonArray a ? a.Select(n => n?.ToString()) : [node.ToString()];
            var vocabulary = field.Vocabulary is { } v ? profile.Vocabulary(v) : null;
            foreach (var value in values)
            {
                if (value is null) continue;
                if (vocabulary?.Find(value) is { } c)
                {
                    if (!field.Searchable && !field.Facet) continue;
                    kw.Add(c.Label.Fr); kw.Add(c.Label.En);
                    kw.AddRange(c.AllSynonyms);
                }
                else if (field.Searchable) body.Add(value);
            }
        }
        if (d.Frequency is not null && profile.Vocabulary("frequency")?.Find(d.Frequency) is { } fq) { body.Add(fq.Label.Fr); body.Add(fq.Label.En); }
        body.AddRange(d.Resources.Select(r => r.Title));
        return (d.Title, string.Join(" \n ", kw), string.Join(" \n ", body));
    }

    /// <summary>The facet values of a dataset: fixed facets, then every profile field flagged as a facet.</summary>
    internal static IEnumerable<(string Facet, string Value)> Facets(Dataset d, Organization? org, MetadataProfile profile)
    {
        if (org is not null) yield return (SearchFacets.Organization, org.Slug);
        if (d.LicenseId is not null) yield return (SearchFacets.License, d.LicenseId);
        foreach (var f in d.Resources.Select(r => r.Format).Where(f => !string.IsNullOrEmpty(f)).Distinct()) yield return (SearchFacets.Format, f!);
        foreach (var k in d.Keywords) yield return (SearchFacets.Tag, Truncate(k));
        foreach (var t in d.Territories) yield return (SearchFacets.Territory, t);
        if (d.Frequency is not null) yield return (SearchFacets.Frequency, d.Frequency);
        if (d.Resources.Any(r => r.Schema is not null)) yield return (SearchFacets.Schema, "yes");
        foreach (var field in profile.Fields.Where(f => f.Facet))
        {
            if (!d.Extras.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            var values = node is JsonArray a ? a.Select(n => n?.ToString()) : [node.ToString()];
            foreach (var v in values.Distinct())
                if (!string.IsNullOrEmpty(v)) yield return (field.Key, Truncate(v!.ToLowerInvariant() is "true" or "false" ? v.ToLowerInvariant() : v));
        }
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];
}

/// <summary>The facets every catalogue has; profile facets are named by their field key.</summary>
public static class SearchFacets
{
    public const string Organization = "organization";
    public const string License = "license";
    public const string Format = "format";
    public const string Tag = "tag";
    public const string Territory = "territory";
    public const string Frequency = "frequency";
    public const string Schema = "schema";
    public static readonly string[] Fixed = [Organization, License, Format, Tag, Territory, Frequency, Schema];
}
