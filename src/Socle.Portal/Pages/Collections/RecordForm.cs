using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Services;
using Socle.Collect.Definitions;
using Socle.Portal.Infrastructure;
using Socle.Portal.Pages.Admin;
using Socle.Validation.Schema;

namespace Socle.Portal.Pages.Collections;

/// <summary>How a value's input is drawn (<c>_ValueInput.cshtml</c>).</summary>
internal enum ValueKind { Text, Number, Integer, Date, Select, Boolean, Textarea }

/// <summary>One input of a form generated from a Table Schema field: its title, description as hint, list, bounds, error.</summary>
internal sealed record ValueInput(string Name, string Label, ValueKind Kind, string Value)
{
    /// <summary>Keeps ids unique when several forms of a page have an input of the same name.</summary>
    public string IdPrefix { get; init; } = "";
    public string Id => InputView.IdOf(IdPrefix + Name);
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<OptionView> Options { get; init; } = [];
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string? Error { get; init; }

    /// <summary>The input of a schema field, named <paramref name="prefix"/> + its name ("values.filiere").</summary>
    public static ValueInput Of(PortalContext p, Field f, string prefix, string value, string? error)
    {
        var allowed = CollectViews.Allowed(f);
        var kind = allowed.Count > 0 ? ValueKind.Select
            : f.Type switch
            {
                "number" => ValueKind.Number,
                "integer" => ValueKind.Integer,
                "date" when f.Format is "default" => ValueKind.Date,
                "boolean" => ValueKind.Boolean,
                _ => ValueKind.Text,
            };
        return new ValueInput(prefix + f.Name, f.Title is { Length: > 0 } t ? t : f.Name, kind, value)
        {
            Hint = f.Description,
            Required = f.Constraints.Required,
            Options = [.. allowed.Select(v => new OptionView(v, CollectViews.Value(p, f, v)))],
            Min = f.Constraints.Minimum?.ToString(),
            Max = f.Constraints.Maximum?.ToString(),
            Error = error,
        };
    }
}

/// <summary>
/// The record form, generated from the collection's schema: every field's input (posted text, or the record's values),
/// the source, the day the values hold from, a comment and the version read (a stale one is refused by the service);
/// the JSON body <c>/api/1/collections/{slug}/records/</c> takes; the service's refusals on their inputs.
/// </summary>
internal sealed class RecordForm(PortalContext p, CollectionDefinition def)
{
    public const string Prefix = "values.";

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public string Source { get; set; } = def.Sources[0].Id;
    public string ValidFrom { get; set; } = CollectViews.Iso(DateOnly.FromDateTime(DateTime.UtcNow));
    public string Comment { get; set; } = "";
    public int? Version { get; set; }
    public FormErrors Errors { get; } = new();
    public CollectionDefinition Definition => def;

    public void From(IFormCollection form)
    {
        foreach (var f in def.Schema.Fields)
            Values[f.Name] = form[Prefix + f.Name].ToString().Trim();
        if (form["source"].ToString() is { Length: > 0 } s) Source = s;
        ValidFrom = form["valid_from"].ToString().Trim();
        Comment = form["comment"].ToString();
        Version = int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public void From(IReadOnlyDictionary<string, string> values, int version)
    {
        foreach (var (k, v) in values) Values[k] = v;
        Version = version;
    }

    /// <summary>
    /// The body of a create (every value given) or of an update (<paramref name="current"/>: the published values; only
    /// the fields the form changed are sent, an emptied one as null, so that untouched values stay with their sources).
    /// </summary>
    public JsonObject Body(IReadOnlyDictionary<string, string>? current)
    {
        var values = new JsonObject();
        foreach (var f in def.Schema.Fields)
        {
            var posted = Values.GetValueOrDefault(f.Name) ?? "";
            if (current is null)
            {
                if (posted.Length > 0) values[f.Name] = posted;
            }
            else if (posted != (current.GetValueOrDefault(f.Name) ?? ""))
                values[f.Name] = posted.Length > 0 ? posted : null;
        }
        var body = new JsonObject { ["values"] = values, ["source"] = Source };
        if (ValidFrom.Length > 0) body["valid_from"] = ValidFrom;
        if (Comment.Trim().Length > 0) body["comment"] = Comment.Trim();
        return body;
    }

    /// <summary>Input name → label, for the refusals.</summary>
    public Dictionary<string, string> Labels
    {
        get
        {
            var labels = def.Schema.Fields.ToDictionary(f => Prefix + f.Name, f => f.Title is { Length: > 0 } t ? t : f.Name, StringComparer.Ordinal);
            labels["source"] = p.T("portal.collect.form.source");
            labels["valid_from"] = p.T("portal.collect.form.valid-from");
            labels["comment"] = p.T("portal.collect.form.comment");
            return labels;
        }
    }

    /// <summary>Puts a refusal on the form: a stale version says so on top (409), the rest goes on its inputs (400).</summary>
    public int AddRefusal(CatalogException e)
    {
        if (e.Problem is Problem.PreconditionFailed)
        {
            Errors.General.Add(e.Title(p.Lang));
            return 409;
        }
        CollectViews.AddErrors(Errors, e, p, Labels);
        return e.Problem switch { Problem.Forbidden => 403, Problem.Conflict => 409, _ => 400 };
    }

    public IEnumerable<ValueInput> Inputs(Func<Field, bool> which) =>
        def.Schema.Fields.Where(which).Select(f => ValueInput.Of(p, f, Prefix, Values.GetValueOrDefault(f.Name) ?? "", Errors.For(Prefix + f.Name)));

    public ValueInput? Input(string? field) => CollectViews.FieldOf(def.Schema, field) is { } f
        ? ValueInput.Of(p, f, Prefix, Values.GetValueOrDefault(f.Name) ?? "", Errors.For(Prefix + f.Name)) : null;

    public InputView SourceInput() => new("source", p.T("portal.collect.form.source"), InputKind.Select)
    {
        Hint = p.T("portal.collect.form.source.hint"), Values = [Source], Error = Errors.For("source"),
        Options = [.. def.Sources.Select(s => new OptionView(s.Id, s.Label.In(p.Lang)))],
    };

    public InputView ValidFromInput() => new("valid_from", p.T("portal.collect.form.valid-from"), InputKind.Date)
    {
        Hint = p.T("portal.collect.form.valid-from.hint"), Values = [ValidFrom], Error = Errors.For("valid_from"),
    };

    public InputView CommentInput() => new("comment", p.T("portal.collect.form.comment"), InputKind.Textarea)
    {
        Hint = p.T("portal.collect.form.comment.hint"), Values = [Comment], Error = Errors.For("comment"),
    };
}
