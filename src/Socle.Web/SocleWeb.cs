using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;
using Socle.Catalog;
using Socle.Collect;
using Socle.Portal;
using Socle.Tabular;
using Socle.Validation.Reporting;
using Socle.Web.Api;
using Socle.Web.Auth;

namespace Socle.Web;

/// <summary>What <c>socle serve</c> is told.</summary>
public sealed record WebOptions
{
    public required CatalogOptions Catalog { get; init; }
    public int Port { get; init; } = 5080;
    /// <summary>Listen on every interface instead of 127.0.0.1 only.</summary>
    public bool Public { get; init; }
    /// <summary>Run queued jobs in this process (the default; off in tests that drive the runner themselves).</summary>
    public bool RunJobs { get; init; } = true;
    /// <summary>Where tables go and what a query may use; by default <c>tables/</c> in the data folder.</summary>
    public Socle.Tabular.TabularOptions? Tabular { get; init; }
    /// <summary>The portal's site name and map tiles.</summary>
    public Socle.Portal.PortalOptions? Portal { get; init; }
}

/// <summary>The web host: the catalogue's services, authentication, problem details, the API endpoints and the portal pages.</summary>
public static class SocleWeb
{
    static SocleWeb() => Messages.Register(typeof(SocleWeb).Assembly);

    public static WebApplication Build(WebOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(SocleWeb).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Uploads are capped by the catalogue's own limit (a clear 413 problem), not by Kestrel's 30 MB default.
            k.Limits.MaxRequestBodySize = options.Catalog.MaxUploadBytes + (1 << 20);
            if (options.Public) k.ListenAnyIP(options.Port); else k.ListenLocalhost(options.Port);
        });
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Warning);
        // Session cookies are signed with keys kept in the data folder: they survive a restart and move with the data.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.Catalog.DataFolder, "keys")))
            .SetApplicationName("socle");
        builder.Services.AddSocleCatalog(options.Catalog);
        builder.Services.AddSocleTabular(options.Catalog, options.Tabular);
        builder.Services.AddSocleCollect(options.Catalog);
        if (options.RunJobs) builder.Services.AddSocleJobWorker();
        builder.Services.AddProblemDetails();
        builder.Services.AddRouting();
        builder.Services.ConfigureHttpJsonOptions(j => ApiJson.Configure(j.SerializerOptions));
        builder.Services.AddAuthentication(ApiKeyAuthentication.Name)
            .AddScheme<ApiKeySchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Name, _ => { })
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, c =>
            {
                c.Cookie.Name = "socle";
                c.Cookie.HttpOnly = true;
                // Strict: a page of another site cannot make the browser send it, so cookie writes need no CSRF token.
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.SlidingExpiration = true;
                c.ExpireTimeSpan = TimeSpan.FromDays(14);
                c.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = 401; return Task.CompletedTask; };
                c.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = 403; return Task.CompletedTask; };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSoclePortal(options.Portal);
        builder.Services.AddOpenApi("v1", o => OpenApiDocs.Configure(o));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Problems.HandleAsync, StatusCodeSelector = Problems.StatusOf });
        app.UseStatusCodePages(Problems.StatusPageAsync);
        // A browser asking for a page gets the portal's HTML error page instead of problem JSON, at the same address.
        app.UseWhen(PortalModule.IsPageRequest, b =>
        {
            b.UseExceptionHandler("/error/500");
            b.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        // Routing after the error handlers, so a re-executed error page is routed afresh.
        app.UseRouting();
        app.UseAuthentication();
        app.Use(ApiKeyAuthentication.RejectBadKeys);
        app.UseAuthorization();
        app.MapOpenApi("/api/1/openapi.json");
        app.MapScalarApiReference("/api/1/docs", s => s.WithTitle("Socle API").WithOpenApiRoutePattern("/api/1/openapi.json"));
        SiteEndpoints.Map(app);
        AuthEndpoints.Map(app);
        OrganizationEndpoints.Map(app);
        DatasetEndpoints.Map(app);
        AlgorithmEndpoints.Map(app);
        DcatEndpoints.Map(app);
        SchemaEndpoints.Map(app);
        ResourceEndpoints.Map(app);
        TableEndpoints.Map(app);
        JobEndpoints.Map(app);
        HarvestEndpoints.Map(app);
        CollectEndpoints.Map(app);
        CollectPublicationEndpoints.Map(app);
        app.MapSoclePortal();
        return app;
    }

    /// <summary>Brings the database to the current schema (run before serving).</summary>
    public static async Task MigrateAsync(WebApplication app, CancellationToken ct = default)
    {
        await CatalogModule.MigrateAsync(app.Services, ct);
        await CollectModule.MigrateAsync(app.Services, ct);
    }
}
