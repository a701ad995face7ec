using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Socle.Catalog.Services;
using Socle.Validation.Reporting;

namespace Socle.Portal.Infrastructure;

/// <summary>
/// What every page of one request knows: its language (French unless chosen otherwise), its texts, who is signed
/// in, and the URLs of assets. Injected into every view as <c>P</c>.
/// </summary>
public sealed class PortalContext(IHttpContextAccessor accessor, ActorAccessor actors, PortalAssets assets, PortalOptions options)
{
    /// <summary>The cookie that keeps a reader's language choice (set by <c>?lang=</c>, read on every page).</summary>
    public const string LangCookie = "socle-lang";

    private string? lang;
    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("no request");

    public PortalOptions Options => options;
    public Actor Actor { get; private set; } = Actor.Anonymous;
    public bool SignedIn => Actor.AccountId is not null;

    /// <summary>"fr" or "en": <c>?lang=</c>, then the reader's cookie, then Accept-Language, French by default.</summary>
    public string Lang => lang ??= Resolve(Http);

    /// <summary>A text of the message files in the page's language, with its positional arguments filled in.</summary>
    public string T(string key, params object?[] args) => args.Length == 0 ? Messages.Get(key, Lang) : Messages.Format(key, Lang, args);

    public string Asset(string path) => assets.Url(path);

    /// <summary>This page's URL with one query parameter set (null removes it), e.g. the other language or the next page.</summary>
    public string With(string name, string? value) => WithQuery(Http.Request, new() { [name] = value });

    public static string WithQuery(HttpRequest request, Dictionary<string, string?> changes)
    {
        var q = QueryHelpers.ParseQuery(request.QueryString.Value);
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (k, v) in q)
        {
            if (changes.ContainsKey(k)) continue;
            foreach (var s in v) pairs.Add(new(k, s));
        }
        foreach (var (k, v) in changes)
            if (v is not null) pairs.Add(new(k, v));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, pairs);
    }

    // The process runs with invariant globalisation (no ICU): numbers and dates are written here, the French way or the English way.

    /// <summary>An integer with thousands separators: 12 345 in French, 12,345 in English.</summary>
    public string Number(long n) => Lang == Messages.English ? n.ToString("N0", CultureInfo.InvariantCulture)
        : n.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "\u202F", StringComparison.Ordinal);

    /// <summary>A decimal number with at most <paramref name="decimals"/> decimals, with the language's separators.</summary>
    public string Number(double n, int decimals)
    {
        var s = n.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return Lang == Messages.English ? s : s.Replace(",", "\u202F", StringComparison.Ordinal).Replace('.', ',');
    }

    public string Date(DateTimeOffset? d) => d is { } v ? Date(DateOnly.FromDateTime(v.UtcDateTime)) : "";

    /// <summary>"3 février 2025" / "3 February 2025".</summary>
    public string Date(DateOnly? d) => d is { } v
        ? $"{v.Day.ToString(CultureInfo.InvariantCulture)} {Messages.Get($"portal.month.{v.Month.ToString(CultureInfo.InvariantCulture)}", Lang)} {v.Year.ToString(CultureInfo.InvariantCulture)}"
        : "";

    /// <summary>A size in bytes as people read it (Ko/Mo in French, KB/MB in English).</summary>
    public string Bytes(long? n)
    {
        if (n is not { } b) return "";
        string[] units = Lang == Messages.English ? ["B", "KB", "MB", "GB", "TB"] : ["o", "Ko", "Mo", "Go", "To"];
        double v = b; var u = 0;
        while (v >= 1000 && u < units.Length - 1) { v /= 1000; u++; }
        return u == 0 ? $"{b} {units[0]}" : Number(v, v < 10 ? 1 : 0) + "\u00A0" + units[u];
    }

    internal async Task LoadAsync(HttpContext http)
    {
        Actor = await actors.GetAsync(http.User, http.RequestAborted);
        // A language chosen in the URL is remembered, so the links of the page need not carry it.
        if (http.Request.Query.TryGetValue("lang", out var q) && q.Count > 0)
            http.Response.Cookies.Append(LangCookie, Messages.Normalize(q[0]), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true, Path = "/",
            });
    }

    private static string Resolve(HttpContext http)
    {
        if (http.Request.Query.TryGetValue("lang", out var q) && q.Count > 0) return Messages.Normalize(q[0]);
        if (http.Request.Cookies.TryGetValue(LangCookie, out var c) && c is not null) return Messages.Normalize(c);
        var accept = http.Request.Headers.AcceptLanguage.ToString();
        return accept.Length > 0 && accept.Split(',')[0].Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Messages.English : Messages.French;
    }
}
