using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Demo;
using Socle.Storage.Database;
using Socle.Validation.Reporting;
using Socle.Web;

namespace Socle.Cli.Commands;

/// <summary>
/// <c>socle serve</c>: the portal and its API on one port, with an embedded SQLite store in the data folder by
/// default (PostgreSQL with <c>--database</c> or SOCLE_DATABASE). <c>--demo</c> fills an empty catalogue with
/// demonstration data so a newcomer sees a living catalogue at once.
/// </summary>
internal static class ServeCommand
{
    private static readonly HashSet<string> Flags = ["demo", "help", "public", "intranet"];
    private static readonly HashSet<string> Valued = ["lang", "port", "data", "database", "profile", "algorithm-profile", "max-upload-mb", "tiles", "site-name"];

    public static int Run(string[] argv, string lang, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArgs.Parse(argv, Flags, Valued);
        if (a.Has("help")) { stdout.WriteLine(Messages.Get("cli.serve.help", lang)); return CliApp.Valid; }
        CliApp.CheckLang(a);
        if (a.Positionals.Count > 0) throw new UsageException("cli.serve.no-positional", a.Positionals[0]);
        var port = a.GetInt("port", 5080, 1);
        if (port > 65535) throw new UsageException("cli.bad-number", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = Path.GetFullPath(a.Get("data") ?? "data");
        var connection = a.Get("database") ?? Environment.GetEnvironmentVariable("SOCLE_DATABASE");
        var profile = a.Get("profile") ?? (a.Has("demo") ? "gd4h" : "dcat-ap");
        var catalog = new CatalogOptions
        {
            DataFolder = data,
            Database = string.IsNullOrWhiteSpace(connection) ? null : DatabaseOptions.Postgres(connection),
            Profile = profile,
            AlgorithmProfile = a.Get("algorithm-profile") ?? Catalog.Profiles.ProfileLoader.AlgorithmDefaultId,
            MaxUploadBytes = (long)a.GetInt("max-upload-mb", 2048, 1) << 20,
        };
        try
        {
            var portal = new Socle.Portal.PortalOptions();
            portal = portal with { TileUrl = a.Get("tiles") ?? portal.TileUrl, SiteName = a.Get("site-name") ?? portal.SiteName, FetchPrivateAddresses = a.Has("intranet") };
            var app = SocleWeb.Build(new WebOptions { Catalog = catalog, Port = port, Public = a.Has("public"), Portal = portal });
            SocleWeb.MigrateAsync(app).GetAwaiter().GetResult();
            if (a.Has("demo"))
            {
                var created = DemoCatalog.SeedAsync(app.Services, new LineProgress(stderr), lang).GetAwaiter().GetResult();
                // The register comes after the catalogue (its people and organisations), also into an older demo folder.
                Socle.Collect.Demo.DemoRegister.SeedAsync(app.Services, new LineProgress(stderr), lang).GetAwaiter().GetResult();
                stderr.WriteLine(Messages.Format(created ? "cli.serve.demo-created" : "cli.serve.demo-present", lang, DemoCatalog.AdminEmail, DemoCatalog.Password));
            }
            stderr.WriteLine(Messages.Format("cli.serve.listening", lang, $"http://localhost:{port}", data,
                catalog.Database is null ? "SQLite" : "PostgreSQL", profile));
            app.Run();
            return CliApp.Valid;
        }
        catch (Catalog.Profiles.ProfileException e)
        {
            stderr.WriteLine(Messages.Format("cli.serve.profile", lang, e.Localized(lang)));
            return CliApp.Unusable;
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine(Messages.Format("cli.serve.port-taken", lang, port));
            return CliApp.Unusable;
        }
    }
}

/// <summary>Progress lines written at once, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine(value);
}
