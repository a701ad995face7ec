using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Socle.Catalog.Dcat;

/// <summary>The serialisations DCAT-AP is published in, as data.gouv.fr and ckanext-dcat offer them.</summary>
public enum RdfFormat { JsonLd, Turtle, RdfXml }

public static class RdfFormats
{
    /// <summary>By file extension or by media type (content negotiation); null when neither names a format.</summary>
    public static RdfFormat? Parse(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "jsonld" or "json-ld" or "json" or "application/ld+json" => RdfFormat.JsonLd,
        "ttl" or "turtle" or "text/turtle" or "application/x-turtle" => RdfFormat.Turtle,
        "rdf" or "xml" or "rdfxml" or "application/rdf+xml" or "application/xml" or "text/xml" => RdfFormat.RdfXml,
        _ => null,
    };

    public static string MediaType(RdfFormat f) => f switch
    {
        RdfFormat.JsonLd => "application/ld+json",
        RdfFormat.Turtle => "text/turtle",
        _ => "application/rdf+xml",
    };

    public static string Extension(RdfFormat f) => f switch { RdfFormat.JsonLd => "jsonld", RdfFormat.Turtle => "ttl", _ => "rdf" };

    /// <summary>The first format an Accept header names (JSON-LD when it names none), as udata negotiates /catalog.</summary>
    public static RdfFormat Negotiate(string? accept)
    {
        foreach (var part in (accept ?? "").Split(','))
            if (Parse(part.Split(';')[0]) is { } f && !part.Contains("application/json", StringComparison.Ordinal)) return f;
        return RdfFormat.JsonLd;
    }
}

/// <summary>Writes a graph in one of the three formats; every value is escaped for its syntax.</summary>
public static class RdfWriter
{
    public static async Task WriteAsync(RdfGraph graph, RdfFormat format, TextWriter w)
    {
        var text = format switch
        {
            RdfFormat.Turtle => Turtle(graph),
            RdfFormat.RdfXml => RdfXml(graph),
            _ => JsonLd(graph),
        };
        await w.WriteAsync(text);
    }

    private static IEnumerable<IGrouping<RdfTerm, RdfTriple>> BySubject(RdfGraph g) => g.Triples.GroupBy(t => t.Subject);

    public static string Turtle(RdfGraph g)
    {
        var sb = new StringBuilder();
        foreach (var (prefix, ns) in RdfNamespaces.Prefixes) sb.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        foreach (var subject in BySubject(g))
        {
            sb.Append('\n').Append(TurtleTerm(subject.Key)).Append('\n');
            var byPredicate = subject.GroupBy(t => t.Predicate).ToList();
            for (var i = 0; i < byPredicate.Count; i++)
            {
                var p = byPredicate[i].Key;
                sb.Append("    ").Append(p == RdfNamespaces.Prefixes["rdf"] + "type" ? "a" : TurtleIri(p)).Append(' ');
                sb.AppendJoin(", ", byPredicate[i].Select(t => TurtleTerm(t.Object)));
                sb.Append(i == byPredicate.Count - 1 ? " .\n" : " ;\n");
            }
        }
        return sb.ToString();
    }

    private static string TurtleTerm(RdfTerm t) => t switch
    {
        RdfIri i => TurtleIri(i.Value),
        RdfBlank b => "_:" + b.Label,
        RdfLiteral l => "\"" + TurtleEscape(l.Value) + "\"" + (l.Lang is { } lang ? "@" + lang : l.Datatype is { } dt ? "^^" + TurtleIri(dt) : ""),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    private static string TurtleIri(string iri) => RdfNamespaces.Split(iri) is { } pn ? $"{pn.Prefix}:{pn.Local}" : $"<{iri}>";

    private static string TurtleEscape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        return sb.ToString();
    }

    public static string RdfXml(RdfGraph g)
    {
        var sb = new StringBuilder();
        // Entitize: a carriage return in a literal must stay one (Replace would turn it into a line feed).
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false), CheckCharacters = false, NewLineHandling = NewLineHandling.Entitize };
        using (var x = XmlWriter.Create(new StringWriter(sb), settings))
        {
            const string rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
            x.WriteStartElement("rdf", "RDF", rdf);
            foreach (var (prefix, ns) in RdfNamespaces.Prefixes)
                if (prefix != "rdf") x.WriteAttributeString("xmlns", prefix, null, ns);
            foreach (var subject in BySubject(g))
            {
                x.WriteStartElement("rdf", "Description", rdf);
                if (subject.Key is RdfBlank sb0) x.WriteAttributeString("rdf", "nodeID", rdf, sb0.Label);
                else x.WriteAttributeString("rdf", "about", rdf, ((RdfIri)subject.Key).Value);
                foreach (var t in subject)
                {
                    // Every predicate this exporter writes is in a known namespace with a plain local name.
                    var (prefix, local) = RdfNamespaces.Split(t.Predicate) ?? throw new InvalidOperationException("predicate without prefix: " + t.Predicate);
                    x.WriteStartElement(prefix, local, RdfNamespaces.Prefixes[prefix]);
                    switch (t.Object)
                    {
                        case RdfIri i: x.WriteAttributeString("rdf", "resource", rdf, i.Value); break;
                        case RdfBlank b: x.WriteAttributeString("rdf", "nodeID", rdf, b.Label); break;
                        case RdfLiteral l:
                            if (l.Lang is not null) x.WriteAttributeString("xml", "lang", null, l.Lang);
                            else if (l.Datatype is not null) x.WriteAttributeString("rdf", "datatype", rdf, l.Datatype);
                            x.WriteString(XmlSafe(l.Value));
                            break;
                    }
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>XML 1.0 cannot carry most control characters, even escaped: they are dropped.</summary>
    private static string XmlSafe(string s) => s.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r')
        ? new string([.. s.Where(c => c >= ' ' || c is '\t' or '\n' or '\r')]) : s;

    /// <summary>JSON-LD: the prefixes as the context, one node object per subject in a @graph.</summary>
    public static string JsonLd(RdfGraph g)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            j.WriteStartObject();
            j.WriteStartObject("@context");
            foreach (var (prefix, ns) in RdfNamespaces.Prefixes) j.WriteString(prefix, ns);
            j.WriteEndObject();
            j.WriteStartArray("@graph");
            foreach (var subject in BySubject(g))
            {
                j.WriteStartObject();
                j.WriteString("@id", subject.Key is RdfBlank b ? "_:" + b.Label : ((RdfIri)subject.Key).Value);
                foreach (var p in subject.GroupBy(t => t.Predicate))
                {
                    if (p.Key == RdfNamespaces.Prefixes["rdf"] + "type")
                    {
                        j.WriteStartArray("@type");
                        foreach (var t in p) j.WriteStringValue(((RdfIri)t.Object).Value);
                        j.WriteEndArray();
                        continue;
                    }
                    j.WriteStartArray(p.Key);
                    foreach (var t in p)
                    {
                        j.WriteStartObject();
                        switch (t.Object)
                        {
                            case RdfIri i: j.WriteString("@id", i.Value); break;
                            case RdfBlank bl: j.WriteString("@id", "_:" + bl.Label); break;
                            case RdfLiteral l:
                                j.WriteString("@value", l.Value);
                                if (l.Lang is not null) j.WriteString("@language", l.Lang);
                                else if (l.Datatype is not null) j.WriteString("@type", l.Datatype);
                                break;
                        }
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                }
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
