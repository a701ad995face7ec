using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;

namespace Socle.Catalog.Services;

/// <summary>
/// Reads a dataset's metadata from JSON (udata's names where they fit: <c>tags</c>, <c>license</c>,
/// <c>temporal_coverage</c>, <c>spatial</c>, <c>contact_point</c>) and applies it to a dataset. Only the properties
/// present change, so the same reader serves creation and partial update. Every problem is collected, none thrown
/// half-way, so the caller either applies everything or nothing.
/// </summary>
internal static class DatasetInput
{
    public static readonly string[] Properties =
        ["title", "slug", "description", "organization", "license", "tags", "spatial", "temporal_coverage", "frequency", "contact_point", "extras"];

    public sealed record Resolved(Guid? OrganizationId, bool HasOrganization);

    /// <summary>Checks <paramref name="body"/> and writes it into <paramref name="target"/>; returns the errors (nothing written when any).</summary>
    public static List<FieldError> Apply(JsonObject body, Dataset target, MetadataProfile profile,
        IReadOnlySet<string> licenseIds, Func<string, Guid?> findOrganization, bool creating)
    {
        var errors = new List<FieldError>();
        var staged = new List<Action<Dataset>>();
        foreach (var (name, _) in body)
            if (!Properties.Contains(name)) errors.Add(FieldError.Of(name, "unknown-field"));

        if (body.TryGetPropertyValue("title", out var title) || creating)
        {
            var t = Text(title, "title", errors)?.Trim();
            if (string.IsNullOrEmpty(t)) errors.Add(FieldError.Of("title", "required"));
            else if (t.Length > 500) errors.Add(FieldError.Of("title", "too-long", 500));
            else staged.Add(d => d.Title = t);
        }
        if (body.TryGetPropertyValue("slug", out var slug))
        {
            var s = Text(slug, "slug", errors);
            if (s is not null && !Slugs.IsValid(s)) errors.Add(FieldError.Of("slug", "slug"));
            else if (s is not null) staged.Add(d => d.Slug = s);
        }
        if (body.TryGetPropertyValue("description", out var description))
        {
            var s = Text(description, "description", errors) ?? "";
            if (s.Length > 100_000) errors.Add(FieldError.Of("description", "too-long", 100_000));
            else staged.Add(d => d.Description = s);
        }
        if (body.TryGetPropertyValue("organization", out var org))
        {
            var s = Text(org, "organization", errors);
            if (s is null) staged.Add(d => d.OrganizationId = null);
            else if (findOrganization(s) is { } id) staged.Add(d => d.OrganizationId = id);
            else errors.Add(FieldError.Of("organization", "unknown-organization", s));
        }
        if (body.TryGetPropertyValue("license", out var license))
        {
            var s = Text(license, "license", errors);
            if (s is not null && !licenseIds.Contains(s)) errors.Add(FieldError.Of("license", "unknown-license", s));
            else staged.Add(d => d.LicenseId = s);
        }
        if (body.TryGetPropertyValue("tags", out var tags))
        {
            var list = Strings(tags, "tags", errors);
            if (list is not null)
            {
                var clean = list.Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0).Distinct().ToList();
                if (clean.Any(k => k.Length > 100)) errors.Add(FieldError.Of("tags", "too-long", 100));
                else staged.Add(d => d.Keywords = clean);
            }
        }
        if (body.TryGetPropertyValue("spatial", out var spatial))
        {
            if (spatial is null) staged.Add(d => { d.Territories = []; d.SpatialGranularity = null; });
            else if (spatial is not JsonObject so) errors.Add(FieldError.Of("spatial", "wrong-type", "object"));
            else
            {
                foreach (var (k, _) in so)
                    if (k is not ("zones" or "granularity")) errors.Add(FieldError.Of("spatial." + k, "unknown-field"));
                var zones = so.TryGetPropertyValue("zones", out var z) ? Strings(z, "spatial.zones", errors) ?? [] : [];
                foreach (var zone in zones)
                    if (!Territory.IsCode(zone)) errors.Add(FieldError.Of("spatial.zones", "territory", zone));
                var granularity = so.TryGetPropertyValue("granularity", out var g) ? Text(g, "spatial.granularity", errors) : null;
                staged.Add(d => { d.Territories = zones.Distinct().ToList(); d.SpatialGranularity = granularity; });
            }
        }
        if (body.TryGetPropertyValue("temporal_coverage", out var temporal))
        {
            if (temporal is null) staged.Add(d => { d.TemporalStart = null; d.TemporalEnd = null; });
            else if (temporal is not JsonObject to) errors.Add(FieldError.Of("temporal_coverage", "wrong-type", "object"));
            else
            {
                foreach (var (k, _) in to)
                    if (k is not ("start" or "end")) errors.Add(FieldError.Of("temporal_coverage." + k, "unknown-field"));
                var start = Date(to["start"], "temporal_coverage.start", errors);
                var end = Date(to["end"], "temporal_coverage.end", errors);
                if (start is not null && end is not null && end < start) errors.Add(FieldError.Of("temporal_coverage", "end-before-start"));
                staged.Add(d => { d.TemporalStart = start; d.TemporalEnd = end; });
            }
        }
        if (body.TryGetPropertyValue("frequency", out var frequency))
        {
            var s = Text(frequency, "frequency", errors);
            if (s is null) staged.Add(d => d.Frequency = null);
            else if (profile.Vocabulary("frequency")?.Find(s) is { } concept) staged.Add(d => d.Frequency = concept.Value);
            else errors.Add(FieldError.Of("frequency", "not-in-vocabulary", s));
        }
        if (body.TryGetPropertyValue("contact_point", out var contact))
        {
            if (contact is null) staged.Add(d => { d.ContactName = null; d.ContactEmail = null; });
            else if (contact is not JsonObject co) errors.Add(FieldError.Of("contact_point", "wrong-type", "object"));
            else
            {
                foreach (var (k, _) in co)
                    if (k is not ("name" or "email")) errors.Add(FieldError.Of("contact_point." + k, "unknown-field"));
                var name = Text(co["name"], "contact_point.name", errors);
                var email = Text(co["email"], "contact_point.email", errors);
                if (email is not null && !MailAddress.TryCreate(email, out _)) errors.Add(FieldError.Of("contact_point.email", "email", email));
                staged.Add(d => { d.ContactName = name; d.ContactEmail = email; });
            }
        }
        if (body.TryGetPropertyValue("extras", out var extras))
        {
            if (extras is not null and not JsonObject) errors.Add(FieldError.Of("extras", "wrong-type", "object"));
            else
            {
                var result = MetadataValidator.Validate(profile, extras as JsonObject);
                foreach (var e in result.Errors)
                    errors.Add(new FieldError("extras." + e.Field, e.Code, e.MessageKey, e.Args));
                if (result.Errors.Count == 0) staged.Add(d => d.Extras = result.Extras);
            }
        }
        else if (creating)
        {
            // Required profile fields must be there from the start.
            var result = MetadataValidator.Validate(profile, []);
            foreach (var e in result.Errors)
                errors.Add(new FieldError("extras." + e.Field, e.Code, e.MessageKey, e.Args));
        }

        if (errors.Count == 0)
            foreach (var apply in staged) apply(target);
        return errors;
    }

    /// <summary>A string property, null when absent; anything else is a "wrong-type" error. Shared by the catalogue's JSON readers.</summary>
    internal static string? Text(JsonNode? node, string field, List<FieldError> errors)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        errors.Add(FieldError.Of(field, "wrong-type", "string"));
        return null;
    }

    private static List<string>? Strings(JsonNode? node, string field, List<FieldError> errors)
    {
        if (node is null) return [];
        if (node is not JsonArray a) { errors.Add(FieldError.Of(field, "wrong-type", "array")); return null; }
        var list = new List<string>(a.Count);
        foreach (var item in a)
        {
            var s = Text(item, field, errors);
            if (s is null) return null;
            list.Add(s);
        }
        return list;
    }

    private static DateOnly? Date(JsonNode? node, string field, List<FieldError> errors)
    {
        var s = Text(node, field, errors);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(FieldError.Of(field, "date", s));
        return null;
    }
}
