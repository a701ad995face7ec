using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Socle.Catalog;
using Socle.Catalog.Data;
using Socle.Catalog.Demo;
using Socle.Catalog.Tests;
using Socle.Storage.Jobs;
using Socle.Validation.Tests;
using Socle.Web;

[assembly: AssemblyFixture(typeof(Socle.Portal.Tests.PortalFixture))]
[assembly: Socle.Portal.Tests.CloseBrowserTabs]

namespace Socle.Portal.Tests;

/// <summary>
/// One Socle as <c>./socle serve --demo</c> runs it — the demo catalogue on an embedded SQLite file, the job
/// worker on, a real Kestrel port — and one headless Debian Chromium driven by Playwright, shared by every test
/// of the assembly. Tests that change data create their own datasets, so they do not disturb each other.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (package chromium), or the browser named by SOCLE_CHROMIUM.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("SOCLE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private TestDatabase database = null!;
    private WebApplication app = null!;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => app.Services;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where the tests write screenshots of the main pages, to look at (ignored by git).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(TestPaths.RepoRoot, "tests", "Socle.Portal.Tests", "screenshots");

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(Db.Sqlite);
        var port = FreePort();
        app = SocleWeb.Build(new WebOptions
        {
            Catalog = new CatalogOptions { DataFolder = database.DataFolder, Database = database.Options, Profile = "gd4h" },
            Port = port,
            // No tile server is reachable in tests: the maps must draw their points without a background. The
            // "remote" files of the validation tests are served on the loopback, which a portal refuses by default.
            Portal = new PortalOptions { TileUrl = "", FetchPrivateAddresses = true },
        });
        await SocleWeb.MigrateAsync(app);
        await DemoCatalog.SeedAsync(app.Services, null, "fr");
        await app.StartAsync();
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
        await WaitForJobsAsync(TimeSpan.FromMinutes(5));
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>Waits until no job is running or due (demo tables and validations built, an upload validated).</summary>
    public async Task WaitForJobsAsync(TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                var now = DateTimeOffset.UtcNow;
                var busy = await db.Set<Job>().Where(j => j.State == JobState.Running || j.State == JobState.Queued).Select(j => new { j.State, j.RunAfter }).ToListAsync();
                // Retries waiting for later (a link check of an unreachable host) are not waited for.
                if (!busy.Any(j => j.State == JobState.Running || j.RunAfter <= now)) return;
            }
            if (DateTimeOffset.UtcNow > until) throw new TimeoutException("jobs still running");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A new browser tab with its own cookies, in French unless told otherwise, closed when the test that opened it
    /// ends (<see cref="CloseBrowserTabsAttribute"/>); skips when Chromium is absent.
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "fr-FR", bool javaScript = true)
    {
        if (!File.Exists(ChromiumPath))
            Assert.Skip($"Chromium is not installed at {ChromiumPath} (Debian package chromium; ./test installs it as root): browser tests are skipped.");
        if (browser is null)
        {
            Assertions.SetDefaultExpectTimeout(15_000);
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                // As root in CI, and on a closed network: no sandbox, no background connections.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            });
        }
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 }, JavaScriptEnabled = javaScript,
        });
        OpenContexts.GetOrAdd(TestContext.Current.Test?.UniqueID ?? "", _ => new()).Add(context);
        // Generous waits: CI has two cores shared by the server, its jobs and the browser.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs a browser tab in as the demo administrator through the login page.</summary>
    public async Task SignInAsync(IPage page, string email = DemoCatalog.AdminEmail, string password = DemoCatalog.Password)
    {
        await page.GotoAsync("/login/");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login/", StringComparison.Ordinal));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    /// <summary>The browser contexts each running test opened, closed when it ends (every tab is a renderer process).</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<IBrowserContext>> OpenContexts = new();

    public Task<int> DrainJobsAsync() => app.Services.GetRequiredService<JobRunner<CatalogDb>>().DrainAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        Http?.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>Closes the browser tabs a test opened when it ends, so that renderers do not pile up over the run.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CloseBrowserTabsAttribute : Xunit.v3.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest, Xunit.v3.IXunitTest test)
    {
        if (!PortalFixture.OpenContexts.TryRemove(test.UniqueID, out var contexts)) return;
        foreach (var c in contexts)
        {
            try { c.CloseAsync().GetAwaiter().GetResult(); }
            catch (PlaywrightException) { } // the browser already closed
        }
    }
}
