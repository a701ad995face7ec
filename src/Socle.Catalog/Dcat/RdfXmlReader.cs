using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Socle.Catalog.Dcat;

/// <summary>
/// RDF 1.1 XML Syntax (W3C Recommendation 2014) over an XDocument: the grammar decides a property element's kind from
/// its attributes and its children, which a tree shows at once. Internal entities are expanded (many RDF/XML files
/// declare <c>&lt;!ENTITY rdf "…"&gt;</c>) with their output capped; nothing external is ever fetched.
/// </summary>
internal sealed class RdfXmlReader
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace RdfNs = Rdf;
    private static readonly XName Description = RdfNs + "Description", RdfRoot = RdfNs + "RDF", Li = RdfNs + "li",
        About = RdfNs + "about", Id = RdfNs + "ID", NodeId = RdfNs + "nodeID", Resource = RdfNs + "resource",
        Datatype = RdfNs + "datatype", ParseType = RdfNs + "parseType", Type = RdfNs + "type",
        XmlLang = XNamespace.Xml + "lang", XmlBase = XNamespace.Xml + "base";

    // Names the grammar reserves: coreSyntaxTerms and the terms RDF/XML dropped in 2004.
    private static readonly HashSet<string> Reserved = ["RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "aboutEach", "aboutEachPrefix", "bagID"];

    // Un-namespaced attributes RDF/XML still reads as rdf: ones, for documents written before namespaces were required.
    private static readonly HashSet<string> Unqualified = ["about", "ID", "resource", "parseType", "type"];

    private readonly RdfGraph _g;
    private readonly DocumentBlanks _blanks;

    private RdfXmlReader(RdfGraph graph)
    {
        _g = graph;
        _blanks = new DocumentBlanks(graph);
    }

    public static void Read(string text, string baseIri, RdfGraph graph)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            // Entities may expand to a few times the document, never to a billion laughs.
            MaxCharactersFromEntities = Math.Max(1L << 20, 4L * text.Length),
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            var key = e.Message.Contains("MaxCharactersFromEntities", StringComparison.Ordinal) ? "rdf.xml.entities" : "rdf.xml.malformed";
            throw new RdfSyntaxException(key, [], e.LineNumber, e.LinePosition, e);
        }
        new RdfXmlReader(graph).Document(doc.Root!, baseIri);
    }

    private readonly record struct Scope(string Base, string? Lang);

    private static Scope ScopeOf(XElement e, Scope parent)
    {
        var b = parent.Base;
        if (e.Attribute(XmlBase) is { } xb)
        {
            var value = xb.Value;
            var hash = value.IndexOf('#');
            b = IriReference.Resolve(b, hash < 0 ? value : value[..hash]);
        }
        var lang = e.Attribute(XmlLang) is { } xl ? (xl.Value.Length == 0 ? null : xl.Value.ToLowerInvariant()) : parent.Lang;
        return new Scope(b, lang);
    }

    private void Document(XElement root, string baseIri)
    {
        var scope = new Scope(baseIri, null);
        if (root.Name == RdfRoot)
        {
            scope = ScopeOf(root, scope);
            foreach (var a in root.Attributes())
                if (!Ignored(a)) throw Fail(a, "rdf.xml.attribute", a.Name.LocalName, "rdf:RDF");
            foreach (var child in root.Nodes()) 
                if (child is XElement e) NodeElement(e, scope, 1);
                else CheckBlank(child);
        }
        else NodeElement(root, scope, 1);
    }

    private static void CheckBlank(XNode n)
    {
        if (n is XText t && !string.IsNullOrWhiteSpace(t.Value)) throw Fail(n, "rdf.xml.text", Short(t.Value));
    }

    /// <summary>xmlns declarations and xml:* attributes say nothing about the graph.</summary>
    private static bool Ignored(XAttribute a) =>
        a.IsNamespaceDeclaration || a.Name.Namespace == XNamespace.Xml
        || a.Name.Namespace == XNamespace.None && a.Name.LocalName.StartsWith("xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>An attribute's name, un-namespaced legacy names read as rdf: ones; other un-namespaced names are refused.</summary>
    private static XName NameOf(XAttribute a)
    {
        if (a.Name.Namespace != XNamespace.None) return a.Name;
        if (Unqualified.Contains(a.Name.LocalName)) return RdfNs + a.Name.LocalName;
        throw Fail(a, "rdf.xml.unqualified-attribute", a.Name.LocalName);
    }

    private RdfTerm NodeElement(XElement e, Scope parent, int depth)
    {
        if (depth > RdfReader.MaxDepth) throw Fail(e, "rdf.syntax.too-deep", RdfReader.MaxDepth);
        var scope = ScopeOf(e, parent);
        if (e.Name.Namespace == RdfNs && (Reserved.Contains(e.Name.LocalName) || e.Name == Li))
            throw Fail(e, "rdf.xml.node-name", Qualified(e));
        RdfTerm? subject = null;
        var properties = new List<(XAttribute Attribute, XName Name)>();
        foreach (var a in e.Attributes())
        {
            if (Ignored(a)) continue;
            var name = NameOf(a);
            if (name == About || name == Id || name == NodeId)
            {
                if (subject is not null) throw Fail(a, "rdf.xml.subject-attributes", Qualified(e));
                subject = name == About ? new RdfIri(IriReference.Resolve(scope.Base, a.Value))
                    : name == Id ? new RdfIri(IriReference.Resolve(scope.Base, "#" + NcName(a)))
                    : _blanks.Get(NcName(a));
            }
            else if (name.Namespace == RdfNs && (Reserved.Contains(name.LocalName) || name == Li))
                throw Fail(a, "rdf.xml.attribute", "rdf:" + name.LocalName, Qualified(e));
            else properties.Add((a, name));
        }
        subject ??= _blanks.New();
        if (e.Name != Description) _g.AddTriple(subject, Rdf + "type", new RdfIri(Iri(e.Name)));
        PropertyAttributes(subject, properties, scope);
        var li = 1;
        foreach (var child in e.Nodes())
            if (child is XElement p) PropertyElement(p, subject, scope, ref li, depth + 1);
            else CheckBlank(child);
        return subject;
    }

    private void PropertyAttributes(RdfTerm subject, List<(XAttribute Attribute, XName Name)> properties, Scope scope)
    {
        foreach (var (a, name) in properties)
            _g.AddTriple(subject, Iri(name), name == Type ? new RdfIri(IriReference.Resolve(scope.Base, a.Value)) : new RdfLiteral(a.Value, scope.Lang, null));
    }

    private void PropertyElement(XElement e, RdfTerm subject, Scope parent, ref int li, int depth)
    {
        if (depth > RdfReader.MaxDepth) throw Fail(e, "rdf.syntax.too-deep", RdfReader.MaxDepth);
        var scope = ScopeOf(e, parent);
        if (e.Name.Namespace == RdfNs && (Reserved.Contains(e.Name.LocalName) || e.Name == Description))
            throw Fail(e, "rdf.xml.property-name", Qualified(e));
        var predicate = e.Name == Li ? Rdf + "_" + (li++).ToString(CultureInfo.InvariantCulture) : Iri(e.Name);

        XAttribute? id = null, parseType = null, resource = null, nodeId = null, datatype = null;
        var properties = new List<(XAttribute Attribute, XName Name)>();
        foreach (var a in e.Attributes())
        {
            if (Ignored(a)) continue;
            var name = NameOf(a);
            if (name == Id) id = a;
            else if (name == ParseType) parseType = a;
            else if (name == Resource) resource = a;
            else if (name == NodeId) nodeId = a;
            else if (name == Datatype) datatype = a;
            else if (name.Namespace == RdfNs && (Reserved.Contains(name.LocalName) || name == Li))
                throw Fail(a, "rdf.xml.attribute", "rdf:" + name.LocalName, Qualified(e));
            else properties.Add((a, name));
        }
        var statement = id is null ? null : new RdfIri(IriReference.Resolve(scope.Base, "#" + NcName(id)));

        if (parseType is not null)
        {
            if (resource is not null || nodeId is not null || datatype is not null || properties.Count > 0)
                throw Fail(e, "rdf.xml.parse-type-attributes", Qualified(e));
            switch (parseType.Value)
            {
                case "Resource":
                    var node = _blanks.New();
                    Add(subject, predicate, node, statement);
                    var inner = 1;
                    foreach (var child in e.Nodes())
                        if (child is XElement p) PropertyElement(p, node, scope, ref inner, depth + 1);
                        else CheckBlank(child);
                    return;
                case "Collection":
                    var items = new List<RdfTerm>();
                    foreach (var child in e.Nodes())
                        if (child is XElement n) items.Add(NodeElement(n, scope, depth + 1));
                        else CheckBlank(child);
                    Add(subject, predicate, List(items), statement);
                    return;
                default:
                    // "Literal", and any other value, which the grammar reads as "Literal".
                    Add(subject, predicate, new RdfLiteral(XmlLiteral.Of(e), null, Rdf + "XMLLiteral"), statement);
                    return;
            }
        }

        XElement? objectElement = null;
        var hasText = false;
        foreach (var child in e.Nodes())
        {
            if (child is XElement c)
            {
                if (objectElement is not null) throw Fail(c, "rdf.xml.many-objects", Qualified(e));
                objectElement = c;
            }
            else if (child is XText t)
            {
                if (!string.IsNullOrWhiteSpace(t.Value)) hasText = true;
            }
        }
        if (objectElement is not null)
        {
            if (hasText) throw Fail(e, "rdf.xml.mixed", Qualified(e));
            if (resource is not null || nodeId is not null || datatype is not null || properties.Count > 0)
                throw Fail(e, "rdf.xml.object-attributes", Qualified(e));
            Add(subject, predicate, NodeElement(objectElement, scope, depth + 1), statement);
            return;
        }
        if (e.Nodes().Any() || datatype is not null)
        {
            // A literal: its text, whitespace included; a datatype drops the language.
            if (resource is not null || nodeId is not null || properties.Count > 0)
                throw Fail(e, "rdf.xml.literal-attributes", Qualified(e));
            var text = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value));
            var literal = datatype is not null ? new RdfLiteral(text, null, DatatypeOrNull(IriReference.Resolve(scope.Base, datatype.Value))) : new RdfLiteral(text, scope.Lang, null);
            Add(subject, predicate, literal, statement);
            return;
        }
        if (resource is null && nodeId is null && properties.Count == 0)
        {
            Add(subject, predicate, new RdfLiteral("", scope.Lang, null), statement);
            return;
        }
        if (resource is not null && nodeId is not null) throw Fail(e, "rdf.xml.object-attributes", Qualified(e));
        RdfTerm o = resource is not null ? new RdfIri(IriReference.Resolve(scope.Base, resource.Value))
            : nodeId is not null ? _blanks.Get(NcName(nodeId)) : _blanks.New();
        Add(subject, predicate, o, statement);
        PropertyAttributes(o, properties, scope);
    }

    /// <summary>Adds the triple and, for a property element with rdf:ID, its reification.</summary>
    private void Add(RdfTerm s, string p, RdfTerm o, RdfIri? statement)
    {
        _g.AddTriple(s, p, o);
        if (statement is null) return;
        _g.AddTriple(statement, Rdf + "type", new RdfIri(Rdf + "Statement"));
        _g.AddTriple(statement, Rdf + "subject", s);
        _g.AddTriple(statement, Rdf + "predicate", new RdfIri(p));
        _g.AddTriple(statement, Rdf + "object", o);
    }

    private RdfTerm List(List<RdfTerm> items)
    {
        RdfTerm rest = new RdfIri(Rdf + "nil");
        if (items.Count == 0) return rest;
        var nodes = items.Select(_ => _blanks.New()).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            _g.AddTriple(nodes[i], Rdf + "first", items[i]);
            _g.AddTriple(nodes[i], Rdf + "rest", i + 1 < nodes.Count ? nodes[i + 1] : rest);
        }
        return nodes[0];
    }

    /// <summary>RDF 1.1: a simple literal is an xsd:string; one form for both, so a harvester compares them alike.</summary>
    private static string? DatatypeOrNull(string datatype) => datatype == "http://www.w3.org/2001/XMLSchema#string" ? null : datatype;

    private static string Iri(XName name) => name.NamespaceName + name.LocalName;

    private static string Qualified(XElement e) => e.GetPrefixOfNamespace(e.Name.Namespace) is { Length: > 0 } p ? p + ":" + e.Name.LocalName : e.Name.LocalName;

    private static string NcName(XAttribute a)
    {
        try
        {
            return XmlConvert.VerifyNCName(a.Value);
        }
        catch (XmlException)
        {
            throw Fail(a, "rdf.xml.bad-id", a.Value);
        }
    }

    private static string Short(string s)
    {
        s = s.Trim();
        return s.Length <= 30 ? s : s[..30] + "…";
    }

    private static RdfSyntaxException Fail(XObject at, string key, params object?[] args)
    {
        var info = (IXmlLineInfo)at;
        return new RdfSyntaxException(key, args, info.HasLineInfo() ? info.LineNumber : 0, info.HasLineInfo() ? info.LinePosition : 0);
    }
}

/// <summary>
/// The value of an rdf:parseType="Literal" property: its content as XML text, with the namespace declarations each
/// element uses and its ancestors in the literal do not declare. This follows exclusive canonical XML in spirit (start
/// and end tags for empty elements, c14n escaping, declarations where used) but not exactly: attributes keep their
/// document order, and comments are dropped. A harvester keeps such values as text; none of DCAT-AP's properties take one.
/// </summary>
internal static class XmlLiteral
{
    public static string Of(XElement property)
    {
        var sb = new StringBuilder();
        foreach (var n in property.Nodes()) Write(n, sb, new Dictionary<string, string>());
        return sb.ToString();
    }

    private static void Write(XNode node, StringBuilder sb, Dictionary<string, string> declared)
    {
        if (node is XText t)
        {
            foreach (var c in t.Value) sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '\r' => "&#xD;", _ => c.ToString() });
            return;
        }
        if (node is not XElement e) return;
        var scope = new Dictionary<string, string>(declared);
        var declarations = new List<(string Prefix, string Ns)>();
        var tag = Name(e, e.Name, isAttribute: false, scope, declarations);
        var attributes = new StringBuilder();
        foreach (var a in e.Attributes())
        {
            if (a.IsNamespaceDeclaration) continue;
            attributes.Append(' ').Append(Name(e, a.Name, isAttribute: true, scope, declarations)).Append("=\"");
            foreach (var c in a.Value)
                attributes.Append(c switch { '&' => "&amp;", '<' => "&lt;", '"' => "&quot;", '\t' => "&#x9;", '\n' => "&#xA;", '\r' => "&#xD;", _ => c.ToString() });
            attributes.Append('"');
        }
        sb.Append('<').Append(tag);
        foreach (var (prefix, ns) in declarations)
            sb.Append(prefix.Length == 0 ? " xmlns=\"" : " xmlns:" + prefix + "=\"").Append(ns).Append('"');
        sb.Append(attributes).Append('>');
        foreach (var child in e.Nodes()) Write(child, sb, scope);
        sb.Append("</").Append(tag).Append('>');
    }

    /// <summary>The name with the prefix the document used, declaring its namespace where the literal has not yet.</summary>
    private static string Name(XElement e, XName name, bool isAttribute, Dictionary<string, string> scope, List<(string, string)> declarations)
    {
        var ns = name.NamespaceName;
        if (name.Namespace == XNamespace.Xml) return "xml:" + name.LocalName;
        if (ns.Length == 0)
        {
            // An element outside any namespace undeclares a default namespace the literal declared.
            if (!isAttribute && scope.TryGetValue("", out var current) && current.Length > 0)
            {
                scope[""] = "";
                declarations.Add(("", ""));
            }
            return name.LocalName;
        }
        var prefix = e.GetPrefixOfNamespace(name.Namespace) ?? "";
        if (isAttribute && prefix.Length == 0) prefix = "ns" + (scope.Count + 1).ToString(CultureInfo.InvariantCulture);
        if (!scope.TryGetValue(prefix, out var bound) || bound != ns)
        {
            scope[prefix] = ns;
            declarations.Add((prefix, ns));
        }
        return prefix.Length == 0 ? name.LocalName : prefix + ":" + name.LocalName;
    }
}
