using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Text;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Algorithms;

/// <summary>
/// An entry of the algorithm register as a reader who is not a specialist reads it: what it is for and who uses it, a
/// summary of how far it decides on its own, then the profile's sections, the catalogue datasets it processes and its
/// history. Drafts and proposals are seen by the organisation's members only (others get the 404 of a missing entry).
/// </summary>
public sealed class AlgorithmModel(AlgorithmService algorithms, CatalogDb db, PortalContext p) : PageModel
{
    /// <summary>Revisions shown on the page; the whole history is in the JSON twin.</summary>
    internal const int RevisionsShown = 20;

    /// <summary>One line of the summary box: a label, the value, and a detail (the stage's dates).</summary>
    internal sealed record SummaryLine(string Key, string Label, string Value, string? Detail);

    internal sealed record RevisionLine(int Number, string? Author, DateTimeOffset At, string? Note, IReadOnlyList<string> Fields);

    internal Algorithm Algorithm { get; private set; } = null!;
    internal string DescriptionHtml { get; private set; } = "";
    internal IReadOnlyList<SummaryLine> Summary { get; private set; } = [];
    internal IReadOnlyList<MetaSection> Sections { get; private set; } = [];
    internal IReadOnlyList<LinkedDataset> Datasets { get; private set; } = [];
    internal IReadOnlyList<RevisionLine> Revisions { get; private set; } = [];
    internal int RevisionCount { get; private set; }
    internal bool CanEdit { get; private set; }

    public async Task OnGetAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        var a = await algorithms.GetAsync(slug, p.Actor, ct);
        Algorithm = a;
        CanEdit = AlgorithmService.CanEdit(a, p.Actor);
        DescriptionHtml = MarkdownText.ToSafeHtml(a.Description);
        Summary = SummaryLines(a);
        Sections = new ProfileValues(algorithms.Profile, p, "/algorithms/").Sections(a.Fields, p.T("portal.algorithms.section.other"));
        Datasets = await algorithms.DatasetsAsync(a, p.Actor, ct);

        // The service checked that the reader may see the entry: the history is read without the revisions' snapshots.
        RevisionCount = await db.AlgorithmRevisions.CountAsync(r => r.AlgorithmKey == a.Key, ct);
        var revisions = await db.AlgorithmRevisions.AsNoTracking().Where(r => r.AlgorithmKey == a.Key).OrderByDescending(r => r.Number).Take(RevisionsShown)
            .Select(r => new { r.Number, r.AuthorName, r.At, r.Note, r.Changes }).ToListAsync(ct);
        var labels = FieldLabels();
        Revisions = [.. revisions.Select(r => new RevisionLine(r.Number, r.AuthorName, r.At, r.Note,
            ChangedFields(r.Changes).Select(f => labels.GetValueOrDefault(f) ?? f).Distinct().ToList()))];
    }

    /// <summary>What a reader asks first: how automated, what kind, at what stage (since when), how many decisions.</summary>
    private List<SummaryLine> SummaryLines(Algorithm a)
    {
        var profile = algorithms.Profile;
        string Concept(string field) => AlgorithmText.Label(a, profile, field, p.Lang) ?? p.T("portal.algorithms.summary.unknown");
        var since = Date(a, "in_use_since");
        var retired = Date(a, "retired_on");
        var dates = string.Join(" · ", new[]
        {
            since is null ? null : p.T("portal.algorithms.summary.since", since),
            retired is null ? null : p.T("portal.algorithms.summary.retired", retired),
        }.Where(s => s is not null));
        var decisions = a.Fields["decisions_per_year"] is JsonValue v && v.TryGetValue<long>(out var n)
            ? p.Number(n) : p.T("portal.algorithms.summary.unknown");
        return
        [
            new("automation", p.T("portal.algorithms.summary.automation"), Concept("automation"), null),
            new("algorithm_type", p.T("portal.algorithms.summary.type"), Concept("algorithm_type"), null),
            new("lifecycle", p.T("portal.algorithms.summary.stage"), Concept("lifecycle"), dates.Length > 0 ? dates : null),
            new("decisions_per_year", p.T("portal.algorithms.summary.decisions"), decisions, null),
        ];
    }

    private string? Date(Algorithm a, string field) =>
        a.Fields[field] is JsonValue v && v.TryGetValue<string>(out var s)
        && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? p.Date(d) : null;

    /// <summary>Readable names of the properties a revision lists (the entry's snapshot keys, "fields.*" for the profile's).</summary>
    private Dictionary<string, string> FieldLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in (string[])["name", "slug", "description", "organization", "datasets", "status"])
            labels[key] = p.T($"portal.algorithms.field.{key}");
        foreach (var f in algorithms.Profile.Fields)
            labels["fields." + f.Key] = f.Label.Get(p.Lang);
        return labels;
    }

    private static IEnumerable<string> ChangedFields(string changes)
    {
        if (JsonNode.Parse(changes) is not JsonArray a) yield break;
        foreach (var c in a)
            if (c?["field"]?.GetValue<string>() is { } f) yield return f;
    }
}
