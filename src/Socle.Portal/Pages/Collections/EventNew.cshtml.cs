using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Collect.Model;
using Socle.Collect.Records;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;

namespace Socle.Portal.Pages.Collections;

/// <summary>
/// A dated event added to a record (contributors of its territory): its type is chosen first, then its date and the
/// fields that type carries, as <c>POST /api/1/collections/{slug}/records/{number}/events/</c> takes them.
/// </summary>
public sealed class EventNewModel(CollectionService collections, RecordService records, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal RecordView Record { get; private set; } = null!;
    internal EventDefinition? Type { get; private set; }
    internal Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    internal FormErrors Errors { get; } = new();

    public async Task OnGetAsync(string slug, long number, string? type)
    {
        await LoadAsync(slug, number, type);
        Values["date"] = CollectViews.Iso(DateOnly.FromDateTime(DateTime.UtcNow));
        Values["source"] = Def.Sources[0].Id;
    }

    public async Task<IActionResult> OnPostAsync(string slug, long number)
    {
        var ct = HttpContext.RequestAborted;
        var form = await Request.ReadFormAsync(ct);
        await LoadAsync(slug, number, form["type"]);
        foreach (var (k, v) in form)
            if (k != "__RequestVerificationToken") Values[k] = v.ToString().Trim();
        var fields = new JsonObject();
        foreach (var f in Type?.Fields.Fields ?? [])
            if (Values.GetValueOrDefault("fields." + f.Name) is { Length: > 0 } value) fields[f.Name] = value;
        var body = new JsonObject
        {
            ["type"] = Values.GetValueOrDefault("type"), ["fields"] = fields, ["source"] = Values.GetValueOrDefault("source"),
        };
        if (Values.GetValueOrDefault("date") is { Length: > 0 } date) body["date"] = date;
        if (Values.GetValueOrDefault("comment") is { Length: > 0 } comment) body["comment"] = comment;
        try
        {
            await records.AddEventAsync(p.Actor, slug, number, body, ct);
            return Redirect(CollectViews.RecordUrl(View.Slug, number) + "?done=event#historique");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden or Problem.Conflict or Problem.PreconditionFailed)
        {
            CollectViews.AddErrors(Errors, e, p, Labels);
            Response.StatusCode = e.Problem switch { Problem.Forbidden => 403, Problem.Invalid => 400, _ => 409 };
            return Page();
        }
    }

    private async Task LoadAsync(string slug, long number, string? type)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Record = await records.GetAsync(slug, number, null, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct))
            .Require(CollectionRole.Contributor, "event.create", Record.Record.Region, Record.Record.Departement);
        Type = type is { Length: > 0 } t ? Def.Event(t) : null;
        if (Type is not null) Values["type"] = Type.Type;
    }

    internal Dictionary<string, string> Labels
    {
        get
        {
            var labels = (Type?.Fields.Fields ?? []).ToDictionary(f => "fields." + f.Name, f => f.Title is { Length: > 0 } t ? t : f.Name, StringComparer.Ordinal);
            labels["type"] = p.T("portal.collect.event.type");
            labels["date"] = p.T("portal.collect.event.date");
            labels["source"] = p.T("portal.collect.form.source");
            labels["comment"] = p.T("portal.collect.form.comment");
            return labels;
        }
    }

    internal string Value(string name) => Values.GetValueOrDefault(name) ?? "";

    internal IEnumerable<ValueInput> FieldInputs() => (Type?.Fields.Fields ?? [])
        .Select(f => ValueInput.Of(p, f, "fields.", Value("fields." + f.Name), Errors.For("fields." + f.Name)));

    internal InputView DateInput() => new("date", p.T("portal.collect.event.date"), InputKind.Date)
    {
        Hint = p.T("portal.collect.event.date.hint"), Required = true, Values = [Value("date")], Error = Errors.For("date"),
    };

    internal InputView SourceInput() => new("source", p.T("portal.collect.form.source"), InputKind.Select)
    {
        Hint = p.T("portal.collect.event.source.hint"), Values = [Value("source")], Error = Errors.For("source"),
        Options = [.. Def.Sources.Select(s => new OptionView(s.Id, s.Label.In(p.Lang)))],
    };

    internal InputView CommentInput() => new("comment", p.T("portal.collect.form.comment"), InputKind.Textarea)
    {
        Values = [Value("comment")], Error = Errors.For("comment"),
    };
}
