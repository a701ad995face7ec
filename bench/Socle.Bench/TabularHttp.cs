using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Socle.Bench;

/// <summary>
/// Socle through its HTTP API. <c>tabular-upload</c>: signs in (the demo's admin account), creates an API key and a
/// dataset, uploads the CSV (multipart, field <c>file</c>) and polls the resource until its <c>table.status</c> is
/// <c>ready</c>: the ingest time. <c>tabular-http</c>: the issue's requests on <c>/api/1/resources/{id}/data/</c>, one
/// connection, one request at a time, warm-up calls first, each answer checked (200, a <c>data</c> array, the totals the
/// generator counted).
/// </summary>
internal static class TabularHttp
{
    // ---------------------------------------------------------------------------------------------------- upload

    public static async Task<int> UploadAsync(string[] args)
    {
        var a = TabularArgs.Parse(args);
        if (a.Base is null || a.Csv is null) throw new ArgumentException("usage: tabular-upload --base URL --csv FILE [--timeout S] [--resource-file F]");
        var sidecarPath = TabularSidecar.PathFor(a.Csv);
        var sidecar = File.Exists(sidecarPath) ? TabularSidecar.Load(sidecarPath) : null;
        var deadline = Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(a.Base + "/"), Timeout = Timeout.InfiniteTimeSpan,
        };

        // The server may still be seeding its demo catalogue.
        while (true)
        {
            try
            {
                using var probe = await http.GetAsync("api/1/datasets/?page_size=1");
                if (probe.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
            }
            if (deadline.Elapsed.TotalSeconds > Math.Min(a.Timeout, 600)) throw new IOException($"{a.Base} did not answer /api/1/datasets/ within {deadline.Elapsed.TotalSeconds:F0} s");
            await Task.Delay(250);
        }

        await Json(http, HttpMethod.Post, "api/1/auth/login/", new JsonObject { ["email"] = a.Email, ["password"] = a.Password }, "sign in");
        var key = (await Json(http, HttpMethod.Post, "api/1/me/apikeys/", new JsonObject { ["name"] = "bench-tabular" }, "create an API key"))["key"]!.GetValue<string>();
        http.DefaultRequestHeaders.Add("X-API-KEY", key);
        string? organization = null;
        if ((await Json(http, HttpMethod.Get, "api/1/organizations/?page_size=1", null, "list organisations"))["data"] is JsonArray { Count: > 0 } orgs)
            organization = orgs[0]!["slug"]?.GetValue<string>();
        var body = new JsonObject
        {
            ["title"] = $"Registre des installations de production d'électricité renouvelable (banc d'essai, {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss})",
            ["description"] = "Fichier généré par bench/tabular (Socle.Bench tabular-generate).",
        };
        if (organization is not null) body["organization"] = organization;
        var slug = await CreateDatasetAsync(http, body);
        Console.WriteLine($"  dataset {slug}{(organization is null ? "" : $" (organisation {organization})")}; uploading {Path.GetFileName(a.Csv)} ({new FileInfo(a.Csv).Length / 1e6:F0} MB)");

        var sw = Stopwatch.StartNew();
        string id;
        using (var content = new MultipartFormDataContent())
        {
            content.Add(new StringContent("Registre des installations (banc d'essai)"), "title");
            var file = new StreamContent(new FileStream(a.Csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan), 1 << 20);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "file", Path.GetFileName(a.Csv));
            using var response = await http.PostAsync($"api/1/datasets/{slug}/upload/", content);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created) throw new IOException($"upload: HTTP {(int)response.StatusCode} {Excerpt(text)}");
            id = JsonNode.Parse(text)!["id"]!.ToString();
        }
        var upload = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  uploaded in {upload:F1} s: resource {id}; waiting for its table"));

        JsonNode? table = null;
        string? lastStatus = null;
        while (true)
        {
            var resource = await Json(http, HttpMethod.Get, $"api/1/datasets/{slug}/resources/{id}/", null, "read the resource");
            table = resource["table"];
            var status = table?["status"]?.ToString();
            if (status != lastStatus)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sw.Elapsed.TotalSeconds,6:F1} s  table: {status ?? "(no table object yet)"}"));
                lastStatus = status;
            }
            if (status == "ready") break;
            if (status == "failed") throw new IOException($"the table build failed: {table?["error"]}");
            if (sw.Elapsed.TotalSeconds > a.Timeout) throw new IOException($"the table is not ready after {a.Timeout} s (status {status ?? "absent"})");
            await Task.Delay(table is null && sw.Elapsed.TotalSeconds > 5 ? 500 : 100);
        }
        var wall = sw.Elapsed.TotalSeconds;
        var build = table?["build_seconds"] is JsonValue b && b.TryGetValue<double>(out var s) ? s : double.NaN;
        var rows = table?["rows"] is JsonValue r && r.TryGetValue<long>(out var n) ? n : -1;
        var problems = 0;
        if (sidecar is not null && rows != sidecar.Rows)
        {
            Stats.Problem(a.Tsv, $"socle: the table reports {rows} rows, the file has {sidecar.Rows}");
            problems++;
        }
        TabularResults.Load(a.Tsv, "socle", wall, string.Create(CultureInfo.InvariantCulture,
            $"upload start → table ready; upload {upload:F1} s; build_seconds {build:F1} s (the server's); {rows} rows"));
        TabularResults.Append(a.Tsv, "socle-build", Stats.F(build), Stats.F(upload));

        // Published, the data is public: the measured requests carry no key.
        try
        {
            await Json(http, HttpMethod.Post, $"api/1/datasets/{slug}/status/", new JsonObject { ["action"] = "publish" }, "publish the dataset");
        }
        catch (IOException e)
        {
            TabularResults.Info(a.Tsv, "the dataset stays a draft (" + e.Message + "); tabular-http uses the API key if it must");
        }
        if (a.ResourceFile is not null) await File.WriteAllLinesAsync(a.ResourceFile, [id, key, slug]);
        Console.WriteLine($"resource={id}");
        return problems > 0 ? 1 : 0;
    }

    /// <summary>
    /// Creates the dataset. When the catalogue's metadata profile requires extras (the demo's GD4H profile: environment,
    /// nature…), they are copied from a demo dataset that has them, and the creation is tried again.
    /// </summary>
    private static async Task<string> CreateDatasetAsync(HttpClient http, JsonObject body)
    {
        using (var request = new HttpRequestMessage(HttpMethod.Post, "api/1/datasets/") { Content = JsonContent.Create(body) })
        using (var response = await http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return JsonNode.Parse(text)!["slug"]!.GetValue<string>();
            var missing = response.StatusCode == HttpStatusCode.BadRequest && JsonNode.Parse(text)?["errors"] is JsonArray errors
                ? errors.Select(e => e?["field"]?.ToString() ?? "").Where(f => f.StartsWith("extras.", StringComparison.Ordinal)).Select(f => f["extras.".Length..]).ToList()
                : [];
            if (missing.Count == 0) throw new IOException($"create a dataset: POST /api/1/datasets/ answered HTTP {(int)response.StatusCode} {Excerpt(text)}");
            var extras = new JsonObject();
            var list = await Json(http, HttpMethod.Get, "api/1/datasets/?page_size=50", null, "list datasets");
            foreach (var key in missing)
            {
                var value = (list["data"] as JsonArray ?? []).Select(d => d?["extras"]?[key]).FirstOrDefault(v => v is not null)
                    ?? throw new IOException($"create a dataset: the profile requires extras.{key} and no dataset has one to copy");
                extras[key] = value.DeepClone();
            }
            body["extras"] = extras;
            Console.WriteLine($"  the profile requires {string.Join(", ", missing.Select(k => "extras." + k))}: copied from a demo dataset ({extras.ToJsonString()})");
        }
        return (await Json(http, HttpMethod.Post, "api/1/datasets/", body, "create a dataset"))["slug"]!.GetValue<string>();
    }

    private static async Task<JsonNode> Json(HttpClient http, HttpMethod method, string path, JsonObject? body, string what)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new IOException($"{what}: {method} /{path} answered HTTP {(int)response.StatusCode} {Excerpt(text)}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject();
    }

    private static string Excerpt(string text) => text.Length > 400 ? text[..400] + "…" : text;

    // ---------------------------------------------------------------------------------------------------- requests

    public static async Task<int> RunAsync(string[] args)
    {
        var a = TabularArgs.Parse(args);
        if (a.Base is null || a.Resource is null || a.Sidecar is null)
            throw new ArgumentException("usage: tabular-http --base URL --resource ID --sidecar FILE [--iterations N] [--api-key K]");
        var sc = TabularSidecar.Load(a.Sidecar);
        // One connection, kept open; requests one after the other.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30),
            AutomaticDecompression = DecompressionMethods.None, UseCookies = false,
        })
        {
            BaseAddress = new Uri(a.Base + "/"), Timeout = TimeSpan.FromMinutes(10),
        };
        var path = $"api/1/resources/{a.Resource}/data/";
        var problems = 0;

        var (status, first, raw) = await GetAsync(http, path + "?page_size=20");
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound && a.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-API-KEY", a.ApiKey);
            (status, first, raw) = await GetAsync(http, path + "?page_size=20");
            if (status == HttpStatusCode.OK) TabularResults.Info(a.Tsv, "Socle: the data API answered only with the API key (X-API-KEY sent on every request)");
        }
        if (status != HttpStatusCode.OK || first?["data"] is not JsonArray)
            throw new IOException($"GET /{path}?page_size=20 answered HTTP {(int)status}: {Excerpt(raw)}");
        var total = Total(first);
        if (total != sc.Rows) problems += Problem(a.Tsv, $"socle: meta.total is {total} without filter, the file has {sc.Rows} rows");
        var rows = total > 0 ? total : sc.Rows;
        var last = (rows + sc.PageSize - 1) / sc.PageSize;
        var lastSize = (int)(rows - (last - 1) * sc.PageSize);
        Console.WriteLine($"Socle {a.Base}: resource {a.Resource}, {rows} rows, last page {last}");

        // (e′): the next link of the page before the last (whatever form the cursor takes).
        string? cursor = null;
        var (deepStatus, deep, deepRaw) = await GetAsync(http, $"{path}?page={last - 1}&page_size={sc.PageSize}");
        if (deepStatus == HttpStatusCode.OK && deep?["links"]?["next"] is JsonValue next && next.TryGetValue<string>(out var link))
            cursor = link;
        else problems += Problem(a.Tsv, $"socle: page {last - 1} gave no links.next (HTTP {(int)deepStatus}: {Excerpt(deepRaw)})");
        if (cursor is not null) TabularResults.Info(a.Tsv, $"Socle: links.next of page {last - 1}: {cursor}");

        var requests = new List<(string Id, Func<int, string> Url, Func<JsonNode, int, string?> Check)>
        {
            ("a", i => $"{path}?code_commune__exact={Uri.EscapeDataString(sc.Exact[i % sc.Exact.Count].Value)}",
                (j, i) => ExpectTotal(j, sc.Exact[i % sc.Exact.Count].Rows, $"code_commune {sc.Exact[i % sc.Exact.Count].Value}")),
            ("b", _ => $"{path}?puissance_mw__greater=45&date_mise_en_service__sort=desc", (j, _) => ExpectTotal(j, sc.Range.Rows, null) ?? SortedRange(j)),
            ("c", _ => $"{path}?nom__contains={Uri.EscapeDataString(sc.Contains.Word)}", (j, _) => ExpectTotal(j, sc.Contains.Rows, null)),
            ("c-q", _ => $"{path}?q={Uri.EscapeDataString(sc.Contains.Word)}", (_, _) => null),
            ("d", _ => $"{path}?secteur__groupby&puissance_mw__sum&id__count", (j, _) => Groups(j, sc)),
            ("e", _ => $"{path}?page={last}&page_size={sc.PageSize}", (j, _) => ExpectPage(j, lastSize)),
        };
        if (cursor is not null) requests.Add(("e-cursor", _ => cursor, (j, _) => ExpectPage(j, lastSize)));

        foreach (var (id, url, check) in requests)
        {
            var samples = new List<double>(a.Iterations);
            long reported = -1;
            string? wrong = null;
            try
            {
                for (var i = 0; i < a.Warmup + a.Iterations; i++)
                {
                    var target = url(i);
                    var sw = Stopwatch.StartNew();
                    using var response = await http.GetAsync(target, HttpCompletionOption.ResponseContentRead);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var ms = sw.Elapsed.TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                        throw new IOException($"GET {target} answered HTTP {(int)response.StatusCode}: {Excerpt(System.Text.Encoding.UTF8.GetString(body))}");
                    var json = JsonNode.Parse(body);
                    if (json?["data"] is not JsonArray)
                        throw new IOException($"GET {target}: no data array in {Excerpt(System.Text.Encoding.UTF8.GetString(body))}");
                    if (i >= a.Warmup) samples.Add(ms);
                    reported = Total(json);
                    wrong ??= check(json, i) is { } message ? $"socle {id}: {message} (GET {target})" : null;
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException or TaskCanceledException)
            {
                problems += Problem(a.Tsv, $"socle {id}: {e.Message}");
                continue;
            }
            if (wrong is not null) problems += Problem(a.Tsv, wrong);
            TabularResults.Query(a.Tsv, "socle", id, samples, id == "a" ? -1 : reported);
        }
        return problems > 0 ? 1 : 0;
    }

    private static async Task<(HttpStatusCode, JsonNode?, string)> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
        }
        return (response.StatusCode, json, text);
    }

    private static long Total(JsonNode? json) =>
        json?["meta"]?["total"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : -1;

    private static string? ExpectTotal(JsonNode json, long expected, string? what)
    {
        var total = Total(json);
        var data = json["data"]!.AsArray().Count;
        if (total != expected) return $"meta.total {total}, the generator counted {expected}{(what is null ? "" : " for " + what)}";
        if (data != Math.Min(20, expected)) return $"{data} rows in data, {Math.Min(20, expected)} expected";
        return null;
    }

    private static string? ExpectPage(JsonNode json, int expected)
    {
        var data = json["data"]!.AsArray().Count;
        return data == expected ? null : $"{data} rows in data, {expected} expected";
    }

    /// <summary>(b): every row has puissance_mw ≥ 45 and the dates do not increase.</summary>
    private static string? SortedRange(JsonNode json)
    {
        string? previous = null;
        foreach (var row in json["data"]!.AsArray())
        {
            var p = row?["puissance_mw"];
            var power = p is JsonValue v && v.TryGetValue<double>(out var d) ? d
                : double.TryParse(p?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
            if (!(power >= 45)) return $"a row with puissance_mw {p?.ToJsonString() ?? "null"}";
            var date = row?["date_mise_en_service"]?.ToString();
            if (previous is not null && string.CompareOrdinal(date, previous) > 0) return $"dates not in descending order ({previous} then {date})";
            previous = date;
        }
        return null;
    }

    /// <summary>(d): one group per sector, with the generator's row counts.</summary>
    private static string? Groups(JsonNode json, TabularSidecar sc)
    {
        var data = json["data"]!.AsArray();
        if (data.Count != sc.Groups.Count) return $"{data.Count} groups, {sc.Groups.Count} expected";
        foreach (var g in data)
        {
            var name = g?["secteur"]?.ToString() ?? "";
            var count = g?["id__count"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : -1;
            if (!sc.Groups.TryGetValue(name, out var expected)) return $"unknown group {name}";
            if (count != expected.Rows) return $"group {name}: id__count {count}, the generator counted {expected.Rows}";
            if (g?["puissance_mw__sum"] is null) return $"group {name}: no puissance_mw__sum";
        }
        return null;
    }

    private static int Problem(string? tsv, string text)
    {
        Stats.Problem(tsv, text);
        return 1;
    }
}
