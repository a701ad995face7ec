using System.Runtime.CompilerServices;

namespace Socle.Cli.Tests;

/// <summary>Runs the <c>socle</c> command in-process, as a user would type it, and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e);
        return new Result(code, o.ToString(), e.ToString());
    }

    public static string RepoRoot { get; } = FindRoot();

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
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Socle.slnx"))) return dir;
        throw new InvalidOperationException("Socle.slnx not found above the tests.");
    }
}
