using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Socle.Catalog.Model;
using Socle.Catalog.Quality;
using Socle.Catalog.Services;
using Socle.Catalog.Text;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Web.Api;

/// <summary>How the API writes its objects: snake_case names as udata's API, ISO instants, no nulls hidden.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return o;
    }

    public static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    public static object Organization(Organization o, HttpContext http) => new
    {
        id = o.Id, slug = o.Slug, name = o.Name, acronym = o.Acronym, type = o.Type,
        description = o.Description, description_html = o.Description is null ? null : MarkdownText.ToSafeHtml(o.Description),
        url = o.Url, logo = o.LogoUrl, created_at = o.CreatedAt, last_modified = o.UpdatedAt,
        page = $"{Base(http)}/api/1/organizations/{o.Slug}/",
    };

    public static object Dataset(Dataset d, HttpContext http, string lang, bool full = true) => new
    {
        id = d.Id, slug = d.Slug, title = d.Title,
        description = d.Description, description_html = MarkdownText.ToSafeHtml(d.Description),
        organization = d.Organization is null ? null : new { id = d.Organization.Id, slug = d.Organization.Slug, name = d.Organization.Name },
        license = d.LicenseId, license_title = d.License?.Title,
        tags = d.Keywords,
        spatial = new { zones = d.Territories, granularity = d.SpatialGranularity },
        temporal_coverage = d.TemporalStart is null && d.TemporalEnd is null ? null : new { start = d.TemporalStart, end = d.TemporalEnd },
        frequency = d.Frequency,
        contact_point = d.ContactName is null && d.ContactEmail is null ? null : new { name = d.ContactName, email = d.ContactEmail },
        extras = d.Extras,
        status = DatasetSnapshot.StatusName(d.Status), status_changed_at = d.StatusChangedAt, review_note = d.ReviewNote,
        created_at = d.CreatedAt, last_modified = d.UpdatedAt, last_update = d.DataUpdatedAt ?? d.UpdatedAt,
        quality = Quality(d, lang),
        version = d.Version,
        resources = full ? d.Resources.OrderBy(r => r.Position).Select(r => Resource(r, d, http)).ToList() : null,
        uri = $"{Base(http)}/api/1/datasets/{d.Slug}/",
        page = $"{Base(http)}/datasets/{d.Slug}/",
    };

    public static object Quality(Dataset d, string lang) => new
    {
        score = d.Quality,
        criteria = QualityReport.Parse(d.QualityDetails).Select(c => new
        {
            id = c.Id, met = c.Met, label = Messages.Get($"quality.{c.Id}", lang),
            reason = Messages.Format(c.Reason, lang, c.Args),
        }),
    };

    public static object Resource(Resource r, Dataset d, HttpContext http) => new
    {
        id = r.Id, title = r.Title, description = r.Description, type = r.Type, filetype = r.FileType, format = r.Format, mime = r.Mime,
        url = r.FileType == "remote" ? r.Url : $"{Base(http)}/api/1/datasets/{d.Slug}/resources/{r.Id}/download",
        filesize = r.Size, checksum = r.Checksum is null ? null : new { type = "sha256", value = r.Checksum },
        schema = r.Schema,
        validation = new
        {
            status = ResourceStatus.Name(r), validated_at = r.ValidatedAt, error = r.ValidationError,
            report = r.ValidationReport is null ? null : $"{Base(http)}/api/1/datasets/{d.Slug}/resources/{r.Id}/validation/",
        },
        available = r.Available, availability_checked_at = r.AvailabilityCheckedAt,
        table = Table(r, http),
        created_at = r.CreatedAt, last_modified = r.UpdatedAt,
    };

    /// <summary>Where a resource's table API lives (<c>…/data/</c>, <c>…/profile/</c>, <c>…/swagger/</c> below it).</summary>
    public static string TableApi(HttpContext http, Guid resource) => $"{Base(http)}/api/1/resources/{resource}";

    /// <summary>The resource's queryable table: build state, size, why it failed, and the links of its API once ready.</summary>
    private static object? Table(Resource r, HttpContext http)
    {
        if (r.Table is not { } t) return null;
        var api = TableApi(http, r.Id);
        string? error = null;
        if (t.Error is not null && JsonNode.Parse(t.Error) is JsonObject e) error = (e[http.Lang()] ?? e["fr"])?.GetValue<string>();
        return new
        {
            status = t.Status.ToString().ToLowerInvariant(),
            rows = t.Rows,
            columns = t.Columns is null ? (int?)null : JsonNode.Parse(t.Columns)?.AsArray().Count,
            error,
            warnings = t.Warnings is null ? null : JsonNode.Parse(t.Warnings),
            built_at = t.BuiltAt,
            build_seconds = t.BuildSeconds,
            data = t.File is null ? null : $"{api}/data/",
            profile = t.File is null ? null : $"{api}/profile/",
            swagger = t.File is null ? null : $"{api}/swagger/",
        };
    }

    public static object Job(Job j) => new
    {
        id = j.Id, kind = j.Kind, subject = j.Subject, state = j.State.ToString().ToLowerInvariant(), attempts = j.Attempts,
        max_attempts = j.MaxAttempts, progress = j.Progress, progress_note = j.ProgressNote, error = j.Error,
        result = j.Result is null ? null : JsonNode.Parse(j.Result),
        created_at = j.CreatedAt, run_after = j.RunAfter, started_at = j.StartedAt, finished_at = j.FinishedAt,
    };

    /// <summary>The same request with another page number: the envelope's next and previous links.</summary>
    public static string PageLink(HttpContext http, int page)
    {
        var q = http.Request.Query.ToDictionary(k => k.Key, k => k.Value.ToString());
        q["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{Base(http)}{http.Request.Path}?{string.Join("&", q.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"))}";
    }

    /// <summary>udata's page envelope, with links to the neighbouring pages.</summary>
    public static object Page<T>(IEnumerable<T> data, int page, int pageSize, int total, HttpContext http, object? facets = null)
    {
        return new
        {
            data, page, page_size = pageSize, total,
            next_page = (long)page * pageSize < total ? PageLink(http, page + 1) : null,
            previous_page = page > 1 ? PageLink(http, page - 1) : null,
            facets,
        };
    }
}
