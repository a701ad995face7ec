using Socle.Cli.Commands;
using Socle.Validation.Reporting;

namespace Socle.Cli;

/// <summary>The <c>socle</c> command: dispatches to a command; usage errors end with one line and exit code 2.</summary>
internal static class CliApp
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Unusable = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        Messages.Register(typeof(CliApp).Assembly);
        var lang = Language(args);
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                stdout.WriteLine(Messages.Get("cli.help", lang));
                return args.Length == 0 ? Unusable : Valid;
            }
            if (args[0] == "--version")
            {
                stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3));
                return Valid;
            }
            return args[0] switch
            {
                "validate" => ValidateCommand.Run(args[1..], lang, stdout, stderr),
                "serve" => ServeCommand.Run(args[1..], lang, stdout, stderr),
                "schema" when args.Length > 1 && args[1] == "infer" => SchemaInferCommand.Run(args[2..], lang, stdout, stderr),
                "schema" => throw new UsageException("cli.schema-subcommand"),
                _ => throw new UsageException("cli.unknown-command", args[0]),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine(Messages.Format(e.Key, lang, e.Args));
            return Unusable;
        }
    }

    /// <summary>--lang fr|en, else SOCLE_LANG, else French.</summary>
    private static string Language(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--lang" && i + 1 < args.Length) return Messages.Normalize(args[i + 1]);
            if (args[i].StartsWith("--lang=", StringComparison.Ordinal)) return Messages.Normalize(args[i][7..]);
        }
        return Messages.Normalize(Environment.GetEnvironmentVariable("SOCLE_LANG"));
    }

    /// <summary>Checks --lang's value (fr or en).</summary>
    public static void CheckLang(CliArgs a)
    {
        if (a.Get("lang") is { } l && l is not ("fr" or "en")) throw new UsageException("cli.bad-lang", l);
    }
}
