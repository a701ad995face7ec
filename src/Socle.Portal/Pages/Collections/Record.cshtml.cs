using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Collections;

/// <summary>A field a revision changed, as read: its title, the value before and the value after.</summary>
internal sealed record ChangeLine(string Field, string Title, string Before, string After);

/// <summary>One entry of a record's timeline, ready to draw: an event (its type, stage and fields) or a revision (what it changed).</summary>
internal sealed record TimelineLine(DateOnly Date, string Kind, string Title, string? Stage, string? StageLabel, string? Color,
    IReadOnlyList<(string Title, string Value)> Fields, IReadOnlyList<ChangeLine> Changes, string Source, string? Author,
    DateTimeOffset RecordedAt, string? Comment, string? DerivedFrom, Guid? ImportId, int? Version, bool After);

/// <summary>
/// A record: its values (as of a day when asked) with the source of each, every source's values side by side, its open
/// conflicts, its timeline (events and revisions together, oldest first), a comparison of two versions, and its
/// measures. Its API twin is <c>/api/1/collections/{slug}/records/{number}/</c>.
/// </summary>
public sealed class RecordModel(CollectionService collections, RecordService records, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal CollectRights Rights { get; private set; } = null!;
    internal RecordView Record { get; private set; } = null!;
    internal long Number { get; private set; }
    internal DateOnly? AsOf { get; private set; }
    internal string AsOfText { get; private set; } = "";
    internal string? AsOfError { get; private set; }
    /// <summary>The record did not exist yet (or was withdrawn) on the day asked.</summary>
    internal string? NotYet { get; private set; }
    internal IReadOnlyList<TimelineLine> Timeline { get; private set; } = [];
    internal IReadOnlyList<RecordRevision> Revisions { get; private set; } = [];
    internal int? From { get; private set; }
    internal int? To { get; private set; }
    internal IReadOnlyList<ChangeLine>? Diff { get; private set; }
    internal IReadOnlyList<Measure> Measures { get; private set; } = [];
    /// <summary>What was just saved ("saved", "created", "event", "measure"), for the notice at the top.</summary>
    internal string? Done { get; private set; }

    public async Task OnGetAsync(string slug, long number, string? as_of, int? from, int? to, string? done)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Rights = await collections.RightsAsync(View.Collection, p.Actor, ct);
        Number = number;
        Done = done is "saved" or "created" or "event" or "measure" ? done : null;
        AsOfText = as_of?.Trim() ?? "";
        AsOf = CollectViews.ParseDate(AsOfText);
        if (AsOfText.Length > 0 && AsOf is null) AsOfError = p.T("portal.collect.filter.as-of.error", AsOfText);
        try
        {
            Record = await records.GetAsync(slug, number, AsOf, ct);
        }
        catch (Socle.Catalog.Services.CatalogException e) when (AsOf is not null && e.Code == "collect-record-not-yet")
        {
            // Before its first state: the page says so and shows today's record below.
            NotYet = e.Title(p.Lang);
            Record = await records.GetAsync(slug, number, null, ct);
        }
        var timeline = await records.TimelineAsync(slug, number, ct);
        Revisions = [.. timeline.Where(t => t.Revision is not null).Select(t => t.Revision!).OrderBy(v => v.Version)];
        Timeline = [.. timeline.Select(Line)];
        Measures = await records.MeasuresAsync(slug, number, null, ct);
        if (from is { } a && to is { } b && Revisions.Any(v => v.Version == a) && Revisions.Any(v => v.Version == b))
        {
            From = a;
            To = b;
            Diff = [.. (await records.DiffAsync(slug, number, a, b, ct)).Select(c => Change(c.Field, c.Before, c.After))];
        }
        if (AsOfError is not null) Response.StatusCode = 400;
    }

    private ChangeLine Change(string field, string? before, string? after) =>
        new(field, CollectViews.Title(Def.Schema, field), CollectViews.Value(p, Def, field, before), CollectViews.Value(p, Def, field, after));

    private TimelineLine Line(TimelineEntry t)
    {
        var after = AsOf is { } day && t.Date > day;
        if (t.Event is { } e)
        {
            var type = Def.Event(e.Type);
            var fields = RecordValues.Parse(e.Fields);
            var schema = type?.Fields;
            var lines = fields.Select(f => (schema is null ? f.Key : CollectViews.Title(schema, f.Key),
                schema is null ? f.Value : CollectViews.Value(p, CollectViews.FieldOf(schema, f.Key), f.Value))).ToList();
            var derived = e.FromField ? Def.EventsFromFields.FirstOrDefault(x => x.Value == e.Type).Key : null;
            return new TimelineLine(t.Date, "event", CollectViews.Event(p, Def, e.Type), e.Stage, e.Stage is null ? null : CollectViews.Stage(p, Def, e.Stage),
                e.Stage is null ? null : CollectViews.Color(Def, e.Stage), lines, [], e.Source, e.AuthorName, e.RecordedAt, e.Comment,
                derived is null ? null : CollectViews.Title(Def.Schema, derived), e.ImportId, null, after);
        }
        var v = t.Revision!;
        var previous = Revisions.LastOrDefault(r => r.Version < v.Version);
        var before = previous is null ? new Dictionary<string, string>() : RecordValues.Parse(previous.Values);
        var now = RecordValues.Parse(v.Values);
        var changed = JsonSerializer.Deserialize<List<string>>(v.Changed) ?? [];
        var changes = changed.Select(f => Change(f, before.GetValueOrDefault(f), now.GetValueOrDefault(f))).ToList();
        var title = v.Removed ? p.T("portal.collect.timeline.removed", v.Version)
            : v.Version == 1 ? p.T("portal.collect.timeline.created", v.Version)
            : p.T("portal.collect.timeline.revision", v.Version);
        return new TimelineLine(t.Date, "revision", title, null, null, null, [], changes, v.Source, v.AuthorName, v.RecordedAt, v.Comment,
            null, v.ImportId, v.Version, after);
    }

    internal string Here => CollectViews.RecordUrl(View.Slug, Number);
    internal string Twin => CollectViews.RecordApi(View.Slug, Number) + (AsOf is { } d ? "?as_of=" + CollectViews.Iso(d) : "");

    /// <summary>A version as the comparison's lists name it: "Version 3 — 15 mars 2024 — Registre national (ODRÉ)".</summary>
    internal string VersionLabel(RecordRevision v) =>
        p.T("portal.collect.diff.version", v.Version, p.Date(v.ValidFrom), CollectViews.Source(p, Def, v.Source));
}
