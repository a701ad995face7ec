using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Socle.Validation;
using Socle.Validation.Reporting;

namespace Socle.Cli.Commands;

/// <summary><c>socle schema infer FILE</c>: a Table Schema drafted from a table, the usual first step of a producer.</summary>
internal static class SchemaInferCommand
{
    private static readonly HashSet<string> Flags = ["json", "help", "no-header"];
    private static readonly HashSet<string> Valued = ["lang", "output", "sheet", "delimiter", "encoding", "enum-max"];

    public static int Run(string[] argv, string lang, TextWriter stdout, TextWriter stderr)
    {
        var a = CliArgs.Parse(argv, Flags, Valued);
        if (a.Has("help")) { stdout.WriteLine(Messages.Get("cli.infer.help", lang)); return CliApp.Valid; }
        CliApp.CheckLang(a);
        if (a.Positionals.Count != 1) throw new UsageException("cli.infer.one-file");
        var file = a.Positionals[0];
        if (!File.Exists(file)) throw new UsageException("cli.file-not-found", file);
        var delimiter = a.Get("delimiter");
        if (delimiter is not null && delimiter != "\\t" && delimiter.Length != 1) throw new UsageException("cli.bad-delimiter", delimiter);

        JsonObject schema;
        try
        {
            schema = Validator.InferSchema(file, new ValidationOptions
            {
                Header = a.Has("no-header") ? false : null,
                Delimiter = delimiter is null ? null : delimiter == "\\t" ? '\t' : delimiter[0],
                Encoding = a.Get("encoding"),
                Sheet = a.Get("sheet"),
            }, a.Get("enum-max") is null ? null : a.GetInt("enum-max", 20, 0));
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine(Messages.Format("cli.infer.unreadable", lang, file, e.Message));
            return CliApp.Unusable;
        }
        catch (IOException e)
        {
            stderr.WriteLine(Messages.Format("cli.file-unreadable", lang, file, e.Message));
            return CliApp.Unusable;
        }

        var json = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (a.Get("output") is { } output)
        {
            // Written next to the target, then moved: never a half-written schema.
            var full = Path.GetFullPath(output);
            var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            File.WriteAllText(temp, json + "\n");
            File.Move(temp, full, overwrite: true);
            stderr.WriteLine(Messages.Format("cli.infer.written", lang, output));
        }
        if (a.Has("json") || a.Get("output") is null && Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out))
        {
            stdout.WriteLine(json);
            return CliApp.Valid;
        }
        if (a.Get("output") is null)
        {
            // A terminal: a readable summary, and how to get the file.
            stdout.WriteLine(Messages.Format("cli.infer.summary", lang, file));
            foreach (var f in schema["fields"]!.AsArray())
            {
                var c = f!["constraints"] as JsonObject;
                var extras = new List<string>();
                if (f["format"] is { } fmt && fmt.GetValue<string>() != "default") extras.Add(fmt.GetValue<string>());
                if (c?["required"]?.GetValue<bool>() == true) extras.Add(Messages.Get("cli.infer.required", lang));
                if (c?["enum"] is JsonArray en) extras.Add(Messages.Format("cli.infer.enum", lang, en.Count));
                stdout.WriteLine($"  {f["name"]!.GetValue<string>(),-32} {f["type"]!.GetValue<string>(),-10} {string.Join(", ", extras)}");
            }
            stdout.WriteLine(Messages.Get("cli.infer.hint", lang));
        }
        return CliApp.Valid;
    }
}
