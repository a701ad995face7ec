using System.Globalization;
using System.Text.Json.Nodes;
using static Socle.Catalog.Harvest.JsonSource;

namespace Socle.Catalog.Harvest;

/// <summary>
/// A udata portal (data.gouv.fr and its siblings, or another Socle) through API v1: <c>/api/1/datasets/</c>, following
/// <c>next_page</c> until there is none; optionally one remote organisation's datasets only.
/// </summary>
internal static class UdataSource
{
    public const int PageSize = 100;

    public static async Task<HarvestListing> ReadAsync(string root, string? organization, HarvestFetcher fetcher, HarvestOptions options,
        Func<int, Task> progress, CancellationToken ct)
    {
        root = Root(root);
        if (root.EndsWith("/api/1", StringComparison.Ordinal)) root = root[..^"/api/1".Length];
        var datasets = new List<RemoteDataset>();
        var unreadable = new List<HarvestItem>();
        string? url = organization is { Length: > 0 } org
            ? $"{root}/api/1/organizations/{Uri.EscapeDataString(org)}/datasets/?page_size={PageSize}&page=1"
            : $"{root}/api/1/datasets/?page_size={PageSize}&page=1";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = 0;
        while (url is not null)
        {
            if (!seen.Add(url)) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.paging-loop", url));
            if (pages >= options.MaxPages) throw new HarvestSourceException(HarvestProblem.Of("harvest.error.too-many-pages", options.MaxPages));
            var (text, _, final) = await fetcher.GetAsync(url, "application/json", ct);
            var doc = Parse(text, url);
            if (doc is not JsonObject || doc["data"] is not JsonArray data)
                throw new HarvestSourceException(HarvestProblem.Of("harvest.error.udata", url));
            pages++;
            foreach (var d in data)
            {
                // Deleted, private and archived datasets are not the portal's published catalogue.
                if (Str(d, "deleted") is not null || Str(d, "private") == "true" || Str(d, "archived") is not null) continue;
                if (Read(d, final) is { } r) datasets.Add(r);
                else unreadable.Add(new HarvestItem("?", Str(d, "title"), HarvestItem.Failed, Reason: HarvestProblem.Of("harvest.item.no-id")));
            }
            await progress(datasets.Count + unreadable.Count);
            url = Url(Str(doc, "next_page"), final);
        }
        return new HarvestListing(datasets, unreadable, pages);
    }

    private static RemoteDataset? Read(JsonNode? d, Uri baseUrl)
    {
        var id = Str(d, "id");
        if (id is null) return null;
        var page = Url(Str(d, "page"), baseUrl);
        var temporal = d?["temporal_coverage"];
        var contact = Items(d, "contact_points").FirstOrDefault() ?? d?["contact_point"];
        var license = Str(d, "license");
        return new RemoteDataset
        {
            RemoteId = id,
            RemoteUri = page ?? Url(Str(d, "uri"), baseUrl),
            Page = page,
            Title = Str(d, "title"),
            Description = Str(d, "description") ?? "",
            Keywords = [.. Items(d, "tags").Select(t => t is JsonValue ? t.ToString() : Str(t, "name")).OfType<string>()],
            License = license is null ? [] : [license],
            Frequency = Str(d, "frequency"),
            Territories = [.. Items(d?["spatial"], "zones").Select(z => z is JsonValue ? z.ToString() : Str(z, "id")).OfType<string>()],
            TemporalStart = Date(Str(temporal, "start")),
            TemporalEnd = Date(Str(temporal, "end")),
            ContactName = Str(contact, "name"),
            ContactEmail = Str(contact, "email"),
            Extras = d?["extras"] is JsonObject extras ? (JsonObject)extras.DeepClone() : [],
            Resources = [.. Items(d, "resources").Select(r => Url(Str(r, "url") ?? Str(r, "latest"), baseUrl) is { } u ? new RemoteResource
            {
                RemoteId = Str(r, "id"), Title = Str(r, "title"), Description = Str(r, "description"), Url = u,
                Format = Str(r, "format"), Mime = Str(r, "mime"), Size = Long(r, "filesize"), Type = Str(r, "type"),
                Schema = r["schema"] is JsonValue ? Str(r, "schema") : Str(r["schema"], "url"),
                SchemaName = Str(r["schema"], "name"), SchemaVersion = Str(r["schema"], "version"),
            } : null).OfType<RemoteResource>()],
        };
    }
}
