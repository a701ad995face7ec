using Socle.Validation.Tests;

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

    public static string RepoRoot => TestPaths.RepoRoot;
    public static string? Shared => TestPaths.Shared;
    public static string SharedOrSkip(params string[] parts) => TestPaths.SharedOrSkip(parts);
}
