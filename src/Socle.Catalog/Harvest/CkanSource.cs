using System.Globalization;
using System.Text.Json.Nodes;
using static Socle.Catalog.Harvest.JsonSource;

namespace Socle.Catalog.Harvest;

/// <summary>
/// A CKAN portal through its action API: <c>package_search</c> paged with <c>start</c>/<c>rows</c> until <c>count</c>
/// datasets are read (CKAN caps <c>rows</c> at 1,000, so the offset follows what each page returned).
/// </summary>
internal static class CkanSource
{
    public const int Rows = 100;

    public static async Task<HarvestListing> ReadAsync(string root, string? filter, HarvestFetcher fetcher, HarvestOptions options,
        Func<int, Task> progress, CancellationToken ct)
    {
        root = Root(root);
        var datasets = new List<RemoteDataset>();
        var unreadable = new List<HarvestItem>();
        var start = 0;
        var pages = 0;
        while (true)
        {
            var url = $"{root}/api/3/action/package_search?rows={Rows}&start={start.ToString(CultureInfo.InvariantCulture)}&sort=id+asc"
                      + (filter is { Length: > 0 } fq ? "&fq=" + Uri.EscapeDataString(fq) : "");
            var (text, _, _) = await fetcher.GetAsync(url, "application/json", ct);
            var doc = Parse(text, url);
            if (doc["success"]?.GetValueKind() != System.Text.Json.JsonValueKind.True || doc["result"] is not JsonObject result)
                throw new HarvestSourceException(HarvestProblem.Of("harvest.error.ckan", url, Str(doc["error"], "message") ?? ""));
            var results = result["results"] as JsonArray ?? [];
            var count = Long(result, "count") ?? 0;
            pages++;
            foreach (var p in results)
            {
                // Deleted and private packages are not the portal's published catalogue: not read, so their copies are archived.
                if (Str(p, "state") is { } state && state != "active" || Str(p, "private") == "true") continue;
                if (Read(p, root) is { } d) datasets.Add(d);
                else unreadable.Add(new HarvestItem(Str(p, "id") ?? Str(p, "name") ?? "?", Str(p, "title"), HarvestItem.Failed,
                    Reason: HarvestProblem.Of("harvest.item.no-id")));
            }
            start += results.Count;
            await progress(datasets.Count + unreadable.Count);
            if (results.Count == 0 || start >= count) break;
            if (pages >= options.MaxPages) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.too-many-pages", options.MaxPages));
        }
        return new HarvestListing(datasets, unreadable, pages);
    }

    private static RemoteDataset? Read(JsonNode? p, string root)
    {
        var id = Str(p, "id");
        var name = Str(p, "name");
        if (id is null && name is null) return null;
        var extras = Items(p, "extras").Where(e => Str(e, "key") is not null).GroupBy(e => Str(e, "key")!)
            .ToDictionary(g => g.Key, g => Str(g.First(), "value"));
        string? Extra(string key) => extras.TryGetValue(key, out var v) ? v : null;
        var page = name is not null ? $"{root}/dataset/{name}" : $"{root}/dataset/{id}";
        return new RemoteDataset
        {
            RemoteId = id ?? name!,
            RemoteUri = Extra("uri") ?? page,
            Page = page,
            Title = Str(p, "title") ?? name,
            Description = Str(p, "notes") ?? "",
            Keywords = [.. Items(p, "tags").Select(t => Str(t, "name") ?? Str(t, "display_name")).OfType<string>()],
            License = new[] { Str(p, "license_id"), Str(p, "license_url"), Str(p, "license_title") }.OfType<string>().ToList(),
            Frequency = Extra("frequency") ?? Extra("accrual_periodicity"),
            TemporalStart = Date(Extra("temporal_start")),
            TemporalEnd = Date(Extra("temporal_end")),
            ContactName = Str(p, "maintainer") ?? Str(p, "author"),
            ContactEmail = Str(p, "maintainer_email") ?? Str(p, "author_email"),
            Resources = [.. Items(p, "resources").Select(r => Url(Str(r, "url")) is { } u ? new RemoteResource
            {
                RemoteId = Str(r, "id"), Title = Str(r, "name"), Description = Str(r, "description"), Url = u,
                Format = Str(r, "format"), Mime = Str(r, "mimetype"), Size = Long(r, "size"),
                Schema = Str(r, "schema") ?? Str(r, "conforms_to"), Type = Str(r, "resource_type"),
            } : null).OfType<RemoteResource>()],
        };
    }
}
