using System.Globalization;
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

/// <summary>A value of one of the record's time series (a year's production…), as <c>POST …/records/{number}/measures/</c> takes it.</summary>
public sealed class MeasureNewModel(CollectionService collections, RecordService records, PortalContext p) : PageModel
{
    internal CollectionView View { get; private set; } = null!;
    internal CollectionDefinition Def => View.Definition;
    internal RecordView Record { get; private set; } = null!;
    internal Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    internal FormErrors Errors { get; } = new();

    public async Task OnGetAsync(string slug, long number)
    {
        await LoadAsync(slug, number);
        Values["period"] = (DateTime.UtcNow.Year - 1).ToString(CultureInfo.InvariantCulture);
        Values["source"] = Def.Sources[0].Id;
    }

    public async Task<IActionResult> OnPostAsync(string slug, long number)
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(slug, number);
        var form = await Request.ReadFormAsync(ct);
        foreach (var n in new[] { "measure", "period", "value", "source" }) Values[n] = form[n].ToString().Trim();
        var text = Values["value"].Replace(',', '.').Replace(" ", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        // A number is sent as a number; anything else as typed, for the service to say what is wrong with it.
        JsonNode? value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
            : Values["value"].Length > 0 ? JsonValue.Create(Values["value"]) : null;
        var body = new JsonObject
        {
            ["measures"] = new JsonArray(new JsonObject { ["measure"] = Values["measure"], ["period"] = Values["period"], ["value"] = value }),
            ["source"] = Values["source"],
        };
        try
        {
            await records.AddMeasuresAsync(p.Actor, slug, number, body, ct);
            return Redirect(CollectViews.RecordUrl(View.Slug, number) + "?done=measure#mesures");
        }
        catch (CatalogException e) when (e.Problem is Problem.Invalid or Problem.Forbidden or Problem.Conflict or Problem.PreconditionFailed)
        {
            CollectViews.AddErrors(Errors, e, p, Labels, f => f.StartsWith("measures[0].", StringComparison.Ordinal) ? f[12..] : f);
            Response.StatusCode = e.Problem switch { Problem.Forbidden => 403, Problem.Invalid => 400, _ => 409 };
            return Page();
        }
    }

    private async Task LoadAsync(string slug, long number)
    {
        var ct = HttpContext.RequestAborted;
        View = await collections.GetAsync(slug, ct);
        Record = await records.GetAsync(slug, number, null, ct);
        (await collections.RightsAsync(View.Collection, p.Actor, ct))
            .Require(CollectionRole.Contributor, "measure.create", Record.Record.Region, Record.Record.Departement);
    }

    internal Dictionary<string, string> Labels => new(StringComparer.Ordinal)
    {
        ["measure"] = p.T("portal.collect.measure.measure"), ["period"] = p.T("portal.collect.measure.period"),
        ["value"] = p.T("portal.collect.measure.value"), ["source"] = p.T("portal.collect.form.source"),
    };

    private string Value(string name) => Values.GetValueOrDefault(name) ?? "";

    internal IEnumerable<InputView> Inputs()
    {
        yield return new InputView("measure", p.T("portal.collect.measure.measure"), InputKind.Select)
        {
            Required = true, Values = [Value("measure")], Error = Errors.For("measure"), Placeholder = p.T("portal.collect.form.choose"),
            Options = [.. Def.Measures.Select(m => new OptionView(m.Id, m.Unit.Length > 0 ? $"{m.Label.In(p.Lang)} ({m.Unit})" : m.Label.In(p.Lang)))],
        };
        yield return new InputView("period", p.T("portal.collect.measure.period"), InputKind.Text)
        {
            Hint = p.T("portal.collect.measure.period.hint"), Required = true, Values = [Value("period")], Error = Errors.For("period"),
        };
        yield return new InputView("value", p.T("portal.collect.measure.value"), InputKind.Decimal)
        {
            Required = true, Values = [Value("value")], Error = Errors.For("value"),
        };
        yield return new InputView("source", p.T("portal.collect.form.source"), InputKind.Select)
        {
            Values = [Value("source")], Error = Errors.For("source"),
            Options = [.. Def.Sources.Select(s => new OptionView(s.Id, s.Label.In(p.Lang)))],
        };
    }
}
