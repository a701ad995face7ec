using System.Text.Json.Nodes;
using Socle.Catalog.Model;
using Socle.Catalog.Profiles;
using Socle.Catalog.Services;

namespace Socle.Catalog.Algorithms;

/// <summary>
/// Reads an algorithm entry from JSON — <c>name</c>, <c>slug</c>, <c>description</c>, <c>organization</c>,
/// <c>datasets</c> (ids or slugs of catalogue datasets) and <c>fields</c> (the profile's) — and applies it. Only the
/// properties present change; every problem is collected, and nothing is applied when there is one.
/// </summary>
internal static class AlgorithmInput
{
    public static readonly string[] Properties = ["name", "slug", "description", "organization", "datasets", "fields"];

    public static List<FieldError> Apply(JsonObject body, Algorithm target, MetadataProfile profile,
        Func<string, Guid?> findOrganization, Func<string, Guid?> findDataset, bool creating)
    {
        var errors = new List<FieldError>();
        var staged = new List<Action<Algorithm>>();
        foreach (var (name, _) in body)
            if (!Properties.Contains(name)) errors.Add(FieldError.Of(name, "unknown-field"));

        if (body.TryGetPropertyValue("name", out var nameNode) || creating)
        {
            var t = DatasetInput.Text(nameNode, "name", errors)?.Trim();
            if (string.IsNullOrEmpty(t)) errors.Add(FieldError.Of("name", "required"));
            else if (t.Length > 500) errors.Add(FieldError.Of("name", "too-long", 500));
            else staged.Add(a => a.Name = t);
        }
        if (body.TryGetPropertyValue("slug", out var slug))
        {
            var s = DatasetInput.Text(slug, "slug", errors);
            if (s is not null && !Slugs.IsValid(s)) errors.Add(FieldError.Of("slug", "slug"));
            else if (s is not null) staged.Add(a => a.Slug = s);
        }
        if (body.TryGetPropertyValue("description", out var description) || creating)
        {
            var s = DatasetInput.Text(description, "description", errors)?.Trim() ?? "";
            if (s.Length == 0) errors.Add(FieldError.Of("description", "required"));
            else if (s.Length > 20_000) errors.Add(FieldError.Of("description", "too-long", 20_000));
            else staged.Add(a => a.Description = s);
        }
        if (body.TryGetPropertyValue("organization", out var org) || creating)
        {
            // The administration that uses the algorithm answers for it: an entry always has one.
            var s = DatasetInput.Text(org, "organization", errors);
            if (s is null) errors.Add(FieldError.Of("organization", "required"));
            else if (findOrganization(s) is { } id) staged.Add(a => a.OrganizationId = id);
            else errors.Add(FieldError.Of("organization", "unknown-organization", s));
        }
        if (body.TryGetPropertyValue("datasets", out var datasets))
        {
            if (datasets is not null and not JsonArray) errors.Add(FieldError.Of("datasets", "wrong-type", "array"));
            else
            {
                var ids = new List<Guid>();
                foreach (var item in datasets as JsonArray ?? [])
                {
                    var s = DatasetInput.Text(item, "datasets", errors);
                    if (s is null) continue;
                    if (findDataset(s.Trim()) is { } id) { if (!ids.Contains(id)) ids.Add(id); }
                    else errors.Add(FieldError.Of("datasets", "unknown-dataset", s));
                }
                if (ids.Count > 200) errors.Add(FieldError.Of("datasets", "too-many", 200));
                staged.Add(a => a.DatasetIds = ids);
            }
        }
        if (body.TryGetPropertyValue("fields", out var fields) || creating)
        {
            if (fields is not null and not JsonObject) errors.Add(FieldError.Of("fields", "wrong-type", "object"));
            else
            {
                var result = MetadataValidator.Validate(profile, fields as JsonObject);
                foreach (var e in result.Errors)
                    errors.Add(new FieldError("fields." + e.Field, e.Code, e.MessageKey, e.Args));
                if (result.Errors.Count == 0) staged.Add(a => a.Fields = result.Extras);
            }
        }

        if (errors.Count == 0)
            foreach (var apply in staged) apply(target);
        return errors;
    }

    /// <summary>The entry as JSON in the shape the API accepts: what a revision keeps and what two revisions are compared on.</summary>
    public static JsonObject Snapshot(Algorithm a, string? organizationSlug, IEnumerable<string> datasetSlugs) => new()
    {
        ["name"] = a.Name,
        ["slug"] = a.Slug,
        ["description"] = a.Description,
        ["organization"] = organizationSlug,
        ["datasets"] = new JsonArray([.. datasetSlugs.Select(s => (JsonNode?)s)]),
        ["fields"] = a.Fields.DeepClone(),
        ["status"] = DatasetSnapshot.StatusName(a.Status),
    };
}
