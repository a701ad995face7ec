namespace Socle.Catalog.Dcat;

/// <summary>
/// Reads Turtle (and N-Triples), RDF/XML and JSON-LD into an <see cref="RdfGraph"/>, as a harvester meets them on
/// other portals. Nothing is fetched: a JSON-LD document naming a remote context is refused, an XML document's
/// external entities are not resolved. Nesting is bounded (<see cref="MaxDepth"/>), so hostile input cannot exhaust the stack.
/// </summary>
public static class RdfReader
{
    /// <summary>The deepest nesting of blank nodes, collections, XML elements or JSON values a reader follows.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses a whole document; <paramref name="baseIri"/> (the document's URL) resolves relative IRIs.</summary>
    public static RdfGraph Read(string text, RdfFormat format, string baseIri)
    {
        var graph = new RdfGraph();
        Read(text, format, baseIri, graph);
        return graph;
    }

    /// <summary>Parses a document into <paramref name="graph"/>; its blank nodes never merge with the graph's others.</summary>
    public static void Read(string text, RdfFormat format, string baseIri, RdfGraph graph)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        switch (format)
        {
            case RdfFormat.Turtle: TurtleReader.Read(text, baseIri, graph); break;
            case RdfFormat.RdfXml: RdfXmlReader.Read(text, baseIri, graph); break;
            default: JsonLdReader.Read(text, baseIri, graph); break;
        }
    }

    /// <summary>The format a Content-Type header names; null when it names none of the three.</summary>
    public static RdfFormat? FromMediaType(string? contentType)
    {
        if (contentType is null) return null;
        var semicolon = contentType.IndexOf(';');
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
        return media switch
        {
            // N-Triples is a subset of Turtle; so is the part of N3 that catalogues use (old CKAN serves text/n3).
            "text/turtle" or "application/x-turtle" or "application/turtle" or "application/n-triples" or "text/n3" => RdfFormat.Turtle,
            "application/rdf+xml" or "application/xml" or "text/xml" => RdfFormat.RdfXml,
            "application/ld+json" or "application/json" => RdfFormat.JsonLd,
            _ => null,
        };
    }

    /// <summary>
    /// The format of a document whose media type says nothing useful: JSON starts with <c>{</c> or <c>[</c>; XML with a
    /// declaration, a comment, a DOCTYPE or a start tag (and ends with <c>&gt;</c>, which a Turtle statement never does);
    /// anything else is read as Turtle.
    /// </summary>
    public static RdfFormat Sniff(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF')) i++;
        if (i == text.Length) return RdfFormat.Turtle;
        var c = text[i];
        if (c is '{' or '[') return RdfFormat.JsonLd;
        if (c != '<') return RdfFormat.Turtle;
        var rest = text.AsSpan(i);
        if (rest.StartsWith("<?xml") || rest.StartsWith("<!--") || rest.StartsWith("<!DOCTYPE") || rest.StartsWith("<rdf:RDF")) return RdfFormat.RdfXml;
        // A start tag "<name" followed by a space, '>' or "/>"; "<http://…>" stops at "//", so it stays Turtle.
        var j = 1;
        while (j < rest.Length && (char.IsLetterOrDigit(rest[j]) || rest[j] is '_' or '-' or '.' or ':')) j++;
        var tag = j > 1 && j < rest.Length && (char.IsWhiteSpace(rest[j]) || rest[j] == '>' || rest[j..].StartsWith("/>"));
        return tag && text.AsSpan().TrimEnd().EndsWith(">") ? RdfFormat.RdfXml : RdfFormat.Turtle;
    }
}

/// <summary>A document's blank node labels, each mapped to a node of the graph that no other document shares.</summary>
internal sealed class DocumentBlanks(RdfGraph graph)
{
    private readonly Dictionary<string, RdfBlank> _labels = new(StringComparer.Ordinal);

    public RdfBlank Get(string label)
    {
        if (!_labels.TryGetValue(label, out var b)) _labels[label] = b = graph.NewBlank();
        return b;
    }

    public RdfBlank New() => graph.NewBlank();
}
