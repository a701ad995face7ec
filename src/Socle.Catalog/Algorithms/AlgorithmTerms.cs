using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Search;
using Socle.Catalog.Search.Analysis;
using Socle.Catalog.Text;

namespace Socle.Catalog.Algorithms;

/// <summary>
/// An entry's search terms, analysed once and stored on its row: name; organisation and vocabulary labels; the rest
/// — its texts and the titles of the published datasets it links to. Refreshed when the entry is written, and when
/// one of those datasets is renamed, published, unpublished or deleted (called in that change's transaction).
/// </summary>
internal static class AlgorithmTerms
{
    public static async Task RefreshAsync(CatalogDb db, MetadataProfile profile, Algorithm a, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == a.OrganizationId, ct);
        var ids = a.DatasetIds;
        // Only published datasets: a draft's title must not make an entry findable by words nobody may read.
        var titles = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status == DatasetStatus.Published).Select(d => d.Title).ToListAsync(ct);
        var keywords = new List<string>();
        if (org is not null) { keywords.Add(org.Name); if (org.Acronym is not null) keywords.Add(org.Acronym); }
        var body = new List<string> { MarkdownText.ToPlainText(a.Description) };
        foreach (var field in profile.Fields)
        {
            if (!a.Fields.TryGetPropertyValue(field.Key, out var node) || node is null) continue;
            var vocabulary = field.Vocabulary is { } v ? profile.Vocabulary(v) : null;
            foreach (var value in node is JsonArray arr ? arr.Select(n => n?.ToString()) : [node.ToString()])
            {
                if (value is null) continue;
                if (vocabulary?.Find(value) is { } c)
                {
                    keywords.Add(c.Label.Fr); keywords.Add(c.Label.En);
                    keywords.AddRange(c.AllSynonyms);
                }
                else if (field.Searchable) body.Add(field.Type == ProfileFieldType.Text ? MarkdownText.ToPlainText(value) : value);
            }
        }
        body.AddRange(titles);
        a.TitleTerms = TextAnalyzer.Shared.IndexTerms(a.Name);
        a.KeywordTerms = TextAnalyzer.Shared.IndexTerms(string.Join(" \n ", keywords));
        a.BodyTerms = TextAnalyzer.Shared.IndexTerms(string.Join(" \n ", body));
    }

    /// <summary>
    /// Refreshes the entries linking <paramref name="datasetId"/> after a change of its title or visibility, already
    /// saved in the caller's open transaction (so the dataset is read as it now is). The caller saves and commits.
    /// </summary>
    public static async Task RefreshLinkedAsync(CatalogDb db, MetadataProfile profile, Guid datasetId, CancellationToken ct)
    {
        // A register is small: its links are read whole and matched here, the same on both databases.
        var links = await db.Algorithms.AsNoTracking().Select(a => new { a.Key, a.DatasetIds }).ToListAsync(ct);
        var keys = links.Where(l => l.DatasetIds.Contains(datasetId)).Select(l => l.Key).ToList();
        if (keys.Count == 0) return;
        foreach (var a in await db.Algorithms.Where(a => keys.Contains(a.Key)).ToListAsync(ct))
            await RefreshAsync(db, profile, a, ct);
        await DatasetIndexer.NextGenerationAsync(db, ct, CatalogState.Algorithms);
    }
}
