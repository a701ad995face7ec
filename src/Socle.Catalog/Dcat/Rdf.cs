using System.Text;

namespace Socle.Catalog.Dcat;

/// <summary>An RDF term: an IRI, a blank node (by label) or a literal with an optional language or datatype.</summary>
public abstract record RdfTerm
{
    public static RdfIri Iri(string iri) => new(RdfIri.Safe(iri));
    public static RdfLiteral Text(string value, string? lang = null) => new(value, lang, null);
    public static RdfLiteral Typed(string value, string datatype) => new(value, null, datatype);
}

public sealed record RdfIri(string Value) : RdfTerm
{
    /// <summary>
    /// Percent-encodes what no IRI may contain (spaces, controls, &lt;&gt;"{}|^`\): values come from users (resource
    /// links, licence URLs), and one bad character would make the whole document unreadable to a harvester.
    /// </summary>
    public static string Safe(string iri)
    {
        var sb = new StringBuilder(iri.Length);
        foreach (var b in Encoding.UTF8.GetBytes(iri))
        {
            var c = (char)b;
            if (b < 0x21 || b == 0x7F || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else if (b < 0x80) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

public sealed record RdfBlank(string Label) : RdfTerm;

public sealed record RdfLiteral(string Value, string? Lang, string? Datatype) : RdfTerm;

public sealed record RdfTriple(RdfTerm Subject, string Predicate, RdfTerm Object);

/// <summary>The vocabularies DCAT-AP documents use, by the prefixes profile files may name them with.</summary>
public static class RdfNamespaces
{
    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>
    {
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["dcatap"] = "http://data.europa.eu/r5r/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
        ["skos"] = "http://www.w3.org/2004/02/skos/core#",
        ["spdx"] = "http://spdx.org/rdf/terms#",
        ["adms"] = "http://www.w3.org/ns/adms#",
        ["locn"] = "http://www.w3.org/ns/locn#",
        ["hydra"] = "http://www.w3.org/ns/hydra/core#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["schema"] = "http://schema.org/",
    };

    /// <summary>"dcat:theme" → the full IRI; null for an unknown prefix or a malformed name.</summary>
    public static string? Expand(string prefixed)
    {
        var colon = prefixed.IndexOf(':');
        if (colon <= 0 || colon == prefixed.Length - 1) return null;
        return Prefixes.TryGetValue(prefixed[..colon], out var ns) ? ns + prefixed[(colon + 1)..] : null;
    }

    /// <summary>The prefixed form of a full IRI whose local part is a plain name; null otherwise.</summary>
    public static (string Prefix, string Local)? Split(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && IsName(iri.AsSpan(ns.Length)))
                return (prefix, iri[ns.Length..]);
        return null;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-') return false;
        return true;
    }
}

/// <summary>A set of triples in insertion order (subjects are written in the order they first appear).</summary>
public sealed class RdfGraph
{
    private readonly List<RdfTriple> _triples = [];
    private readonly HashSet<RdfTerm> _subjects = [];
    private int _blanks;

    public IReadOnlyList<RdfTriple> Triples => _triples;

    /// <summary>Whether the graph already says something about <paramref name="subject"/> (a node described once, linked many times).</summary>
    public bool Describes(RdfTerm subject) => _subjects.Contains(subject);

    public RdfBlank NewBlank() => new("b" + (++_blanks).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds a triple; <paramref name="predicate"/> is prefixed ("dct:title") or a full IRI. Null objects are skipped.</summary>
    public void Add(RdfTerm subject, string predicate, RdfTerm? o)
    {
        if (o is null || o is RdfLiteral { Value.Length: 0 }) return;
        var iri = predicate.Contains("://", StringComparison.Ordinal) ? predicate : RdfNamespaces.Expand(predicate)
            ?? throw new ArgumentException($"unknown prefix in {predicate}", nameof(predicate));
        _triples.Add(new RdfTriple(subject, iri, o));
        _subjects.Add(subject);
    }

    public void Type(RdfTerm subject, string type) => Add(subject, "rdf:type", RdfTerm.Iri(RdfNamespaces.Expand(type)!));
}
