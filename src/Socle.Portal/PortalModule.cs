using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.WebEncoders;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Socle.Portal.Infrastructure;
using Socle.Validation.Reporting;

namespace Socle.Portal;

/// <summary>Registers and maps the portal: Razor pages, their filter and context, and the static assets.</summary>
public static class PortalModule
{
    static PortalModule() => Messages.Register(typeof(PortalModule).Assembly);

    public static IServiceCollection AddSoclePortal(this IServiceCollection services, PortalOptions? options = null)
    {
        services.AddSingleton(options ?? new PortalOptions());
        services.AddSingleton<PortalAssets>();
        services.AddSingleton<PublicFetcher>();
        services.AddHttpContextAccessor();
        services.AddScoped<PortalContext>();
        // French text is written as it is (é, not &#xE9;): smaller pages, readable source; HTML still encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.Conventions.ConfigureFilter(new PortalPageFilter());
            })
            .ConfigureApplicationPartManager(m =>
            {
                var asm = typeof(PortalModule).Assembly;
                if (!m.ApplicationParts.Any(p => p is AssemblyPart a && a.Assembly == asm))
                    m.ApplicationParts.Add(new CompiledRazorAssemblyPart(asm));
            });
        return services;
    }

    /// <summary>
    /// The static assets under <c>/static/</c>, HTML error pages for page requests, and the pages. Call after
    /// authentication so pages know who is signed in.
    /// </summary>
    public static void MapSoclePortal(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<PortalAssets>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(assets.Root),
            RequestPath = PortalAssets.RequestPath,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = c.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable" : "public, max-age=3600",
        });
        app.MapRazorPages();
    }

    /// <summary>A browser asking for a page (not the API, not an asset): it gets HTML error pages, not problem JSON.</summary>
    public static bool IsPageRequest(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments(PortalAssets.RequestPath)
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
