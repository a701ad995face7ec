using System.Globalization;
using Socle.Validation;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Spectre.Console;

namespace Socle.Cli.Commands;

/// <summary><c>socle validate FILE [--schema SCHEMA]</c>: a table or a data package against Table Schema.</summary>
internal static class ValidateCommand
{
    private static readonly HashSet<string> Flags = ["json", "no-header", "schema-sync", "ignore-header-case", "help", "sequential"];
    private static readonly HashSet<string> Valued = ["schema", "lang", "limit-errors", "pick", "skip", "sheet", "delimiter", "encoding", "examples"];
    private const long ProgressThreshold = 16 * 1024 * 1024;

    public static int Run(string[] argv, string lang, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArgs.Parse(argv, Flags, Valued);
        if (a.Has("help")) { stdout.WriteLine(Messages.Get("cli.validate.help", lang)); return CliApp.Valid; }
        CliApp.CheckLang(a);
        if (a.Positionals.Count != 1) throw new UsageException("cli.validate.one-file");
        var file = a.Positionals[0];
        if (!File.Exists(file)) throw new UsageException("cli.file-not-found", file);
        var delimiter = a.Get("delimiter");
        if (delimiter is not null && delimiter != "\\t" && delimiter.Length != 1) throw new UsageException("cli.bad-delimiter", delimiter);
        var examples = a.GetInt("examples", 3, 0);

        var options = new ValidationOptions
        {
            LimitErrors = a.GetInt("limit-errors", 1000, 1),
            PickErrors = a.GetList("pick"),
            SkipErrors = a.GetList("skip"),
            Header = a.Has("no-header") ? false : null,
            HeaderCase = !a.Has("ignore-header-case"),
            SchemaSync = a.Has("schema-sync"),
            Delimiter = delimiter is null ? null : delimiter == "\\t" ? '\t' : delimiter[0],
            Encoding = a.Get("encoding"),
            Sheet = a.Get("sheet"),
            Parallelism = a.Has("sequential") ? 1 : 0,
        };

        ValidationReport report;
        try
        {
            if (Validator.IsPackageDescriptor(file) && a.Get("schema") is null)
            {
                report = Validator.ValidatePackage(file, options);
                if (report.Errors.FirstOrDefault(e => e.Type == "package-error") is { } pe)
                {
                    stderr.WriteLine(Messages.Note(pe, lang));
                    return CliApp.Unusable;
                }
            }
            else
            {
                var schema = a.Get("schema") is { } s ? Validator.LoadSchema(s) : null;
                report = WithProgress(file, stderr, lang, options, o => Validator.ValidateTable(file, schema, o));
            }
        }
        catch (SchemaException e)
        {
            stderr.WriteLine(e.Localized(lang));
            return CliApp.Unusable;
        }
        catch (IOException e)
        {
            stderr.WriteLine(Messages.Format("cli.file-unreadable", lang, file, e.Message));
            return CliApp.Unusable;
        }

        // A table that could not be read at all (empty, binary, missing sheet, unknown encoding) is unusable input.
        var unreadable = report.Tasks.Count == 1 && report.Tasks[0] is { Rows: 0, Errors.Count: > 0 } only
            && only.Errors.All(e => e.Type == "source-error") ? only.Errors[0] : null;
        if (a.Has("json")) stdout.WriteLine(ReportWriter.ToJson(report, lang));
        else if (unreadable is null) HumanReport.Write(report, stdout, lang, examples);
        if (unreadable is not null)
        {
            stderr.WriteLine(Messages.Format("cli.unreadable-table", lang, file, Messages.Note(unreadable, lang)));
            return CliApp.Unusable;
        }
        return report.Valid ? CliApp.Valid : CliApp.Invalid;
    }

    /// <summary>Runs the validation with a progress bar on stderr when it is a terminal and the file is large.</summary>
    private static ValidationReport WithProgress(string file, TextWriter stderr, string lang, ValidationOptions options,
        Func<ValidationOptions, ValidationReport> run)
    {
        var size = new FileInfo(file).Length;
        if (size < ProgressThreshold || Console.IsErrorRedirected || !ReferenceEquals(stderr, Console.Error)) return run(options);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ValidationReport? report = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(Messages.Format("cli.validate.progress", lang, Path.GetFileName(file))), maxValue: size);
                var progress = new SyncProgress(p => task.Value = Math.Min(p.Read, size));
                report = run(options with { Progress = progress });
                task.Value = size;
            });
        return report!;
    }

    private sealed class SyncProgress(Action<(long Read, long Total)> report) : IProgress<(long Read, long Total)>
    {
        public void Report((long Read, long Total) value) => report(value);
    }
}

/// <summary>The human-readable report: a verdict per table, then errors grouped by code with their first examples.</summary>
internal static class HumanReport
{
    /// <summary>Number formats per language, built by hand: the process runs with invariant globalization.</summary>
    public static NumberFormatInfo Numbers(string lang)
    {
        var f = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        if (lang == Messages.French) { f.NumberGroupSeparator = "\u202F"; f.NumberDecimalSeparator = ","; }
        return f;
    }

    public static void Write(ValidationReport report, TextWriter o, string lang, int examples)
    {
        var culture = Numbers(lang);
        foreach (var e in report.Errors) o.WriteLine(Messages.Message(e, lang));
        foreach (var t in report.Tasks)
        {
            var key = t.Valid ? "cli.verdict.valid" : "cli.verdict.invalid";
            o.WriteLine(Messages.Format(key, lang, t.Place, t.Rows.ToString("N0", culture), t.Fields,
                t.ErrorCount.ToString("N0", culture), t.Seconds.ToString("0.00", culture)));
            if (t.SchemaInferred) o.WriteLine("  " + Messages.Get("cli.schema-inferred", lang));
            foreach (var (code, count) in t.ErrorCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key))
            {
                var sample = new ValidationError { Type = code };
                o.WriteLine($"  {code} × {count.ToString("N0", culture)} — {Messages.Title(sample, lang)}");
                foreach (var e in t.Errors.Where(e => e.Type == code).Take(examples))
                    o.WriteLine("    " + Messages.Message(e, lang));
                var listed = t.Errors.Count(e => e.Type == code);
                if (count > Math.Min(listed, examples))
                    o.WriteLine("    " + Messages.Format("cli.more-errors", lang, (count - Math.Min(listed, examples)).ToString("N0", culture)));
            }
            foreach (var (key2, args) in t.Warnings) o.WriteLine("  " + Messages.Format(key2, lang, args));
        }
    }
}
