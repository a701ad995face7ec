using System.Net;
using System.Text;

namespace Socle.Catalog.Harvest;

/// <summary>
/// Reads a source's documents over HTTP for one run: one timeout per request, a size cap per document, and every
/// failure turned into a <see cref="HarvestSourceException"/> that names the address, so the run fails with a reason
/// and nothing is applied.
/// </summary>
internal sealed class HarvestFetcher(HarvestOptions options) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, AllowAutoRedirect = true })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The body as text and its media type.</summary>
    public async Task<(string Text, string? MediaType, Uri Url)> GetAsync(string url, string accept, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            request.Headers.TryAddWithoutValidation("User-Agent", "Socle-harvester");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new HarvestSourceException(HarvestProblem.Of("harvest.error.status", url, (int)response.StatusCode));
            if (response.Content.Headers.ContentLength > options.MaxDocumentBytes)
                throw new HarvestSourceException(HarvestProblem.Of("harvest.error.too-large", url, options.MaxDocumentBytes));
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await Files.CappedStream.ReadAllAsync(body, options.MaxDocumentBytes,
                () => new HarvestSourceException(HarvestProblem.Of("harvest.error.too-large", url, options.MaxDocumentBytes)), timeout.Token);
            var charset = response.Content.Headers.ContentType?.CharSet;
            var encoding = Encoding.UTF8;
            try { if (!string.IsNullOrEmpty(charset)) encoding = Encoding.GetEncoding(charset.Trim('"')); }
            catch (ArgumentException) { /* an unknown charset: UTF-8, as JSON and Turtle require anyway */ }
            var text = encoding.GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
            return (text, response.Content.Headers.ContentType?.MediaType, response.RequestMessage?.RequestUri ?? new Uri(url));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HarvestSourceException(HarvestProblem.Of("harvest.error.timeout", url, (int)options.Timeout.TotalSeconds));
        }
        catch (HttpRequestException e)
        {
            throw new HarvestSourceException(HarvestProblem.Of("harvest.error.unreachable", url, e.HttpRequestError.ToString()));
        }
        catch (InvalidOperationException)
        {
            throw new HarvestSourceException(HarvestProblem.Of("harvest.error.unreachable", url, "invalid-url"));
        }
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Limits of a harvest run.</summary>
public sealed class HarvestOptions
{
    /// <summary>Per request: a source slower than this fails the run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public long MaxDocumentBytes { get; init; } = 64L << 20;
    /// <summary>A guard against sources whose paging never ends.</summary>
    public int MaxPages { get; init; } = 10_000;
}
