using Socle.Catalog.Files;
using Socle.Catalog.Model;
using Socle.Catalog.Services;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Pages.Admin.Datasets;

/// <summary>What the upload form draws: where it posts, its inputs, its errors and the size limit.</summary>
internal sealed record UploadFormView(string Action, IReadOnlyList<InputView> Inputs, FormErrors Errors, long MaxBytes);

/// <summary>What a resource's status cell draws; it asks again every few seconds while a validation is pending.</summary>
internal sealed record ResourceStatusView(string Slug, Resource Resource)
{
    /// <summary>"pending" (a schema, no verdict on the current content yet), "none" (no schema), or the verdict.</summary>
    public string Status => ResourceStatus.Name(Resource) is "not-validated" ? Resource.Schema is null ? "none" : "pending" : ResourceStatus.Name(Resource);
}

/// <summary>
/// The inputs of the resource forms (upload, link, edit): the values of a form are kept by input name, and the schema
/// is either a registered one chosen in a list — following its latest version, or pinned to one — or any Table Schema URL.
/// </summary>
internal sealed class ResourceForm(PortalContext p, SchemaRegistry schemas, string prefix)
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public FormErrors Errors { get; } = new() { Prefix = prefix };
    /// <summary>The inputs drawn, with their labels, for placing the catalogue's errors.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v : null;

    /// <summary>The schema reference: the URL when one is given, else the registered name chosen (empty: none).</summary>
    public string? Schema => Get("schema_url")?.Trim() is { Length: > 0 } url ? url : Get("schema");

    /// <summary>The metadata to send to <see cref="ResourceService"/>; absent inputs stay null (unchanged).</summary>
    public ResourceInput Input(bool withUrl) => new()
    {
        Title = Get("title"), Description = Get("description"), Type = Get("type") is { Length: > 0 } t ? t : null,
        Format = Get("format")?.Trim(), Schema = Values.ContainsKey("schema") || Values.ContainsKey("schema_url") ? Schema ?? "" : null,
        Url = withUrl ? Get("url")?.Trim() : null,
    };

    /// <summary>Fills the form from a resource: a registered schema goes in the list, any other in the URL input.</summary>
    public void From(Resource r)
    {
        Values["title"] = r.Title;
        Values["description"] = r.Description ?? "";
        Values["type"] = r.Type;
        Values["format"] = r.Format ?? "";
        Values["url"] = r.Url ?? "";
        if (r.Schema is { } s && SchemaResolver.Split(s) is ({ } name, var version) && schemas.ReferenceFor(name, version) is not null) Values["schema"] = s;
        else Values["schema_url"] = r.Schema ?? "";
    }

    public void AddErrors(CatalogException e) =>
        // An error about the schema is about the URL input when the schema came from there.
        Errors.Add(e, p.Lang, Labels, f => f == "schema" && Get("schema_url")?.Trim() is { Length: > 0 } ? "schema_url" : f);

    public InputView Text(string name, string labelKey, InputKind kind = InputKind.Text, string? hintKey = null, bool required = false)
    {
        var label = p.T(labelKey);
        Labels[name] = label;
        return new InputView(name, label, kind)
        {
            Prefix = prefix, Hint = hintKey is null ? null : p.T(hintKey), Required = required,
            Values = Get(name) is { } v ? [v] : [], Error = Errors.For(name),
        };
    }

    public InputView Type() => Text("type", "portal.admin.resource.type", InputKind.Select) with
    {
        Options = [.. ResourceTypes.All.Select(t => new OptionView(t, p.T("portal.admin.resource.type." + t)))],
    };

    /// <summary>
    /// The registered schemas, one group each: its name (follows the latest version, which it names) then each version
    /// (the resource stays on it), newest first.
    /// </summary>
    public InputView SchemaList()
    {
        var options = new List<OptionView>();
        foreach (var e in schemas.List())
        {
            var group = e.Title is null ? e.Name : $"{e.Title} ({e.Name})";
            var keywords = $"{e.Name} {e.Title}";
            options.Add(new OptionView(e.Name, e.Latest is { } latest ? p.T("portal.schemas.choice.latest", latest) : p.T("portal.schemas.choice.latest-unknown"), group, keywords));
            foreach (var v in e.NewestFirst)
                options.Add(new OptionView(SchemaResolver.Reference(e.Name, v.Version), p.T("portal.schemas.choice.version", v.Version), group, keywords));
        }
        return Text("schema", "portal.admin.resource.schema", InputKind.Select, "portal.admin.resource.schema.hint") with
        {
            Options = options, Placeholder = p.T("portal.admin.resource.schema.none"), FilterLabel = p.T("portal.admin.filter"),
        };
    }

    public InputView SchemaUrl() => Text("schema_url", "portal.admin.resource.schema-url", InputKind.Url, "portal.admin.resource.schema-url.hint");
}
