using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog.Data;
using Socle.Catalog.Search;
using Socle.Catalog.Services;
using Socle.Storage.Jobs;

namespace Socle.Catalog.Files;

/// <summary>Checks that a remote resource's URL answers (HEAD, then GET when HEAD is refused): a quality criterion.</summary>
internal sealed class AvailabilityCheckJob : IJobHandler
{
    public const string Kind = "resource.check";
    string IJobHandler.Kind => Kind;

    public async Task<object?> RunAsync(JobContext context, CancellationToken ct)
    {
        var payload = context.PayloadAs<ValidationPayload>();
        var db = context.Services.GetRequiredService<CatalogDb>();
        var r = await db.Resources.FirstOrDefaultAsync(x => x.Id == payload.ResourceId, ct);
        if (r?.Url is null || r.FileType != "remote") return new { skipped = "gone" };
        int? status = null;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, r.Url), ct);
            status = (int)head.StatusCode;
            if (status is 405 or 501)
            {
                using var get = await http.GetAsync(r.Url, HttpCompletionOption.ResponseHeadersRead, ct);
                status = (int)get.StatusCode;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = null;
        }
        r.Available = status is >= 200 and < 400;
        r.AvailabilityCheckedAt = context.Clock.GetUtcNow();
        await context.Services.GetRequiredService<DatasetIndexer>().SaveResourceChangeAsync(r.DatasetKey, ct);
        return new { available = r.Available, status };
    }
}
