using Microsoft.EntityFrameworkCore;
using Socle.Catalog.Data;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Validation.Reporting;

namespace Socle.Portal.Pages.Admin;

/// <summary>How an input of a back-office form is drawn (see <c>_AdminInput.cshtml</c>).</summary>
internal enum InputKind { Text, Textarea, Lines, Decimal, Integer, Date, Url, Email, Boolean, Select, Checkboxes }

/// <summary>One choice of a select or checkbox group; <see cref="Keywords"/> (synonyms) also match the list filter.</summary>
internal sealed record OptionView(string Value, string Label, string? Group = null, string? Keywords = null);

/// <summary>A link of the back office's breadcrumb (the last one is the current page, without a link).</summary>
internal sealed record Crumb(string Label, string? Href = null);

/// <summary>One labelled input with its hint, its current values and its inline error.</summary>
internal sealed record InputView(string Name, string Label, InputKind Kind)
{
    /// <summary>Above this many choices a list gets a filter box (added by admin.js; the list works without it).</summary>
    public const int FilterThreshold = 8;

    /// <summary>Keeps ids unique when two forms of a page have inputs of the same name.</summary>
    public string Prefix { get; init; } = "";
    public string Id => IdOf(Prefix + Name);
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public string? Error { get; init; }
    public IReadOnlyList<OptionView> Options { get; init; } = [];
    public string? Autocomplete { get; init; }
    public string? Placeholder { get; init; }
    /// <summary>Label of the list filter box, when the list is long enough to have one.</summary>
    public string? FilterLabel { get; init; }
    public string Value => Values.Count > 0 ? Values[0] : "";
    public bool Filterable => FilterLabel is not null && Options.Count > FilterThreshold;

    public static string IdOf(string name) => "f-" + name.Replace('.', '-').Replace('_', '-');
}

/// <summary>A refused form: each field error goes next to its input, the others (and problems without fields) on top.</summary>
internal sealed class FormErrors
{
    private readonly List<(string Field, string Message)> fields = [];

    /// <summary>The id prefix of the form's inputs (see <see cref="InputView.Prefix"/>), for the summary's links.</summary>
    public string Prefix { get; init; } = "";

    public List<string> General { get; } = [];
    public IReadOnlyList<(string Field, string Message)> Fields => fields;
    public bool Any => fields.Count > 0 || General.Count > 0;
    public int Count => fields.Count + General.Count;

    public string? For(string name)
    {
        var m = fields.Where(f => f.Field == name).Select(f => f.Message).ToList();
        return m.Count == 0 ? null : string.Join(" ", m);
    }

    public void Add(string field, string message) => fields.Add((field, message));

    /// <summary>
    /// A refused save of an edit form, as both edit pages answer it: a stale version gets <paramref name="staleMessage"/>
    /// (409), anything else the catalogue's errors on their inputs (400, or 409 for a conflict). Returns the status.
    /// </summary>
    public int AddRefusal(CatalogException e, string lang, IReadOnlyDictionary<string, string> inputs, string staleMessage)
    {
        if (e.Problem == Problem.PreconditionFailed)
        {
            General.Add(staleMessage);
            return 409;
        }
        Add(e, lang, inputs);
        return e.Problem == Problem.Conflict ? 409 : 400;
    }

    /// <summary>
    /// The catalogue's refusal, field by field. <paramref name="inputs"/> maps the form's input names to their labels:
    /// an error is put on the input of its field (or of the first sub-field, "temporal_coverage" → its start), and the
    /// catalogue's own messages get the label in place of the API's property name. <paramref name="rename"/> maps a
    /// property to another input (the schema given by URL rather than chosen in the list); <paramref name="inline"/>
    /// false lists every message on top (a page whose inputs are elsewhere).
    /// </summary>
    public void Add(CatalogException e, string lang, IReadOnlyDictionary<string, string> inputs, Func<string, string>? rename = null, bool inline = true)
    {
        if (e.Errors.Count == 0)
        {
            General.Add(e.Title(lang));
            return;
        }
        foreach (var f in e.Errors)
        {
            var field = rename?.Invoke(f.Field) ?? f.Field;
            var name = inputs.ContainsKey(field) ? field : inputs.Keys.FirstOrDefault(k => k.StartsWith(field + ".", StringComparison.Ordinal));
            var args = f.Args.ToArray();
            if (name is not null && f.MessageKey.StartsWith("catalog.error.", StringComparison.Ordinal) && args.Length > 0) args[0] = inputs[name];
            var message = Messages.Format(f.MessageKey, lang, args);
            if (name is null || !inline) General.Add(message);
            else Add(name, message);
        }
    }
}

/// <summary>Reads shared by the back-office pages: what a signed-in person works on.</summary>
internal static class AdminQueries
{
    /// <summary>The datasets of the actor's organisations and those they created (all of them for a platform admin).</summary>
    public static IQueryable<Dataset> MyDatasets(CatalogDb db, Actor actor)
    {
        var q = db.Datasets.AsNoTracking();
        if (actor.IsAdmin) return q;
        var me = actor.AccountId;
        var orgs = actor.Roles.Keys.Select(k => (Guid?)k).ToList();
        return q.Where(d => d.OwnerId == me || orgs.Contains(d.OrganizationId));
    }

    /// <summary>The proposed datasets the actor may publish or reject: those of the organisations they edit for.</summary>
    public static IQueryable<Dataset> ReviewQueue(CatalogDb db, Actor actor)
    {
        var q = db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Proposed);
        if (actor.IsAdmin) return q;
        var orgs = actor.Roles.Where(r => r.Value >= OrganizationRole.Editor).Select(r => (Guid?)r.Key).ToList();
        return q.Where(d => orgs.Contains(d.OrganizationId));
    }

    /// <summary>Whether the actor edits for some organisation: the review queue's and the harvest sources' menu entries.</summary>
    public static bool Reviews(Actor actor) => actor.IsAdmin || actor.Roles.Values.Any(r => r >= OrganizationRole.Editor);

    public static string StatusName(DatasetStatus s) => s switch
    {
        DatasetStatus.Draft => "draft",
        DatasetStatus.Proposed => "proposed",
        DatasetStatus.Published => "published",
        DatasetStatus.Archived => "archived",
        _ => "rejected",
    };

    /// <summary>The DSFR badge colour of a dataset status.</summary>
    public static string StatusBadge(DatasetStatus s) => s switch
    {
        DatasetStatus.Draft => "fr-badge--info",
        DatasetStatus.Proposed => "fr-badge--new",
        DatasetStatus.Published => "fr-badge--success",
        DatasetStatus.Archived => "fr-badge--warning",
        _ => "fr-badge--error",
    };

    public static string RoleName(OrganizationRole r) => r.ToString().ToLowerInvariant();
}
