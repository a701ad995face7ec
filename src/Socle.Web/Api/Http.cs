using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Services;
using Socle.Web.Auth;

namespace Socle.Web.Api;

/// <summary>Small request/response helpers shared by the endpoint groups.</summary>
internal static class Http
{
    public static Task<Actor> ActorAsync(this HttpContext http) => http.RequestServices.GetRequiredService<ActorAccessor>().GetAsync(http.User, http.RequestAborted);

    public static string Lang(this HttpContext http) => Problems.Lang(http);

    /// <summary>page (from 1) and page_size (1–1000, default 20), as udata reads them.</summary>
    public static (int Page, int PageSize) Paging(this HttpContext http, int defaultSize = 20)
    {
        var page = Int(http, "page") ?? 1;
        var size = Int(http, "page_size") ?? defaultSize;
        if (page < 1) throw CatalogException.Invalid("page", "out-of-range", "≥ 1");
        if (size is < 1 or > 1000) throw CatalogException.Invalid("page_size", "out-of-range", "1–1000");
        return (page, size);
    }

    public static int? Int(HttpContext http, string name)
    {
        var s = http.Request.Query[name].ToString();
        if (s.Length == 0) return null;
        return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw CatalogException.Invalid(name, "wrong-type", "integer");
    }

    /// <summary>Reads the body as one JSON object; anything else is a 400 problem.</summary>
    public static async Task<JsonObject> BodyAsync(this HttpContext http)
    {
        if (http.Request.ContentType is not { } ct || !ct.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw CatalogException.Invalid("body", "json-expected");
        JsonNode? node;
        try { node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted); }
        catch (JsonException) { throw CatalogException.Invalid("body", "json-expected"); }
        return node as JsonObject ?? throw CatalogException.Invalid("body", "json-expected");
    }

    /// <summary>
    /// Writes JSON with a strong ETag (a hash of the body, prefixed by <paramref name="version"/> when the object has one,
    /// so If-Match can carry it back) and answers 304 to a matching If-None-Match.
    /// </summary>
    public static IResult Json(HttpContext http, object value, int status = 200, int? version = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12));
        var etag = version is { } v ? $"\"v{v}-{hash}\"" : $"\"{hash}\"";
        http.Response.Headers.ETag = etag;
        if (status == 200 && NoneMatch(http, etag)) return Results.StatusCode(304);
        return new JsonBytes(bytes, status);
    }

    /// <summary>Whether If-None-Match names this ETag (or *): the client's copy is current, answer 304.</summary>
    public static bool NoneMatch(HttpContext http, string etag) =>
        http.Request.Headers.IfNoneMatch.Any(h => h is not null && h.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));

    /// <summary>The version an If-Match header names (our ETags start with v{version}-), or null when absent.</summary>
    public static int? IfMatchVersion(HttpContext http)
    {
        var h = http.Request.Headers.IfMatch.ToString();
        if (h.Length == 0 || h == "*") return null;
        var t = h.Trim().Trim('"');
        if (t.StartsWith("W/", StringComparison.Ordinal)) t = t[2..].Trim('"');
        var dash = t.IndexOf('-');
        if (t.StartsWith('v') && dash > 1 && int.TryParse(t.AsSpan(1, dash - 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        return -1; // an ETag we never issued: can never match
    }
}

/// <summary>Already-serialised JSON with a status code.</summary>
internal sealed class JsonBytes(byte[] bytes, int status) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
