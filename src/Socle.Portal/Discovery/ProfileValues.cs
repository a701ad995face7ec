using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Profiles;
using Socle.Catalog.Text;
using Socle.Portal.Infrastructure;

namespace Socle.Portal.Discovery;

/// <summary>One value as shown: its text, a link (a facet filter, a URL, mailto), or safe HTML (Markdown).</summary>
public sealed record MetaValue(string Text, string? Href, string? Html);

/// <summary>One line of a definition list (<c>_MetaItem</c>); <see cref="Tags"/> values are drawn as DSFR tags.</summary>
public sealed record MetaItem(string Key, string Label, IReadOnlyList<MetaValue> Values, bool Tags);

public sealed record MetaSection(string Key, string Label, IReadOnlyList<MetaItem> Items);

/// <summary>
/// The values of a metadata profile's fields as readers see them, section by section: what a dataset's extras and an
/// algorithm register entry's fields both are. Facet values link to the listing at <paramref name="searchPath"/>
/// filtered on them.
/// </summary>
internal sealed class ProfileValues(MetadataProfile profile, PortalContext p, string searchPath)
{
    /// <summary>The profile's sections with the fields <paramref name="values"/> fills in; fields of no known section come last, under <paramref name="otherLabel"/>.</summary>
    public List<MetaSection> Sections(JsonObject values, string otherLabel)
    {
        var known = profile.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var sections = new List<MetaSection>();
        foreach (var s in profile.Sections)
        {
            var items = Items(values, profile.Fields.Where(f => f.Section == s.Key));
            if (items.Count > 0) sections.Add(new MetaSection(s.Key, s.Label.Get(p.Lang), items));
        }
        var rest = Items(values, profile.Fields.Where(f => f.Section is null || !known.Contains(f.Section)));
        if (rest.Count > 0) sections.Add(new MetaSection("other", otherLabel, rest));
        return sections;
    }

    public List<MetaItem> Items(JsonObject values, IEnumerable<ProfileField> fields)
    {
        var items = new List<MetaItem>();
        foreach (var f in fields)
            if (Item(values, f) is { } item) items.Add(item);
        return items;
    }

    /// <summary>One field's line, or null when the field is empty.</summary>
    public MetaItem? Item(JsonObject values, ProfileField f)
    {
        if (!values.TryGetPropertyValue(f.Key, out var node) || node is null) return null;
        var nodes = node is JsonArray a ? a.Where(n => n is not null).Select(n => n!).ToList() : [node];
        var shown = nodes.Select(n => Value(f, n)).Where(v => v is not null).Select(v => v!).ToList();
        if (shown.Count == 0) return null;
        return new MetaItem(f.Key, f.Label.Get(p.Lang), shown,
            Tags: f.Type == ProfileFieldType.Vocabulary || (f.Facet && f.Type == ProfileFieldType.Boolean));
    }

    /// <summary>One value as the reader sees it: a vocabulary label, yes/no, a localised number or date, a link, Markdown.</summary>
    public MetaValue? Value(ProfileField f, JsonNode n)
    {
        var kind = n.GetValueKind();
        var raw = kind == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
        if (raw.Length == 0) return null;
        switch (f.Type)
        {
            case ProfileFieldType.Vocabulary:
                var concept = f.Vocabulary is { } v ? profile.Vocabulary(v)?.Find(raw) : null;
                return new MetaValue(concept?.Label.Get(p.Lang) ?? raw, f.Facet ? Search(f.Key, concept?.Value ?? raw) : null, null);
            case ProfileFieldType.Boolean:
                var yes = kind == JsonValueKind.True || raw.Equals("true", StringComparison.OrdinalIgnoreCase);
                return new MetaValue(p.T(yes ? "portal.dataset.yes" : "portal.dataset.no"), f.Facet ? Search(f.Key, yes ? "true" : "false") : null, null);
            case ProfileFieldType.Integer when kind == JsonValueKind.Number && n.AsValue().TryGetValue<long>(out var i):
                return new MetaValue(p.Number(i), null, null);
            case ProfileFieldType.Number when kind == JsonValueKind.Number && n.AsValue().TryGetValue<double>(out var x):
                return new MetaValue(p.Number(x, 6), null, null);
            case ProfileFieldType.Date when DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return new MetaValue(p.Date(date), null, null);
            case ProfileFieldType.Url when Uri.TryCreate(raw, UriKind.Absolute, out var u) && u.Scheme is "http" or "https":
                return new MetaValue(raw, raw, null);
            case ProfileFieldType.Email:
                return new MetaValue(raw, "mailto:" + raw, null);
            case ProfileFieldType.Text:
                return new MetaValue(raw, null, MarkdownText.ToSafeHtml(raw));
            default:
                return new MetaValue(raw, null, null);
        }
    }

    public string Search(string facet, string value) => $"{searchPath}?{facet}={Uri.EscapeDataString(value)}";
}
