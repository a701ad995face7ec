using Socle.Validation.Reporting;

namespace Socle.Catalog.Files;

/// <summary>
/// Downloads a schema or a schema catalogue for the registry: http(s) only, a time limit, a size cap checked while
/// reading. A failure is a <see cref="SchemaFetchException"/> whose message key says why (status, time-out, network, size).
/// </summary>
internal static class SchemaFetch
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // One client for the process; the time limit is per call (a linked token), so a slow server cannot hold a job.
    private static readonly HttpClient Http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public static async Task<byte[]> GetAsync(string url, long maxBytes, CancellationToken ct)
    {
        if (!SchemaResolver.IsUrl(url)) throw new SchemaFetchException("catalog.schemas.fetch.not-http", url);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (!response.IsSuccessStatusCode) throw new SchemaFetchException("catalog.schemas.fetch.http", url, (int)response.StatusCode);
            if (response.Content.Headers.ContentLength > maxBytes) throw new SchemaFetchException("catalog.schemas.fetch.too-large", url, maxBytes);
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            return await CappedStream.ReadAllAsync(body, maxBytes, () => new SchemaFetchException("catalog.schemas.fetch.too-large", url, maxBytes), limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SchemaFetchException("catalog.schemas.fetch.timeout", url, (int)Timeout.TotalSeconds);
        }
        catch (HttpRequestException e)
        {
            throw new SchemaFetchException("catalog.schemas.fetch.network", url, e.Message);
        }
    }
}

/// <summary>Why a download failed: a message key (<c>catalog.schemas.fetch.*</c>) and its arguments, the URL first.</summary>
internal sealed class SchemaFetchException(string key, params object?[] args) : Exception(Messages.Format(key, Messages.English, args))
{
    public string Key { get; } = key;
    public object?[] Args { get; } = args;

    /// <summary>Whether trying again later may succeed (time-out, network, server error), unlike a 404 or a size refusal.</summary>
    public bool Transient => Key is "catalog.schemas.fetch.timeout" or "catalog.schemas.fetch.network"
        || (Key == "catalog.schemas.fetch.http" && Args.Length > 1 && Args[1] is int status && status >= 500);
}
