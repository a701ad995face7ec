using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Socle.Web.Tests.Harvest;

/// <summary>
/// Another site on a real local port (a portal to harvest, a schema host), answering with recorded responses (<c>Harvest/Recorded/</c>, where
/// <c>{{base}}</c> stands for this server's address) — or with an error, or never, as a test decides path by path.
/// </summary>
public sealed class RemotePortal : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpRequest, Task<(int Status, string Type, string Body)>>> routes = new(StringComparer.Ordinal);

    public string Base { get; }

    private RemotePortal(WebApplication app, string baseUrl) { this.app = app; Base = baseUrl; }

    public static async Task<RemotePortal> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RemotePortal? portal = null;
        app.Run(async http =>
        {
            var key = http.Request.Path.Value ?? "/";
            var handler = portal!.routes.GetValueOrDefault(key + http.Request.QueryString.Value) ?? portal.routes.GetValueOrDefault(key);
            if (handler is null) { http.Response.StatusCode = 404; return; }
            var (status, type, body) = await handler(http.Request);
            http.Response.StatusCode = status;
            http.Response.ContentType = type;
            await http.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        portal = new RemotePortal(app, address.TrimEnd('/'));
        return portal;
    }

    /// <summary>A recorded file served at <paramref name="pathAndQuery"/> (the query must match exactly when given).</summary>
    public void Serve(string pathAndQuery, string recorded, string type = "application/json") =>
        Text(pathAndQuery, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Harvest", "Recorded", recorded)), type);

    public void Text(string pathAndQuery, string body, string type = "application/json") =>
        routes[pathAndQuery] = _ => Task.FromResult((200, type, body.Replace("{{base}}", Base, StringComparison.Ordinal)));

    public void Fail(string pathAndQuery, int status) => routes[pathAndQuery] = _ => Task.FromResult((status, "text/plain", "erreur"));

    /// <summary>Answers only after <paramref name="delay"/>: longer than the harvester's timeout, it is a source that hangs.</summary>
    public void Hang(string pathAndQuery, TimeSpan delay) => routes[pathAndQuery] = async r =>
    {
        try { await Task.Delay(delay, r.HttpContext.RequestAborted); } catch (OperationCanceledException) { }
        return (200, "application/json", "{}");
    };

    public void Clear() => routes.Clear();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
