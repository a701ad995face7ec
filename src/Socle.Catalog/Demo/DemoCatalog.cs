namespace Socle.Catalog.Demo;

/// <summary>Placeholder: the demonstration catalogue (being written).</summary>
public static class DemoCatalog
{
    public const string AdminEmail = "admin@demo.socle.fr";
    public const string Password = "demo-socle-2026";

    public static Task<bool> SeedAsync(IServiceProvider services, IProgress<string>? progress, string lang, CancellationToken ct = default) =>
        Task.FromResult(false);
}
