using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Socle.Catalog;
using Socle.Catalog.Demo;
using Socle.Catalog.Services;
using Socle.Collect.Data;
using Socle.Collect.Records;
using Socle.Storage.Jobs;
using Socle.Validation.Reporting;

namespace Socle.Collect.Demo;

/// <summary>
/// The demo register of renewable installations: a few thousand generated installations over several regions, with
/// their history up to the end of <see cref="LoadedUntil"/>'s year, events and yearly measures, stewards and a
/// contributor on one department; and, beside it, the next year's ODRÉ-style export and a DREAL wind-permit file for a
/// steward to import through their crosswalks (<see cref="FilesFolder"/>).
/// </summary>
public static class DemoRegister
{
    public const string Slug = "installations-enr";
    public const string Organization = "region-occitanie-demo";
    public const int Installations = 3000;
    public static readonly DateOnly LoadedUntil = new(2024, 12, 31);
    public static readonly DateOnly FileDate = new(2025, 12, 31);

    /// <summary>Where the demo's files to import are: <c>collect/demo/</c> in the data folder.</summary>
    public static string FilesFolder(CatalogOptions options) => Path.Combine(options.DataFolder, "collect", "demo");

    /// <summary>Creates the demo register unless a collection exists already; returns whether it did.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, IProgress<string>? progress, string lang, int count = Installations, CancellationToken ct = default)
    {
        lang = Messages.Normalize(lang);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CollectDb>();
        if (await db.Collections.AnyAsync(ct)) return false;
        var watch = Stopwatch.StartNew();
        var normalized = DemoCatalog.AdminEmail.ToUpperInvariant();
        var admin = await sp.GetRequiredService<Socle.Catalog.Data.CatalogDb>().Users.Include(a => a.Memberships)
            .FirstOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (admin is null) return false; // the catalogue's demo was not seeded: no people to own the register
        var actor = Actor.For(admin);
        var collections = sp.GetRequiredService<CollectionService>();
        var view = await collections.CreateAsync(actor, new JsonObject
        {
            ["title"] = Messages.Get("demo.collect.title", Messages.French),
            ["slug"] = Slug,
            ["description"] = Messages.Get("demo.collect.description", Messages.French),
            ["organization"] = Organization,
            ["template"] = "installations-enr",
        }, ct);
        foreach (var (email, role, territories) in new[]
                 {
                     ("camille.martin@demo.socle.fr", "steward", Array.Empty<string>()),
                     ("ines.petit@demo.socle.fr", "steward", ["fr:region:76"]),
                     ("louis.bernard@demo.socle.fr", "contributor", ["fr:departement:11"]),
                 })
            await collections.SetMemberAsync(actor, Slug, new JsonObject { ["email"] = email, ["role"] = role, ["territories"] = new JsonArray([.. territories.Select(t => JsonValue.Create(t))]) }, ct);

        var installations = RenewablesGenerator.Generate(count, seed: 2026, horizon: FileDate);
        var loaded = await HistoryLoader.LoadAsync(db, view.Collection, view.Definition, installations, LoadedUntil, sp.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        progress?.Report(Messages.Format("demo.collect.loaded", lang, loaded, LoadedUntil.Year));
        // Published as a catalogue dataset, its files written now (the job, then their tables), so the dataset is whole
        // when the portal opens.
        await sp.GetRequiredService<Publication.PublicationService>().PublishAsync(actor, Slug, ct);
        await services.GetRequiredService<JobRunner<Socle.Catalog.Data.CatalogDb>>().DrainAsync(ct);

        // Next year's files: what a steward imports through the shipped crosswalks (changes, new installations, disagreements).
        var folder = FilesFolder(sp.GetRequiredService<CatalogOptions>());
        Directory.CreateDirectory(folder);
        await using (var w = new StreamWriter(Path.Combine(folder, $"odre-registre-{FileDate:yyyy-MM-dd}.csv"), false, new UTF8Encoding(false)))
            RenewablesGenerator.WriteOdreCsv(installations, FileDate, w);
        await using (var w = new StreamWriter(Path.Combine(folder, $"dreal-eolien-{FileDate:yyyy-MM-dd}.csv"), false, new UTF8Encoding(false)))
            RenewablesGenerator.WriteDrealCsv(installations, FileDate, w);
        progress?.Report(Messages.Format("demo.collect.done", lang, Math.Max(1, (int)Math.Round(watch.Elapsed.TotalSeconds)), folder));
        return true;
    }
}
