using System.Runtime.CompilerServices;

namespace Socle.Validation.Tests;

/// <summary>Where the repository and the shared test corpus (../shared beside the checkout) are.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder with Socle.slnx), found from this source file's path.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The shared corpus folder, or null when it is absent (tests then skip with a clear message).</summary>
    public static string? Shared { get; } = Directory.Exists(Path.Combine(RepoRoot, "..", "shared"))
        ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared")) : null;

    public static string SharedOrSkip(params string[] parts)
    {
        if (Shared is null) Assert.Skip("../shared is absent beside the checkout: shared corpus tests are skipped.");
        return Path.Combine([Shared!, .. parts]);
    }

    private static string FindRoot([CallerFilePath] string here = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(here), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Socle.slnx"))) return dir;
        }
        throw new InvalidOperationException("Socle.slnx not found above the tests.");
    }
}
