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

    /// <summary>rapper's N-Triples for a document ("turtle" or "rdfxml") read with <paramref name="baseIri"/>; the test fails on a parse error.</summary>
    public static string RapperNTriples(string path, string syntax, string baseIri)
    {
        var (code, output, err) = Run("/usr/bin/rapper", ["-q", "-i", syntax, "-o", "ntriples", path, baseIri]);
        Assert.True(code == 0, $"rapper -i {syntax} refused {path}: {err}");
        return output;
    }

    // Literals compared as RDF 1.1 terms: language tags in lower case, "x"^^xsd:string the same as "x".
    private const string CompareScript = """
        import sys, rdflib
        from rdflib import Literal, XSD
        from rdflib.compare import to_isomorphic, graph_diff
        def load(path, fmt, base):
            g = rdflib.Graph(); g.parse(path, format=fmt, publicID=base or None)
            n = rdflib.Graph()
            for s, p, o in g:
                if isinstance(o, Literal):
                    if o.language: o = Literal(str(o), lang=o.language.lower())
                    elif o.datatype == XSD.string: o = Literal(str(o))
                n.add((s, p, o))
            return n
        args = sys.argv[1:]
        for i in range(0, len(args), 4):
            mine, other, fmt, base = args[i:i + 4]
            a, b = to_isomorphic(load(mine, "nt", "")), to_isomorphic(load(other, fmt, base))
            if a == b: print("same"); continue
            both, only_a, only_b = graph_diff(a, b)
            lines = ["mine only: " + " ".join(t.n3() for t in x) for x in sorted(only_a)][:8]
            lines += ["other only: " + " ".join(t.n3() for t in x) for x in sorted(only_b)][:8]
            print("different " + other + " | " + " | ".join(lines).replace("\n", " "))
        """;

    /// <summary>
    /// For each (N-Triples file, document, rdflib format, base IRI): "same" when rdflib reads both as one graph (blank
    /// nodes matched), else "different …" with a few triples each side has alone. One Python process for all of them.
    /// </summary>
    public static string[] RdfLibSame(params (string NTriples, string Document, string Format, string BaseIri)[] pairs)
    {
        var (code, output, err) = Run(Python, ["-c", CompareScript, .. pairs.SelectMany(p => new[] { p.NTriples, p.Document, p.Format, p.BaseIri })]);
        Assert.True(code == 0, "rdflib refused a document: " + err);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private const string WriteScript = """
        import sys, rdflib
        args = sys.argv[1:]
        for i in range(0, len(args), 5):
            source, fmt, base, out_format, out_path = args[i:i + 5]
            g = rdflib.Graph(); g.parse(source, format=fmt, publicID=base)
            data = g.serialize(format=out_format)
            open(out_path, "wb").write(data if isinstance(data, bytes) else data.encode("utf-8"))
        """;

    /// <summary>rdflib's own serialisation of each document (another writer's style: pretty-xml nests nodes, Turtle uses [] and ( )).</summary>
    public static void RdfLibWrite(params (string Source, string Format, string BaseIri, string OutFormat, string OutPath)[] jobs)
    {
        var (code, _, err) = Run(Python, ["-c", WriteScript, .. jobs.SelectMany(j => new[] { j.Source, j.Format, j.BaseIri, j.OutFormat, j.OutPath })]);
        Assert.True(code == 0, "rdflib could not write a document: " + err);
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
