using System.Net;
using System.Net.Sockets;

namespace Socle.Portal.Infrastructure;

/// <summary>
/// The HTTP client of pages that fetch a URL a visitor gives (the <c>/validate/</c> page). Anyone may have such a page
/// fetch a URL and see what it holds (the report quotes cells), so it connects to public addresses only, checked on
/// the address it connects to (after DNS, at every redirect): never the server's own network, unless
/// <see cref="PortalOptions.FetchPrivateAddresses"/> says the portal serves an intranet.
/// </summary>
public sealed class PublicFetcher : IDisposable
{
    private readonly bool allowPrivate;

    public PublicFetcher(PortalOptions options)
    {
        allowPrivate = options.FetchPrivateAddresses;
        Client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync, MaxAutomaticRedirections = 5, PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        }) { Timeout = TimeSpan.FromMinutes(5) };
    }

    public HttpClient Client { get; }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
        if (allowed.Length == 0) throw new PrivateAddressException(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An address on the Internet: not loopback, private, link-local, shared (CGNAT), multicast or unspecified.</summary>
    public static bool IsPublic(IPAddress a)
    {
        if (a.IsIPv4MappedToIPv6) a = a.MapToIPv4();
        if (IPAddress.IsLoopback(a)) return false;
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127));
        }
        var v6 = a.GetAddressBytes();
        return !(a.Equals(IPAddress.IPv6Any) || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC);
    }

    public void Dispose() => Client.Dispose();

    /// <summary>The host resolved to non-public addresses only: refused before any connection.</summary>
    public sealed class PrivateAddressException(string host) : IOException(host)
    {
        public string Host { get; } = host;
    }
}
