using System.Diagnostics;

namespace Socle.Web.Tests;

/// <summary>
/// Independent RDF toolchains a harvester would use: raptor's <c>rapper</c> (C; Turtle and RDF/XML) and Python's
/// rdflib (Turtle, RDF/XML and JSON-LD). Tests skip, saying why, when they are not installed (./test installs them).
/// </summary>
internal static class RdfParsers
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, rdflib
        from rdflib.compare import isomorphic
        graphs = []
        for path, fmt in zip(sys.argv[1::2], sys.argv[2::2]):
            g = rdflib.Graph(); g.parse(path, format=fmt); graphs.append(g)
        print(len(graphs[0]))
        print("same" if all(isomorphic(graphs[0], g) for g in graphs[1:]) else "different")
        sys.stdout.write(graphs[0].serialize(format="nt"))
        """;

    public static void RequireTools()
    {
        if (!File.Exists("/usr/bin/rapper")) Assert.Skip("rapper is not installed (Debian raptor2-utils; ./test installs it): DCAT parsing tests skipped.");
        if (Run(Python, ["-c", "import rdflib"]).Code != 0) Assert.Skip("rdflib is not installed (Debian python3-rdflib; ./test installs it): DCAT parsing tests skipped.");
    }

    /// <summary>rapper's triple count for a document ("turtle" or "rdfxml"); the test fails with rapper's words on a parse error.</summary>
    public static int RapperCount(string path, string syntax)
    {
        var (code, _, err) = Run("/usr/bin/rapper", ["-i", syntax, "-c", path]);
        Assert.True(code == 0, $"rapper -i {syntax} refused {path}: {err}");
        var line = err.Split('\n').Last(l => l.Contains("returned", StringComparison.Ordinal));
        return int.Parse(line.Split("returned ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses each (file, rdflib format) with rdflib: the first graph's size, whether all are the same graph (blank nodes
    /// matched), and the first graph as N-Triples lines.
    /// </summary>
    public static (int Count, bool Same, string[] Triples) RdfLib(params (string Path, string Format)[] documents)
    {
        var (code, output, err) = Run(Python, ["-c", Script, .. documents.SelectMany(d => new[] { d.Path, d.Format })]);
        Assert.True(code == 0, "rdflib refused a document: " + err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), lines[1] == "same", lines[2..]);
    }

    private static (int Code, string Out, string Err) Run(string file, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}
