using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Algorithms;
using Socle.Catalog.Data;
using Socle.Catalog.Harvest;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Quality;
using Socle.Catalog.Services;
using Socle.Catalog.Text;
using Socle.Portal.Discovery;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Datasets;

/// <summary>
/// A dataset's public page: its metadata (core, then the profile's sections), quality criteria, resources with their
/// validation, history and comments, and the two forms a signed-in reader has: comment, propose a correction.
/// </summary>
public sealed partial class DatasetModel(DatasetService datasets, AlgorithmService algorithms, HarvestService harvest, CatalogDb db, CatalogSettings settings, PortalContext p) : PageModel
{
    /// <summary>How a correction proposal is told from a plain comment: a marker at the start of its body, with the field it is about.</summary>
    internal const string CorrectionMarker = "[correction";

    /// <summary>The "other" choice of the correction form: the proposal is about no field in particular.</summary>
    internal const string OtherField = "other";

    /// <summary>Revisions shown on the page; the whole history is in the JSON twin.</summary>
    internal const int RevisionsShown = 20;

    [BindProperty] public string? CommentBody { get; set; }
    [BindProperty] public string? CorrectionField { get; set; }
    [BindProperty] public string? CorrectionBody { get; set; }

    public Dataset Dataset { get; private set; } = null!;
    public string DescriptionHtml { get; private set; } = "";
    public IReadOnlyList<QualityLine> Quality { get; private set; } = [];
    public IReadOnlyList<MetaItem> Core { get; private set; } = [];
    public IReadOnlyList<MetaSection> Sections { get; private set; } = [];
    public IReadOnlyList<ResourceLine> Resources { get; private set; } = [];
    public IReadOnlyList<RevisionLine> Revisions { get; private set; } = [];
    public int RevisionCount { get; private set; }
    public IReadOnlyList<CommentLine> Comments { get; private set; } = [];
    /// <summary>The published entries of the algorithm register that process this dataset.</summary>
    public IReadOnlyList<Algorithm> Algorithms { get; private set; } = [];
    /// <summary>Where a harvested dataset comes from (its source, its page there, when it was last seen or archived); null for a local one.</summary>
    public (HarvestLink Link, HarvestSource Source)? Origin { get; private set; }
    /// <summary>The fields a correction may be about: (value, label), "other" last.</summary>
    public IReadOnlyList<(string Value, string Label)> CorrectionFields { get; private set; } = [];

    /// <summary>Refusals of a posted form, by form ("comment", "correction") then field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(string slug) => await LoadAsync(slug);

    public Task<IActionResult> OnPostCommentAsync(string slug) =>
        PostAsync(slug, "comment", () => CommentBody ?? "");

    public Task<IActionResult> OnPostCorrectionAsync(string slug) =>
        PostAsync(slug, "correction", () =>
        {
            var field = string.IsNullOrEmpty(CorrectionField) ? OtherField : CorrectionField;
            if (!FieldLabels().ContainsKey(field) && field != OtherField)
                throw CatalogException.Invalid("field", "not-in-vocabulary", field);
            // Empty text: the service's own "required" refusal, not a marker with nothing after it.
            var text = (CorrectionBody ?? "").Trim();
            return text.Length == 0 ? "" : $"{CorrectionMarker}:{field}] {text}";
        });

    private async Task<IActionResult> PostAsync(string slug, string form, Func<string> body)
    {
        try
        {
            var c = await datasets.CommentAsync(p.Actor, slug, body(), HttpContext.RequestAborted);
            // Post/redirect/get: a reload does not post twice, and the reader lands on what they wrote.
            return Redirect($"/datasets/{Uri.EscapeDataString(slug)}/#comment-{c.Id}");
        }
        catch (CatalogException e) when (e.Problem == Problem.Invalid)
        {
            foreach (var f in e.Errors)
            {
                var label = FieldLabelFor(form, f.Field);
                Errors.TryAdd($"{form}.{(f.Field == "body" ? "body" : "field")}", Localized(f, label));
            }
            if (Errors.Count == 0) Errors[$"{form}.body"] = e.Title(p.Lang);
            Response.StatusCode = 400;
            await LoadAsync(slug);
            return Page();
        }
    }

    /// <summary>The catalogue's message with the form's label in place of the API's field name.</summary>
    private string Localized(FieldError f, string label) =>
        Socle.Validation.Reporting.Messages.Format(f.MessageKey, p.Lang, [label, .. f.Args.Skip(1)]);

    private string FieldLabelFor(string form, string field) => field == "body"
        ? p.T(form == "comment" ? "portal.dataset.comment.label" : "portal.dataset.correction.text")
        : p.T("portal.dataset.correction.field");

    private async Task LoadAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        var d = await datasets.GetAsync(slug, p.Actor, ct);
        Dataset = d;
        DescriptionHtml = MarkdownText.ToSafeHtml(d.Description);
        var profile = settings.Profile;
        Quality = QualityLines(d, profile);
        Core = CoreItems(d, profile);
        Sections = new ProfileValues(profile, p, "/datasets/").Sections(d.Extras, p.T("portal.dataset.section.other"));
        Resources = [.. d.Resources.OrderBy(r => r.Position).Select(r => ResourceLine.Of(r, d.Slug))];
        Algorithms = await algorithms.UsingDatasetAsync(d.Id, ct);
        Origin = await harvest.OriginAsync(d, ct);

        // The service checked that the reader may see the dataset; history and comments are read here without the
        // revisions' full snapshots (RevisionsAsync's), and only the most recent revisions, as the page shows them.
        RevisionCount = await db.Revisions.CountAsync(r => r.DatasetKey == d.Key, ct);
        var revisions = await db.Revisions.AsNoTracking().Where(r => r.DatasetKey == d.Key).OrderByDescending(r => r.Number).Take(RevisionsShown)
            .Select(r => new { r.Number, r.AuthorName, r.At, r.Note, r.Changes }).ToListAsync(ct);
        var labels = FieldLabels();
        Revisions = [.. revisions.Select(r => new RevisionLine(r.Number, r.AuthorName, r.At, r.Note,
            ChangedFields(r.Changes).Select(f => labels.GetValueOrDefault(f) ?? f).Distinct().ToList()))];

        var comments = await db.Comments.AsNoTracking().Where(c => c.DatasetKey == d.Key).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.Body, c.CreatedAt, Author = c.Author!.DisplayName }).ToListAsync(ct);
        Comments = [.. comments.Select(c => CommentLine.Of(c.Id, c.Author, c.CreatedAt, c.Body, labels))];
        CorrectionFields = [.. labels.Where(kv => kv.Key is not ("slug" or "status" or "organization")).Select(kv => (kv.Key, kv.Value)),
            (OtherField, p.T("portal.dataset.correction.other"))];
    }

    private List<QualityLine> QualityLines(Dataset d, MetadataProfile profile)
    {
        var frequency = FrequencyLabel(d.Frequency, profile);
        return [.. QualityReport.Parse(d.QualityDetails).Select(c =>
        {
            // The frequency criterion names the vocabulary's code: readers get its label.
            object?[] args = [.. c.Args.Select(a => d.Frequency is not null && a == d.Frequency && frequency is not null ? frequency : (object?)a)];
            return new QualityLine(c.Id, c.Met, p.T($"quality.{c.Id}"), p.T(c.Reason, args));
        })];
    }

    private string? FrequencyLabel(string? frequency, MetadataProfile profile) =>
        frequency is null ? null : profile.Vocabulary(MetadataProfile.FrequencyVocabulary)?.Find(frequency)?.Label.Get(p.Lang) ?? frequency;

    /// <summary>The metadata every catalogue has, in data.gouv.fr's order.</summary>
    private List<MetaItem> CoreItems(Dataset d, MetadataProfile profile)
    {
        var items = new List<MetaItem>();
        void Add(string key, params MetaValue[] values)
        {
            if (values.Length > 0) items.Add(new MetaItem(key, p.T($"portal.dataset.field.{key}"), [.. values], Tags: false));
        }
        if (d.License is { } l)
            Add("license", new MetaValue(l.Title, l.Url, null));
        else if (d.LicenseId is { } lid)
            Add("license", new MetaValue(lid, null, null));
        if (d.Frequency is { } f)
        {
            var concept = profile.Vocabulary(MetadataProfile.FrequencyVocabulary)?.Find(f);
            Add("frequency", new MetaValue(concept?.Label.Get(p.Lang) ?? f, Search("frequency", concept?.Value ?? f), null));
        }
        if (d.TemporalStart is not null || d.TemporalEnd is not null)
        {
            var text = (d.TemporalStart, d.TemporalEnd) switch
            {
                ({ } s, { } e) => p.T("portal.dataset.temporal.between", p.Date(s), p.Date(e)),
                ({ } s, null) => p.T("portal.dataset.temporal.since", p.Date(s)),
                (null, { } e) => p.T("portal.dataset.temporal.until", p.Date(e)),
                _ => "",
            };
            Add("temporal_coverage", new MetaValue(text, null, null));
        }
        if (d.Territories.Count > 0)
            items.Add(new MetaItem("territories", p.T("portal.dataset.field.territories"),
                [.. d.Territories.Select(t => new MetaValue(TerritoryLabel(t), Search("territory", t), null))], Tags: true));
        if (d.SpatialGranularity is { } g)
            Add("granularity", new MetaValue(GranularityLabel(g), null, null));
        if (d.ContactName is not null || d.ContactEmail is not null)
            Add("contact_point", new MetaValue(d.ContactName ?? d.ContactEmail!, d.ContactEmail is null ? null : "mailto:" + d.ContactEmail, null));
        Add("created", new MetaValue(p.Date(d.CreatedAt), null, null));
        Add("last_modified", new MetaValue(p.Date(d.UpdatedAt), null, null));
        if (d.DataUpdatedAt is { } u) Add("last_update", new MetaValue(p.Date(u), null, null));
        return items;
    }

    /// <summary>udata's granularities ("fr:commune", "poi", "country"…) by name; anything else as written.</summary>
    private string GranularityLabel(string g)
    {
        var level = g.StartsWith("fr:", StringComparison.Ordinal) ? g[3..] : g;
        return level is "commune" or "epci" or "departement" or "region" or "pays" or "country" or "iris" or "poi" or "other"
            ? p.T($"portal.dataset.level.{level}") : g;
    }

    /// <summary>"Département 33", "Commune 75056", "France": codes as people read them (the catalogue keeps no names).</summary>
    private string TerritoryLabel(string code) => code.Split(':') switch
    {
        ["fr", "pays", _] => p.T("portal.dataset.territory.france"),
        ["country", var iso] => p.T("portal.dataset.territory.country", iso.ToUpperInvariant()),
        ["fr", var level, var id] when Territory.Levels.Contains(level) => p.T($"portal.dataset.territory.{level}", id),
        _ => code,
    };

    private static string Search(string facet, string value) => $"/datasets/?{facet}={Uri.EscapeDataString(value)}";

    /// <summary>Readable names of the properties a revision lists (<see cref="DatasetSnapshot"/>'s keys) and a correction may be about.</summary>
    private Dictionary<string, string> FieldLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in (string[])["title", "description", "organization", "license", "tags", "spatial", "temporal_coverage", "frequency", "contact_point", "slug", "status"])
            labels[key] = p.T($"portal.dataset.field.{key}");
        foreach (var f in settings.Profile.Fields)
            labels["extras." + f.Key] = f.Label.Get(p.Lang);
        return labels;
    }

    private static IEnumerable<string> ChangedFields(string changes)
    {
        if (JsonNode.Parse(changes) is not JsonArray a) yield break;
        foreach (var c in a)
            if (c?["field"]?.GetValue<string>() is { } f) yield return f;
    }

    [GeneratedRegex(@"^\[correction(?::([A-Za-z0-9_.\-]+))?\]\s*")]
    internal static partial Regex CorrectionPattern();

    public sealed record QualityLine(string Id, bool Met, string Label, string Reason);

    public sealed record RevisionLine(int Number, string? Author, DateTimeOffset At, string? Note, IReadOnlyList<string> Fields);

    /// <summary>A comment as shown: a correction proposal loses its marker and names its field instead.</summary>
    public sealed record CommentLine(Guid Id, string? Author, DateTimeOffset At, string Html, bool Correction, string? Field)
    {
        internal static CommentLine Of(Guid id, string? author, DateTimeOffset at, string body, IReadOnlyDictionary<string, string> labels)
        {
            var m = CorrectionPattern().Match(body);
            if (!m.Success) return new(id, author, at, MarkdownText.ToSafeHtml(body), false, null);
            var field = m.Groups[1].Success && m.Groups[1].Value != OtherField ? m.Groups[1].Value : null;
            return new(id, author, at, MarkdownText.ToSafeHtml(body[m.Length..]), true, field is null ? null : labels.GetValueOrDefault(field) ?? field);
        }
    }

    /// <summary>A resource's line: its links (page, report, download) and its validation state for the badge.</summary>
    public sealed record ResourceLine(Resource Resource, string Page, string Report, string Download, string Status)
    {
        internal static ResourceLine Of(Resource r, string slug)
        {
            var page = $"/datasets/{slug}/resources/{r.Id}/";
            var download = r.FileType == "remote" && r.Url is not null ? r.Url : $"/api/1/datasets/{slug}/resources/{r.Id}/download";
            var status = ResourceStatus.Name(r);
            // A schema and no verdict on the current content yet: the validation job is still to come.
            if (status == "not-validated" && r.Schema is not null) status = "pending";
            return new(r, page, page + "validation/", download, status);
        }

        public bool HasSchema => Resource.Schema is not null;
    }
}
