using System.Diagnostics;
using System.Globalization;
using System.Text;
using Socle.Catalog.Dcat;
using Socle.Validation.Tests;

namespace Socle.Web.Tests;

/// <summary>
/// The RDF readers a harvester uses on other portals' DCAT: each syntax's features give exactly the triples the W3C
/// specifications say (compared up to blank node names), the same graphs rapper and rdflib read, the graphs Socle's own
/// writers wrote, and a refusal with a message key and a position for broken or hostile documents.
/// </summary>
public sealed class RdfReaderTests
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", Xsd = "http://www.w3.org/2001/XMLSchema#",
        Dcat = "http://www.w3.org/ns/dcat#", Dct = "http://purl.org/dc/terms/", Ex = "http://example.org/";

    // ---------------------------------------------------------------- Turtle

    [Fact]
    public void Turtle_features_give_the_exact_triples()
    {
        var g = RdfReader.Read(RdfSamples.TurtleFeatures, RdfFormat.Turtle, RdfSamples.Base);
        AssertGraph(g, """
            ex:base/sub/rel rdf:type ex:Thing .
            ex:base/sub/rel ex:p ex:o1 .
            ex:base/sub/rel ex:p ex:o2 .
            <http://example.org/default#local.with.dots> ex:q ex:a,b .
            <http://example.org/default#local.with.dots> ex:q ex:c/d .
            <http://example.org/default#local.with.dots> ex:q ex:e%20f .
            <http://example.org/default#local.with.dots> ex:q ex:123 .
            <http://example.org/default#local.with.dots> ex:q ex: .
            ex:s ex:str "double" .
            ex:s ex:str "single" .
            ex:s ex:str "long \"with\" quotes\nand a new line" .
            ex:s ex:str "long 'single'\n" .
            ex:s ex:str "" .
            ex:s ex:esc "t\tn\nr\rb\u0008f\u000C\"q\" 's' \\ é 😀" .
            ex:s ex:lang "chat"@fr .
            ex:s ex:lang "cat"@en-gb .
            ex:s ex:typed "2024-01-01"^^xsd:date .
            ex:s ex:typed "x"^^ex:dt .
            ex:s ex:typed "plain" .
            ex:s ex:num "1"^^xsd:integer .
            ex:s ex:num "-2"^^xsd:integer .
            ex:s ex:num "+3"^^xsd:integer .
            ex:s ex:num "4.5"^^xsd:decimal .
            ex:s ex:num "-.5"^^xsd:decimal .
            ex:s ex:num "1e3"^^xsd:double .
            ex:s ex:num "1.5E-2"^^xsd:double .
            ex:s ex:num "2.E1"^^xsd:double .
            ex:s ex:num "true"^^xsd:boolean .
            ex:s ex:num "false"^^xsd:boolean .
            ex:s ex:blank _:b1 .
            ex:s ex:blank _:empty .
            _:inner ex:inner "v" .
            _:inner ex:deeper _:deeper .
            _:deeper ex:x "1"^^xsd:integer .
            ex:s ex:blank _:inner .
            _:l1 rdf:first "1"^^xsd:integer .
            _:l1 rdf:rest _:l2 .
            _:l2 rdf:first "two" .
            _:l2 rdf:rest _:l3 .
            _:l3 rdf:first ex:three .
            _:l3 rdf:rest _:l4 .
            _:l4 rdf:first rdf:nil .
            _:l4 rdf:rest _:l5 .
            _:in ex:in "4"^^xsd:integer .
            _:l5 rdf:first _:in .
            _:l5 rdf:rest rdf:nil .
            ex:s ex:list _:l1 .
            ex:s ex:list rdf:nil .
            _:b1 ex:label "b1" .
            _:as ex:anonSubject "true"^^xsd:boolean .
            _:as2 ex:anonSubject2 "1"^^xsd:integer .
            _:as2 ex:more "2"^^xsd:integer .
            _:m1 rdf:first ex:a .
            _:m1 rdf:rest _:m2 .
            _:m2 rdf:first ex:b .
            _:m2 rdf:rest rdf:nil .
            _:m1 ex:isList "true"^^xsd:boolean .
            ex:Abs ex:p <http://example.org/base/sub/#frag> .
            ex:Abs ex:p ex:base/up .
            ex:Abs ex:p <http://example.org/base/sub/?q> .
            ex:Abs ex:p ex:base/sub/ .
            ex:s ex:p "1"^^xsd:integer .
            ex:end ex:p ex:o .
            """);
    }

    [Fact]
    public void N_triples_read_as_turtle()
    {
        var g = RdfReader.Read("""
            <http://example.org/s> <http://example.org/p> "a\u00E9\n" .
            _:x <urn:example:p> <http://example.org/o> . # comment
            <http://example.org/s> <http://example.org/p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://example.org/s> <http://example.org/p> "chat"@fr-CA .
            """, RdfReader.FromMediaType("application/n-triples")!.Value, RdfSamples.Base);
        AssertGraph(g, """
            ex:s ex:p "aé\n" .
            _:x <urn:example:p> ex:o .
            ex:s ex:p "5"^^xsd:integer .
            ex:s ex:p "chat"@fr-ca .
            """);
    }

    [Theory]
    [InlineData("@prefix ex: <http://example.org/> .\nex:s ex:p \"open", "rdf.turtle.unterminated-string", 2, 11)]
    [InlineData("@prefix ex: <http://example.org/> .\nex:s ex:p ex:o", "rdf.turtle.expected", 2, 15)]
    [InlineData("@prefix ex: <http://example.org/> .\nex:s ex:p ex:o ;\n  ex:q ", "rdf.syntax.end", 3, 8)]
    [InlineData("ex:s ex:p ex:o .", "rdf.turtle.unknown-prefix", 1, 1)]
    [InlineData("<http://e/s> <http://e/p> <http://e/o> <http://e/x> .", "rdf.turtle.expected-found", 1, 40)]
    [InlineData("<http://e/s> <http://e/p> \"a\nb\" .", "rdf.turtle.newline-in-string", 1, 29)]
    [InlineData("<http://e/s> <http://e/p> \"\\q\" .", "rdf.turtle.escape", 1, 28)]
    [InlineData("<http://e/s> <http://e/p> \"\\u00G1\" .", "rdf.turtle.escape", 1, 28)]
    [InlineData("<http://e/s> <http://e/p> <http://e/a b> .", "rdf.turtle.iri-char", 1, 38)]
    [InlineData("<http://e/s> <http://e/p> <http://e/a", "rdf.turtle.unterminated-iri", 1, 27)]
    [InlineData("\"lit\" <http://e/p> <http://e/o> .", "rdf.turtle.literal-subject", 1, 1)]
    [InlineData("<http://e/s> _:p <http://e/o> .", "rdf.turtle.predicate", 1, 14)]
    [InlineData("<http://e/s> <http://e/p> [ <http://e/q> 1 .", "rdf.turtle.expected-found", 1, 44)]
    [InlineData("@prefx ex: <http://e/> .", "rdf.turtle.directive", 1, 1)]
    [InlineData("<http://e/s> <http://e/p> \"x\"@ .", "rdf.turtle.language", 1, 30)]
    [InlineData("<http://e/s> <http://e/p> ) .", "rdf.syntax.unexpected", 1, 27)]
    public void Turtle_refuses_broken_documents_with_a_key_and_a_position(string text, string key, int line, int column)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(text, RdfFormat.Turtle, RdfSamples.Base));
        Assert.Equal((key, line, column), (e.Key, e.Line, e.Column));
    }

    // ---------------------------------------------------------------- RDF/XML

    [Fact]
    public void Rdf_xml_features_give_the_exact_triples()
    {
        var g = RdfReader.Read(RdfSamples.RdfXmlFeatures, RdfFormat.RdfXml, RdfSamples.Base);
        AssertGraph(g, """
            ex:base/thing1 rdf:type ex:Thing .
            ex:base/thing1 ex:attr "attribute value" .
            ex:base/thing1 dct:title "Titre"@fr .
            ex:base/thing1 dct:title "Sans langue" .
            ex:base/thing1 ex:count "42"^^xsd:integer .
            ex:base/thing1 ex:link <http://example.org/other#x> .
            ex:base/thing1 ex:ref _:n1 .
            ex:base/thing1 ex:empty "" .
            ex:base/thing1 ex:spaces "  keep  " .
            _:inner rdf:type ex:Inner .
            _:inner ex:inA "a" .
            _:inner ex:deep "d" .
            ex:base/thing1 ex:nested _:inner .
            ex:base/thing1 ex:res _:res .
            _:res ex:r1 "one" .
            _:res ex:r2 ex:r2 .
            _:c1 rdf:first ex:c1 .
            _:c1 rdf:rest _:c2 .
            _:c2 rdf:first _:n1 .
            _:c2 rdf:rest rdf:nil .
            _:n1 rdf:type ex:Item .
            ex:base/thing1 ex:coll _:c1 .
            ex:base/thing1 ex:emptyColl rdf:nil .
            ex:base/thing1 rdf:_1 "first" .
            ex:base/thing1 rdf:_2 "second" .
            ex:base/thing1 ex:withProps _:wp .
            _:wp ex:p1 "v1" .
            _:wp rdf:type ex:T .
            ex:base/thing1 ex:withPropsRes ex:wr .
            ex:wr ex:p2 "v2" .
            ex:base/thing1 ex:stated "reified" .
            <http://example.org/base/doc#st1> rdf:type rdf:Statement .
            <http://example.org/base/doc#st1> rdf:subject ex:base/thing1 .
            <http://example.org/base/doc#st1> rdf:predicate ex:stated .
            <http://example.org/base/doc#st1> rdf:object "reified" .
            ex:base/thing1 ex:typedEmpty "" .
            ex:base/thing1 ex:escaped "<b> & \"quotes\" 'apos' é" .
            ex:base/thing1 ex:cdata "<raw> & text" .
            _:n1 ex:label "node one" .
            _:anon ex:anonymous "yes" .
            <http://example.org/other/#local> ex:relative ex:other/x/y .
            ex:lang rdf:type ex:Lang .
            ex:lang ex:inherits "Hallo"@de .
            ex:lang ex:reset "kein" .
            ex:lang ex:inner ex:lang2 .
            ex:lang2 ex:still "noch"@de .
            """);
    }

    [Fact]
    public void Rdf_xml_without_rdf_RDF_and_with_legacy_attributes_and_an_xml_literal()
    {
        var g = RdfReader.Read("""
            <ex:Thing xmlns:ex="http://example.org/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" about="http://example.org/t"
                      xml:lang="fr" ex:attr="valeur">
              <ex:lit rdf:parseType="Literal"><b xmlns="http://www.w3.org/1999/xhtml" class="x">gras &amp; <ex:i/></b> fin</ex:lit>
              <ex:r resource="http://example.org/r"/>
            </ex:Thing>
            """, RdfFormat.RdfXml, RdfSamples.Base);
        AssertGraph(g, """
            ex:t rdf:type ex:Thing .
            ex:t ex:attr "valeur"@fr .
            ex:t ex:lit "<b xmlns=\"http://www.w3.org/1999/xhtml\" class=\"x\">gras &amp; <ex:i xmlns:ex=\"http://example.org/\"></ex:i></b> fin"^^rdf:XMLLiteral .
            ex:t ex:r ex:r .
            """);
        // A document in one node element only is sniffed as XML even without a declaration.
        Assert.Equal(RdfFormat.RdfXml, RdfReader.Sniff("  <ex:Thing xmlns:ex=\"http://example.org/\"/>\n"));
    }

    [Theory]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n  <rdf:Description>\n</rdf:RDF>", "rdf.xml.malformed", 3, 3)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Desc", "rdf.xml.malformed", 1, 0)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T rdf:about=\"http://e/a\" rdf:nodeID=\"x\"/>\n</rdf:RDF>", "rdf.xml.subject-attributes", 2, 0)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T><e:p>text<e:X/></e:p></e:T>\n</rdf:RDF>", "rdf.xml.mixed", 2, 9)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T><e:p><e:X/><e:Y/></e:p></e:T>\n</rdf:RDF>", "rdf.xml.many-objects", 2, 20)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T rdf:nodeID=\"1bad\"/>\n</rdf:RDF>", "rdf.xml.bad-id", 2, 8)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T foo=\"bar\"/>\n</rdf:RDF>", "rdf.xml.unqualified-attribute", 2, 8)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  loose text\n</rdf:RDF>", "rdf.xml.text", 1, 0)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <rdf:li/>\n</rdf:RDF>", "rdf.xml.node-name", 2, 4)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n  <e:T><rdf:Description/></e:T>\n</rdf:RDF>", "rdf.xml.property-name", 2, 9)]
    public void Rdf_xml_refuses_broken_documents_with_a_key_and_a_position(string text, string key, int line, int column)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(text, RdfFormat.RdfXml, RdfSamples.Base));
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        if (column > 0) Assert.Equal(column, e.Column);
        else Assert.True(e.Column > 0, "a column is given");
    }

    [Fact]
    public void Rdf_xml_entities_expand_within_a_cap_and_nothing_external_is_read()
    {
        // Billion laughs: ten levels of ten references would be 10^9 characters.
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY l0 \"lol\">\n");
        for (var i = 1; i <= 9; i++)
            sb.Append("  <!ENTITY l").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))).Append("\">\n");
        sb.Append("]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\"><e:T e:p=\"&l9;\"/></rdf:RDF>");
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(sb.ToString(), RdfFormat.RdfXml, RdfSamples.Base));
        Assert.Equal("rdf.xml.entities", e.Key);

        // An external entity is never resolved: the document is refused, and no file's content reaches a triple.
        var secret = Path.Combine(Path.GetTempPath(), $"rdf-secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var external = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file://{secret}"> ]>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"><e:T e:p="&x;"/></rdf:RDF>
                """;
            try
            {
                var g = RdfReader.Read(external, RdfFormat.RdfXml, RdfSamples.Base);
                Assert.DoesNotContain(g.Triples, t => t.Object is RdfLiteral l && l.Value.Contains("TOP-SECRET", StringComparison.Ordinal));
            }
            catch (RdfSyntaxException x)
            {
                Assert.Equal("rdf.xml.malformed", x.Key);
            }
            // A DOCTYPE naming an external DTD is not fetched either.
            var dtd = $"""<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:1/never.dtd"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>""";
            Assert.Empty(RdfReader.Read(dtd, RdfFormat.RdfXml, RdfSamples.Base).Triples);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    // ---------------------------------------------------------------- JSON-LD

    [Fact]
    public void Json_ld_features_give_the_exact_triples()
    {
        var g = RdfReader.Read(RdfSamples.JsonLdFeatures, RdfFormat.JsonLd, RdfSamples.Base);
        AssertGraph(g, """
            ex:base/thing1 rdf:type ex:BigThing .
            ex:base/thing1 rdf:type ex:Other .
            ex:base/thing1 rdf:type <http://example.org/vocab#Local> .
            ex:base/thing1 dct:title "Titre"@fr .
            ex:base/thing1 ex:name "sans langue" .
            ex:base/thing1 dct:issued "2024-05-01"^^xsd:date .
            ex:base/thing1 ex:link ex:other .
            ex:base/thing1 ex:kind ex:BigThing .
            ex:base/thing1 ex:tag "a"@fr .
            ex:base/thing1 ex:tag "b"@fr .
            _:s1 rdf:first "one"@fr .
            _:s1 rdf:rest _:s2 .
            _:s2 rdf:first "2"^^xsd:integer .
            _:s2 rdf:rest _:s3 .
            _:s3 rdf:first "true"^^xsd:boolean .
            _:s3 rdf:rest _:s4 .
            _:s4 rdf:first ex:step .
            _:s4 rdf:rest rdf:nil .
            ex:base/thing1 ex:steps _:s1 .
            ex:base/thing1 ex:label "étiquette"@fr .
            ex:base/thing1 ex:label "label"@en .
            ex:base/thing1 ex:label "tag"@en .
            ex:mother ex:child ex:base/thing1 .
            ex:base/thing1 <http://example.org/vocab#undefinedTerm> "expanded with @vocab"@fr .
            _:n ex:deep "typed"^^ex:dt .
            ex:base/thing1 ex:nested _:n .
            ex:base/thing1 ex:explicitLang "hello"@en .
            ex:base/thing1 ex:emptyList rdf:nil .
            ex:base/thing1 ex:numbers "1"^^xsd:integer .
            ex:base/thing1 ex:numbers "-2"^^xsd:integer .
            ex:base/thing1 ex:numbers "1.5E0"^^xsd:double .
            ex:base/thing1 ex:numbers "2.5E-1"^^xsd:double .
            ex:base/thing1 ex:escapes "quote \" backslash \\ tab \t new line \n é 😀"@fr .
            _:friend ex:knows ex:base/thing1 .
            ex:base/thing1 ex:friend _:friend .
            _:friend ex:nick "ami"@fr .
            _:friend ex:age "42"^^xsd:integer .
            ex:anon ex:child _:c .
            _:c ex:name "blank child"@fr .
            _:c ex:v "x" .
            """);
    }

    [Fact]
    public void Json_ld_numbers_take_the_canonical_forms_of_the_specification()
    {
        var g = RdfReader.Read("""
            {"@id": "http://example.org/s", "http://example.org/n": [5.0, 1e2, 1e21, 123456789012345678901234567890, -0, -0.0, 0.1, 1.5e-7, -2.5E+3, 1E400,
              {"@value": 3, "@type": "http://www.w3.org/2001/XMLSchema#double"}, {"@value": 7, "@type": "http://example.org/int"}]}
            """, RdfFormat.JsonLd, RdfSamples.Base);
        AssertGraph(g, """
            ex:s ex:n "5"^^xsd:integer .
            ex:s ex:n "100"^^xsd:integer .
            ex:s ex:n "1.0E21"^^xsd:double .
            ex:s ex:n "123456789012345678901234567890"^^xsd:integer .
            ex:s ex:n "0"^^xsd:integer .
            ex:s ex:n "1.0E-1"^^xsd:double .
            ex:s ex:n "1.5E-7"^^xsd:double .
            ex:s ex:n "-2500"^^xsd:integer .
            ex:s ex:n "INF"^^xsd:double .
            ex:s ex:n "3.0E0"^^xsd:double .
            ex:s ex:n "7"^^ex:int .
            """);
    }

    [Fact]
    public void Json_ld_in_expanded_form_top_level_arrays_nested_graphs_and_contexts_reset()
    {
        var expanded = RdfReader.Read("""
            [{"@id": "http://example.org/s", "@type": ["http://example.org/T"],
              "http://example.org/p": [{"@value": "v", "@language": "fr"}, {"@id": "_:b"}, {"@list": [{"@value": 1}]}],
              "urn:x:pred": [{"@id": "urn:x:obj"}]},
             {"@id": "_:b", "http://example.org/q": [{"@value": true}]}]
            """, RdfFormat.JsonLd, RdfSamples.Base);
        AssertGraph(expanded, """
            ex:s rdf:type ex:T .
            ex:s ex:p "v"@fr .
            ex:s ex:p _:b .
            _:l rdf:first "1"^^xsd:integer .
            _:l rdf:rest rdf:nil .
            ex:s ex:p _:l .
            ex:s <urn:x:pred> <urn:x:obj> .
            _:b ex:q "true"^^xsd:boolean .
            """);

        var graphs = RdfReader.Read("""
            {"@context": [{"ex": "http://example.org/", "title": "ex:title"}, {"@language": "fr"}],
             "@id": "ex:g", "ex:about": "le graphe",
             "@graph": [{"@id": "ex:a", "title": "A"},
                        {"@id": "ex:b", "@context": null, "http://example.org/title": "B", "title": "dropped: no term any more"},
                        {"@id": "ex:named", "@graph": {"@id": "ex:c", "title": "C"}},
                        {"@context": {"title": {"@id": "ex:other", "@language": "en"}}, "@id": "ex:d", "title": "D"}],
             "@included": [{"@id": "ex:e", "title": "E"}]}
            """, RdfFormat.JsonLd, RdfSamples.Base);
        AssertGraph(graphs, """
            ex:g ex:about "le graphe"@fr .
            ex:a ex:title "A"@fr .
            <ex:b> ex:title "B" .
            ex:c ex:title "C"@fr .
            ex:d ex:other "D"@en .
            ex:e ex:title "E"@fr .
            """);
    }

    [Fact]
    public void Json_ld_scoped_contexts_maps_nesting_and_reverse_terms()
    {
        var g = RdfReader.Read("""
            {
              "@context": {
                "@version": 1.1,
                "ex": "http://example.org/",
                "dcat": "http://www.w3.org/ns/dcat#",
                "Dataset": {"@id": "dcat:Dataset", "@context": {"name": {"@id": "ex:datasetName", "@language": "fr"}}},
                "name": "ex:name",
                "publisher": {"@id": "ex:publisher", "@context": {"name": "ex:orgName"}},
                "byId": {"@id": "ex:item", "@container": "@id"},
                "byType": {"@id": "ex:typed", "@container": "@type"},
                "byIndex": {"@id": "ex:indexed", "@container": "@index"},
                "meta": "@nest",
                "children": {"@reverse": "ex:parent"},
                "matrix": {"@id": "ex:matrix", "@container": "@list"}
              },
              "@id": "ex:ds",
              "@type": "Dataset",
              "name": "jeu",
              "publisher": {"@id": "ex:org", "name": "Organisation", "ex:nested": {"name": "not the publisher's term: it propagates"}},
              "ex:child": {"@id": "ex:child", "name": "type-scoped terms stop at nested nodes"},
              "byId": {"ex:i1": {"name": "one"}, "@none": {"name": "anonymous"}},
              "byType": {"ex:T1": {"@id": "ex:t1"}, "ex:T2": "ex:t2"},
              "byIndex": {"first": "indexed value", "second": {"@id": "ex:idx"}},
              "meta": {"ex:modified": "2024-01-01"},
              "children": [{"@id": "ex:kid"}],
              "matrix": [[1, 2], []]
            }
            """, RdfFormat.JsonLd, RdfSamples.Base);
        AssertGraph(g, """
            ex:ds rdf:type dcat:Dataset .
            ex:ds ex:datasetName "jeu"@fr .
            ex:org ex:orgName "Organisation" .
            _:n ex:orgName "not the publisher's term: it propagates" .
            ex:org ex:nested _:n .
            ex:ds ex:publisher ex:org .
            ex:child ex:name "type-scoped terms stop at nested nodes" .
            ex:ds ex:child ex:child .
            ex:i1 ex:name "one" .
            ex:ds ex:item ex:i1 .
            _:anon ex:name "anonymous" .
            ex:ds ex:item _:anon .
            ex:t1 rdf:type ex:T1 .
            ex:ds ex:typed ex:t1 .
            ex:t2 rdf:type ex:T2 .
            ex:ds ex:typed ex:t2 .
            ex:ds ex:indexed "indexed value" .
            ex:ds ex:indexed ex:idx .
            ex:ds ex:modified "2024-01-01" .
            ex:kid ex:parent ex:ds .
            _:r1 rdf:first "1"^^xsd:integer .
            _:r1 rdf:rest _:r2 .
            _:r2 rdf:first "2"^^xsd:integer .
            _:r2 rdf:rest rdf:nil .
            _:m1 rdf:first _:r1 .
            _:m1 rdf:rest _:m2 .
            _:m2 rdf:first rdf:nil .
            _:m2 rdf:rest rdf:nil .
            ex:ds ex:matrix _:m1 .
            """);
    }

    [Theory]
    [InlineData("{\"@context\": \"https://schema.org/\", \"name\": \"x\"}", "rdf.jsonld.remote-context", 1, 14)]
    [InlineData("{\"@context\": [{\"ex\": \"http://e/\"}, \"https://w3id.org/dcat.jsonld\"]}", "rdf.jsonld.remote-context", 1, 36)]
    [InlineData("{\"@id\": \"http://e/s\",\n \"http://e/p\": {\"@value\": \"x\"", "rdf.syntax.end", 2, 30)]
    [InlineData("{\"@id\": \"http://e/s\",\n \"http://e/p\": [1, 2,]}", "rdf.jsonld.malformed", 2, 22)]
    [InlineData("{\"@id\": 5}", "rdf.jsonld.invalid-value", 1, 9)]
    [InlineData("{\"http://e/p\": {\"@value\": \"x\", \"@language\": \"fr\", \"@type\": \"http://e/t\"}}", "rdf.jsonld.invalid-value", 1, 16)]
    [InlineData("{\"http://e/p\": {\"@value\": 5, \"@language\": \"fr\"}}", "rdf.jsonld.invalid-value", 1, 27)]
    [InlineData("{\"@context\": {\"a\": \"b:x\", \"b\": \"a:y\"}, \"a\": 1}", "rdf.jsonld.cyclic-term", 1, 20)]
    [InlineData("{\"@context\": {\"p\": {\"@id\": \"http://e/p\", \"@type\": \"@json\"}}, \"p\": {\"a\": 1}}", "rdf.jsonld.unsupported", 1, 67)]
    [InlineData("{\"@context\": {\"@import\": \"https://e/ctx.jsonld\"}}", "rdf.jsonld.unsupported", 1, 26)]
    [InlineData("{\"@context\": {\"p\": {\"@id\": \"http://e/p\", \"@container\": \"@graph\"}}, \"p\": {\"@id\": \"http://e/o\"}}", "rdf.jsonld.unsupported", 1, 73)]
    [InlineData("{\"@context\": {\"p\": {\"@id\": \"http://e/p\", \"@container\": \"@bag\"}}}", "rdf.jsonld.invalid-value", 1, 56)]
    [InlineData("{\"@context\": {\"p\": {\"@id\": \"http://e/p\", \"@unknown\": 1}}}", "rdf.jsonld.invalid-term", 1, 20)]
    [InlineData("", "rdf.syntax.end", 1, 1)]
    public void Json_ld_refuses_broken_or_unsupported_documents_with_a_key_and_a_position(string text, string key, int line, int column)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(text, RdfFormat.JsonLd, RdfSamples.Base));
        Assert.Equal((key, line, column), (e.Key, e.Line, e.Column));
    }

    [Fact]
    public void A_refusal_is_described_in_french_then_english_with_its_position()
    {
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read("{\"@context\": \"https://schema.org/\"}", RdfFormat.JsonLd, RdfSamples.Base));
        Assert.Equal("rdf.jsonld.remote-context", e.Key);
        Assert.Equal(["https://schema.org/"], e.Args);
        Assert.StartsWith("Le contexte JSON-LD « https://schema.org/ » est distant", e.Describe("fr"));
        Assert.EndsWith("(ligne 1, colonne 14)", e.Describe("fr"));
        Assert.StartsWith("The JSON-LD context \"https://schema.org/\" is remote", e.Describe("en-GB"));
        Assert.EndsWith("(line 1, column 14)", e.Describe("en"));
        Assert.Equal(e.Describe("fr"), e.Message);

        // Every key a reader may throw has its French and English text.
        foreach (var file in new[] { "rdf.fr.json", "rdf.en.json" })
        {
            var path = Path.Combine(TestPaths.RepoRoot, "src", "Socle.Catalog", "Resources", "messages", file);
            var keys = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var source in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Socle.Catalog", "Dcat"), "*.cs"))
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(source), "\"(rdf\\.[a-z.-]+)\""))
                    Assert.True(keys.Contains(m.Groups[1].Value), $"{m.Groups[1].Value} (from {Path.GetFileName(source)}) is missing in {file}");
        }
    }

    // ---------------------------------------------------------------- limits

    [Theory]
    [InlineData(RdfFormat.Turtle)]
    [InlineData(RdfFormat.RdfXml)]
    [InlineData(RdfFormat.JsonLd)]
    public void Nesting_is_bounded_whatever_the_syntax(RdfFormat format)
    {
        string Nested(int depth) => format switch
        {
            RdfFormat.Turtle => "<http://e/s> <http://e/p> " + string.Concat(Enumerable.Repeat("[ <http://e/p> ", depth)) + "1" + new string(']', depth) + " .",
            RdfFormat.RdfXml => "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">"
                + string.Concat(Enumerable.Repeat("<e:T><e:p>", depth)) + string.Concat(Enumerable.Repeat("</e:p></e:T>", depth)) + "</rdf:RDF>",
            _ => string.Concat(Enumerable.Repeat("{\"http://e/p\": ", depth)) + "1" + new string('}', depth),
        };
        Assert.True(RdfReader.Read(Nested(100), format, RdfSamples.Base).Count >= 99);
        var e = Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(Nested(1000), format, RdfSamples.Base));
        Assert.Equal("rdf.syntax.too-deep", e.Key);
        Assert.Equal([RdfReader.MaxDepth], e.Args);
        Assert.Equal(1, e.Line);
        // Collections and arrays too.
        var deep = format switch
        {
            RdfFormat.Turtle => "<http://e/s> <http://e/p> " + new string('(', 1000) + new string(')', 1000) + " .",
            RdfFormat.RdfXml => "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\"><e:T>"
                + string.Concat(Enumerable.Repeat("<e:p rdf:parseType=\"Resource\">", 1000)) + string.Concat(Enumerable.Repeat("</e:p>", 1000)) + "</e:T></rdf:RDF>",
            _ => "{\"http://e/p\": " + new string('[', 1000) + new string(']', 1000) + "}",
        };
        Assert.Equal("rdf.syntax.too-deep", Assert.Throws<RdfSyntaxException>(() => RdfReader.Read(deep, format, RdfSamples.Base)).Key);
    }

    // ---------------------------------------------------------------- independent parsers

    /// <summary>
    /// Every sample document, and what Socle's writers and rdflib's (another style: pretty-xml nests nodes, its Turtle
    /// uses [] and ( )) write, read by this reader, by rapper (Turtle, RDF/XML) and by rdflib: one graph each time.
    /// Two Python processes in all, so the test stays quick.
    /// </summary>
    [Fact]
    public void Documents_read_as_rapper_and_rdflib_read_them()
    {
        RdfParsers.RequireTools();
        using var folder = new TempFolder();
        var documents = new (string Name, RdfFormat Format, string Text)[]
        {
            ("features.ttl", RdfFormat.Turtle, RdfSamples.TurtleFeatures),
            ("dcat.ttl", RdfFormat.Turtle, RdfSamples.DcatTurtle),
            ("socle.ttl", RdfFormat.Turtle, RdfWriter.Turtle(SampleGraph())),
            ("short.ttl", RdfFormat.Turtle, "<http://e/s> <http://e/p> \"x\" , 'y' ; <http://e/q> [ <http://e/r> ( 1 2.0 3E0 ) ] ."),
            ("features.rdf", RdfFormat.RdfXml, RdfSamples.RdfXmlFeatures),
            ("dcat.rdf", RdfFormat.RdfXml, RdfSamples.DcatRdfXml),
            ("socle.rdf", RdfFormat.RdfXml, RdfWriter.RdfXml(SampleGraph())),
            ("features.jsonld", RdfFormat.JsonLd, RdfSamples.JsonLdFeatures),
            ("dcat.jsonld", RdfFormat.JsonLd, RdfSamples.DcatJsonLd),
            ("socle.jsonld", RdfFormat.JsonLd, RdfWriter.JsonLd(SampleGraph())),
        };
        static string RdfLibFormat(RdfFormat f) => f switch { RdfFormat.Turtle => "turtle", RdfFormat.RdfXml => "xml", _ => "json-ld" };
        var pairs = new List<(string, string, string, string)>();
        void Check(string path, RdfFormat format)
        {
            var mine = path + ".mine.nt";
            var graph = RdfReader.Read(File.ReadAllText(path), format, RdfSamples.Base);
            Assert.True(graph.Count > 0, path);
            File.WriteAllText(mine, NTriples(graph), new UTF8Encoding(false));
            pairs.Add((mine, path, RdfLibFormat(format), RdfSamples.Base));
            if (format == RdfFormat.JsonLd) return;
            var rapper = path + ".rapper.nt";
            File.WriteAllText(rapper, RdfParsers.RapperNTriples(path, format == RdfFormat.Turtle ? "turtle" : "rdfxml", RdfSamples.Base), new UTF8Encoding(false));
            pairs.Add((mine, rapper, "nt", ""));
        }

        // rdflib's own serialisations of the samples (Turtle's feature document has \b and \f, which XML cannot carry).
        var outputs = new (string RdfLib, RdfFormat Format)[] { ("turtle", RdfFormat.Turtle), ("pretty-xml", RdfFormat.RdfXml), ("xml", RdfFormat.RdfXml), ("json-ld", RdfFormat.JsonLd) };
        var written = new List<(string, string, string, string, string)>();
        foreach (var (name, format, text) in documents)
        {
            var path = Path.Combine(folder.Path, name);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            if (name.StartsWith("dcat", StringComparison.Ordinal) || name is "features.rdf" or "features.jsonld")
                foreach (var (rdflib, _) in outputs) written.Add((path, RdfLibFormat(format), RdfSamples.Base, rdflib, $"{path}.by-rdflib.{rdflib}"));
        }
        RdfParsers.RdfLibWrite([.. written]);

        foreach (var (name, format, _) in documents) Check(Path.Combine(folder.Path, name), format);
        foreach (var (_, _, _, rdflib, path) in written) Check(path, outputs.Single(o => o.RdfLib == rdflib).Format);
        var verdicts = RdfParsers.RdfLibSame([.. pairs]);
        Assert.Equal(pairs.Count, verdicts.Length);
        Assert.All(verdicts, v => Assert.Equal("same", v));
    }

    // ---------------------------------------------------------------- DCAT catalogues

    [Fact]
    public void A_dcat_catalogue_page_in_each_syntax_answers_a_harvester_s_questions()
    {
        var ttl = RdfReader.Read(RdfSamples.DcatTurtle, RdfFormat.Turtle, "https://portail.example.fr/catalog.ttl");
        var datasets = ttl.SubjectsOfType(Dcat + "Dataset").ToList();
        Assert.Equal([Iri("https://portail.example.fr/datasets/qualite-eau/"), Iri("https://portail.example.fr/datasets/budget-2024/")], datasets);
        var water = datasets[0];
        Assert.Equal(["Qualité de l'eau potable@fr", "Drinking water quality@en"],
            ttl.Objects(water, Dct + "title").Cast<RdfLiteral>().Select(l => l.Value + "@" + l.Lang));
        Assert.StartsWith("Résultats du contrôle sanitaire des eaux distribuées.\nMise à jour mensuelle ; « guillemets » et \"échappements\".",
            ((RdfLiteral)ttl.Object(water, Dct + "description")!).Value);
        var contact = ttl.Object(water, Dcat + "contactPoint")!;
        Assert.IsType<RdfBlank>(contact);
        Assert.Equal(Iri("mailto:donnees@region.example.fr"), ttl.Object(contact, "http://www.w3.org/2006/vcard/ns#hasEmail"));
        var distributions = ttl.Objects(water, Dcat + "distribution").ToList();
        Assert.Equal(2, distributions.Count);
        Assert.Equal(Iri("https://files.example.fr/eau/resultats%202024.csv"), ttl.Object(distributions[0], Dcat + "downloadURL"));
        Assert.Equal(new RdfLiteral("1048576", null, Xsd + "decimal"), ttl.Object(distributions[0], Dcat + "byteSize"));
        Assert.Equal(datasets, ttl.Subjects(Dct + "publisher", Iri("https://portail.example.fr/organizations/region/")).Where(s => s != Iri("https://portail.example.fr/catalog")));
        var view = ttl.SubjectsOfType("http://www.w3.org/ns/hydra/core#PartialCollectionView").Single();
        Assert.Equal(Iri("https://portail.example.fr/catalog.ttl?page=2&page_size=2"), ttl.Object(view, "http://www.w3.org/ns/hydra/core#next"));
        Assert.Null(ttl.Object(view, "http://www.w3.org/ns/hydra/core#previous"));
        Assert.Empty(ttl.Objects(view, "http://www.w3.org/ns/hydra/core#previous"));
        Assert.Contains(ttl.About(water), t => t.Predicate == Dcat + "theme");

        var xml = RdfReader.Read(RdfSamples.DcatRdfXml, RdfFormat.RdfXml, "https://ckan.example.org/catalog.xml");
        Assert.Equal([Iri("https://ckan.example.org/dataset/8a7c0f2e-air-quality"), Iri("https://ckan.example.org/dataset/bike-counts")],
            xml.SubjectsOfType(Dcat + "Dataset"));
        var air = xml.SubjectsOfType(Dcat + "Dataset").First();
        Assert.Equal(new RdfLiteral("Hourly NO2 & PM10 values from the city's stations <raw>.", null, null), xml.Object(air, Dct + "description"));
        var bikes = xml.Object(Iri("https://ckan.example.org/dataset/bike-counts"), Dcat + "distribution")!;
        Assert.Equal(Iri("https://ckan.example.org/api/bikes"), xml.Object(bikes, Dcat + "accessURL"));

        var json = RdfReader.Read(RdfSamples.DcatJsonLd, RdfFormat.JsonLd, "https://www.data.example.fr/catalog.jsonld");
        Assert.Equal([Iri("https://www.data.example.fr/datasets/abc/"), Iri("https://www.data.example.fr/datasets/def/")], json.SubjectsOfType(Dcat + "Dataset"));
        var trees = Iri("https://www.data.example.fr/datasets/abc/");
        Assert.Equal(new RdfLiteral("2024-06-01T12:00:00", null, Xsd + "dateTime"), json.Object(trees, Dct + "modified"));
        Assert.Equal(Iri("https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
            json.Object(json.Object(trees, Dcat + "distribution")!, Dct + "license"));
        Assert.Equal(new RdfLiteral("3", null, Xsd + "integer"),
            json.Object(Iri("https://www.data.example.fr/catalog.jsonld?page=1&page_size=2"), "http://www.w3.org/ns/hydra/core#totalItems"));
    }

    /// <summary>A 20,000-dataset catalogue page (100,001 triples), as each syntax writes it.</summary>
    private static string BigCatalogue(RdfFormat format)
    {
        const int datasets = 20_000;
        var sb = new StringBuilder();
        string D(int i) => $"https://big.example.org/datasets/{i}/";
        switch (format)
        {
            case RdfFormat.Turtle:
                sb.Append("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n<https://big.example.org/catalog> a dcat:Catalog .\n");
                for (var i = 0; i < datasets; i++)
                    sb.Append($"<https://big.example.org/catalog> dcat:dataset <{D(i)}> .\n<{D(i)}> a dcat:Dataset ; dct:title \"Jeu n° {i}\"@fr ; dct:identifier \"{i}\" ; dcat:keyword \"k{i % 100}\" .\n");
                break;
            case RdfFormat.RdfXml:
                sb.Append("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\" xmlns:dct=\"http://purl.org/dc/terms/\">\n<dcat:Catalog rdf:about=\"https://big.example.org/catalog\">\n");
                for (var i = 0; i < datasets; i++)
                    sb.Append($"<dcat:dataset><dcat:Dataset rdf:about=\"{D(i)}\"><dct:title xml:lang=\"fr\">Jeu n° {i}</dct:title><dct:identifier>{i}</dct:identifier><dcat:keyword>k{i % 100}</dcat:keyword></dcat:Dataset></dcat:dataset>\n");
                sb.Append("</dcat:Catalog>\n</rdf:RDF>\n");
                break;
            default:
                sb.Append("{\"@context\": {\"dcat\": \"http://www.w3.org/ns/dcat#\", \"dct\": \"http://purl.org/dc/terms/\", \"title\": {\"@id\": \"dct:title\", \"@language\": \"fr\"}},\n \"@graph\": [\n");
                sb.Append("{\"@id\": \"https://big.example.org/catalog\", \"@type\": \"dcat:Catalog\", \"dcat:dataset\": [");
                for (var i = 0; i < datasets; i++) sb.Append(i == 0 ? "" : ", ").Append($"{{\"@id\": \"{D(i)}\"}}");
                sb.Append("]}");
                for (var i = 0; i < datasets; i++)
                    sb.Append($",\n{{\"@id\": \"{D(i)}\", \"@type\": \"dcat:Dataset\", \"title\": \"Jeu n° {i}\", \"dct:identifier\": \"{i}\", \"dcat:keyword\": \"k{i % 100}\"}}");
                sb.Append("]}\n");
                break;
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData(RdfFormat.Turtle)]
    [InlineData(RdfFormat.RdfXml)]
    [InlineData(RdfFormat.JsonLd)]
    public void A_hundred_thousand_triples_are_read_and_looked_up_through_the_index(RdfFormat format)
    {
        var g = RdfReader.Read(BigCatalogue(format), format, "https://big.example.org/catalog");
        Assert.Equal(100_001, g.Count);
        var catalog = Iri("https://big.example.org/catalog");
        // 100,000 lookups, each about a subject with 20,000 triples or an object with 20,000 subjects: a scan per lookup
        // would take minutes, the index takes milliseconds (the bound is loose for loaded machines).
        var clock = Stopwatch.StartNew();
        var found = 0;
        foreach (var d in g.SubjectsOfType(Dcat + "Dataset"))
            for (var i = 0; i < 5; i++)
                if (g.Object(d, Dct + "title") is RdfLiteral { Lang: "fr" } && g.Object(catalog, Dct + "title") is null
                    && g.Subjects(Dcat + "dataset", d).Single() == catalog && g.Object(catalog, Dcat + "dataset") is not null) found++;
        clock.Stop();
        Assert.Equal(100_000, found);
        Assert.True(clock.ElapsedMilliseconds < 10_000, $"{format}: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(20_000, g.Objects(catalog, Dcat + "dataset").Count());
        Assert.Equal(200, g.Subjects(Dcat + "keyword", RdfTerm.Text("k7")).Count());
        Assert.Equal(Iri("https://big.example.org/datasets/0/"), g.SubjectsOfType(Dcat + "Dataset").First());
    }

    // ---------------------------------------------------------------- round trips and the graph

    /// <summary>A graph with what escapes differently in each syntax.</summary>
    private static RdfGraph SampleGraph(bool xmlSafe = true)
    {
        var g = new RdfGraph();
        var s = RdfTerm.Iri("https://example.org/datasets/a b/<x>?q=\"1\"&r={2}|^`\\é");
        var blank = g.NewBlank();
        g.Type(s, "dcat:Dataset");
        g.Add(s, "dct:title", RdfTerm.Text("Guillemets \"doubles\" et 'simples', barre \\ oblique", "fr"));
        g.Add(s, "dct:description", RdfTerm.Text(xmlSafe ? "Ligne 1\nLigne 2\tTab — ünïcødé 😀 <b>&amp;</b> ]]>" : "Ligne 1\r\nLigne 2\u0001"));
        g.Add(s, "dct:title", RdfTerm.Text("Quotes", "en-GB"));
        g.Add(s, "dcat:byteSize", RdfTerm.Typed("1024", Xsd + "integer"));
        g.Add(s, "dct:issued", RdfTerm.Typed("2024-01-02", Xsd + "date"));
        g.Add(s, "dcat:keyword", RdfTerm.Text("@context"));
        g.Add(s, "dcat:keyword", RdfTerm.Text("_:not-a-blank"));
        g.Add(s, "dcat:contactPoint", blank);
        g.Type(blank, "vcard:Kind");
        g.Add(blank, "vcard:fn", RdfTerm.Text("Contact"));
        g.Add(blank, "vcard:hasEmail", RdfTerm.Iri("mailto:a@example.org"));
        g.Add(s, "dct:spatial", g.NewBlank());
        g.Add(s, "dcat:landingPage", RdfTerm.Iri("urn:isbn:978-2-07-036822-8"));
        return g;
    }

    [Theory]
    [InlineData(RdfFormat.Turtle)]
    [InlineData(RdfFormat.RdfXml)]
    [InlineData(RdfFormat.JsonLd)]
    public void What_the_writers_write_reads_back_as_the_same_graph(RdfFormat format)
    {
        var g = SampleGraph();
        var text = format switch { RdfFormat.Turtle => RdfWriter.Turtle(g), RdfFormat.RdfXml => RdfWriter.RdfXml(g), _ => RdfWriter.JsonLd(g) };
        Assert.Equal(format, RdfReader.Sniff(text));
        var read = RdfReader.Read(text, format, "http://unused.example.org/");
        AssertSameGraph(Lines(g, lowerCaseLanguages: true), Lines(read));
        if (format == RdfFormat.RdfXml) return;
        // Turtle and JSON-LD carry any character; XML 1.0 cannot carry most control characters, which its writer drops.
        var raw = SampleGraph(xmlSafe: false);
        var rawText = format == RdfFormat.Turtle ? RdfWriter.Turtle(raw) : RdfWriter.JsonLd(raw);
        AssertSameGraph(Lines(raw, lowerCaseLanguages: true), Lines(RdfReader.Read(rawText, format, "http://unused.example.org/")));
    }

    [Fact]
    public void The_graph_is_a_set_indexed_by_subject_predicate_and_object()
    {
        var g = new RdfGraph();
        var s = RdfTerm.Iri("http://example.org/s");
        g.Add(s, "dct:title", RdfTerm.Text("a"));
        g.Add(s, "dct:title", RdfTerm.Text("a"));
        g.Add(s, "dct:title", RdfTerm.Text(""));
        Assert.True(g.AddTriple(s, "urn:example:p", RdfTerm.Text("")));
        Assert.False(g.AddTriple(s, "urn:example:p", RdfTerm.Text("")));
        Assert.Equal(2, g.Count);
        Assert.Equal(RdfTerm.Text("a"), g.Object(s, Dct + "title"));
        Assert.Equal(RdfTerm.Text(""), g.Object(s, "urn:example:p"));
        Assert.Null(g.Object(s, Dct + "description"));
        Assert.Equal([s, s], g.About(s).Select(t => t.Subject));
        Assert.True(g.Describes(s));
        Assert.Throws<ArgumentException>(() => g.Add(s, "nope:title", RdfTerm.Text("x")));

        // Two documents read into one graph keep their blank nodes apart, and apart from NewBlank's.
        var both = new RdfGraph();
        var mine = both.NewBlank();
        RdfReader.Read("_:b1 <http://e/p> \"first\" .", RdfFormat.Turtle, RdfSamples.Base, both);
        RdfReader.Read("_:b1 <http://e/p> \"second\" .", RdfFormat.Turtle, RdfSamples.Base, both);
        RdfReader.Read("{\"@id\": \"_:b1\", \"http://e/p\": \"third\"}", RdfFormat.JsonLd, RdfSamples.Base, both);
        RdfReader.Read("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:nodeID=\"b1\" xmlns:e=\"http://e/\" e:p=\"fourth\"/></rdf:RDF>",
            RdfFormat.RdfXml, RdfSamples.Base, both);
        var subjects = both.Triples.Select(t => t.Subject).ToList();
        Assert.Equal(4, subjects.Distinct().Count());
        Assert.DoesNotContain(mine, subjects);
        Assert.DoesNotContain(both.NewBlank(), subjects);
    }

    [Theory]
    [InlineData("text/turtle; charset=utf-8", RdfFormat.Turtle)]
    [InlineData("application/x-turtle", RdfFormat.Turtle)]
    [InlineData("Application/N-Triples", RdfFormat.Turtle)]
    [InlineData("application/rdf+xml", RdfFormat.RdfXml)]
    [InlineData("application/xml;charset=UTF-8", RdfFormat.RdfXml)]
    [InlineData("text/xml", RdfFormat.RdfXml)]
    [InlineData("application/ld+json; profile=\"http://www.w3.org/ns/json-ld#compacted\"", RdfFormat.JsonLd)]
    [InlineData(" application/json ", RdfFormat.JsonLd)]
    [InlineData("text/html", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_format_comes_from_the_media_type(string? contentType, RdfFormat? expected) =>
        Assert.Equal(expected, RdfReader.FromMediaType(contentType));

    [Theory]
    [InlineData("\uFEFF  {\"@graph\": []}", RdfFormat.JsonLd)]
    [InlineData("[{\"@id\": \"x\"}]", RdfFormat.JsonLd)]
    [InlineData("<?xml version=\"1.0\"?><rdf:RDF/>", RdfFormat.RdfXml)]
    [InlineData("\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", RdfFormat.RdfXml)]
    [InlineData("<!-- catalogue -->\n<rdf:RDF/>", RdfFormat.RdfXml)]
    [InlineData("<dcat:Catalog xmlns:dcat=\"http://www.w3.org/ns/dcat#\">\n</dcat:Catalog>", RdfFormat.RdfXml)]
    [InlineData("<http://example.org/s> <http://example.org/p> <http://example.org/o> .", RdfFormat.Turtle)]
    [InlineData("<s> <p> <o> .", RdfFormat.Turtle)]
    [InlineData("@prefix dcat: <http://www.w3.org/ns/dcat#> .", RdfFormat.Turtle)]
    [InlineData("# comment\n<s> <p> 1 .", RdfFormat.Turtle)]
    [InlineData("", RdfFormat.Turtle)]
    public void The_format_is_sniffed_when_the_media_type_says_nothing(string text, RdfFormat expected) =>
        Assert.Equal(expected, RdfReader.Sniff(text));

    [Theory]
    // RFC 3986 §5.4.1 and §5.4.2, against the base http://a/b/c/d;p?q.
    [InlineData("g:h", "g:h")]
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g")]
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q#s")]
    [InlineData("g#s", "http://a/b/c/g#s")]
    [InlineData("g?y#s", "http://a/b/c/g?y#s")]
    [InlineData(";x", "http://a/b/c/;x")]
    [InlineData("g;x", "http://a/b/c/g;x")]
    [InlineData("g;x?y#s", "http://a/b/c/g;x?y#s")]
    [InlineData("", "http://a/b/c/d;p?q")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("./", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    [InlineData("../../../g", "http://a/g")]
    [InlineData("../../../../g", "http://a/g")]
    [InlineData("/./g", "http://a/g")]
    [InlineData("/../g", "http://a/g")]
    [InlineData("g.", "http://a/b/c/g.")]
    [InlineData(".g", "http://a/b/c/.g")]
    [InlineData("g..", "http://a/b/c/g..")]
    [InlineData("..g", "http://a/b/c/..g")]
    [InlineData("./../g", "http://a/b/g")]
    [InlineData("./g/.", "http://a/b/c/g/")]
    [InlineData("g/./h", "http://a/b/c/g/h")]
    [InlineData("g/../h", "http://a/b/c/h")]
    [InlineData("g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://a/b/c/y")]
    [InlineData("g?y/./x", "http://a/b/c/g?y/./x")]
    [InlineData("g?y/../x", "http://a/b/c/g?y/../x")]
    [InlineData("g#s/./x", "http://a/b/c/g#s/./x")]
    [InlineData("g#s/../x", "http://a/b/c/g#s/../x")]
    [InlineData("http:g", "http:g")]
    [InlineData("é/ü", "http://a/b/c/é/ü")]
    public void Relative_iris_resolve_as_rfc_3986_says(string reference, string expected) =>
        Assert.Equal(expected, IriReference.Resolve("http://a/b/c/d;p?q", reference));

    // ---------------------------------------------------------------- helpers

    private static RdfIri Iri(string s) => new(s);

    private static readonly (string Prefix, string Ns)[] Abbreviations =
    [
        ("rdf:", Rdf), ("xsd:", Xsd), ("dcat:", Dcat), ("dct:", Dct), ("ex:", Ex),
    ];

    /// <summary>A term as in N-Triples, with the IRIs of a few vocabularies written prefixed when their local part is plain.</summary>
    private static string Show(RdfTerm t) => t switch
    {
        RdfIri i => Abbreviate(i.Value),
        RdfBlank b => "_:" + b.Label,
        RdfLiteral l => "\"" + Escape(l.Value) + "\"" + (l.Lang is not null ? "@" + l.Lang : l.Datatype is not null ? "^^" + Abbreviate(l.Datatype) : ""),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    private static string Abbreviate(string iri)
    {
        foreach (var (prefix, ns) in Abbreviations)
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri[ns.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ',' or '%' or '/'))
                return prefix + iri[ns.Length..];
        return "<" + iri + ">";
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>The triples as text; readers give language tags in lower case (RDF 1.1 allows it, harvest comparisons need it).</summary>
    private static List<(string S, string P, string O)> Lines(RdfGraph g, bool lowerCaseLanguages = false) =>
        [.. g.Triples.Select(t => (Show(t.Subject), Abbreviate(t.Predicate),
            Show(lowerCaseLanguages && t.Object is RdfLiteral { Lang: not null } l ? l with { Lang = l.Lang.ToLowerInvariant() } : t.Object)))];

    /// <summary>The graph in N-Triples, for rdflib: full IRIs, escapes as N-Triples has them.</summary>
    private static string NTriples(RdfGraph g)
    {
        static string Term(RdfTerm t) => t switch
        {
            RdfIri i => "<" + i.Value + ">",
            RdfBlank b => "_:" + b.Label,
            RdfLiteral l => "\"" + Escape(l.Value) + "\"" + (l.Lang is not null ? "@" + l.Lang : l.Datatype is not null ? "^^<" + l.Datatype + ">" : ""),
            _ => throw new ArgumentOutOfRangeException(nameof(t)),
        };
        var sb = new StringBuilder();
        foreach (var t in g.Triples) sb.Append(Term(t.Subject)).Append(" <").Append(t.Predicate).Append("> ").Append(Term(t.Object)).Append(" .\n");
        return sb.ToString();
    }

    private static void AssertGraph(RdfGraph g, string expected)
    {
        var lines = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l =>
            {
                var body = l.EndsWith(" .", StringComparison.Ordinal) ? l[..^2] : l;
                var first = body.IndexOf(' ');
                var second = body.IndexOf(' ', first + 1);
                return (body[..first], body[(first + 1)..second], body[(second + 1)..]);
            }).ToList();
        AssertSameGraph(lines, Lines(g));
    }

    private static void AssertSameGraph(List<(string S, string P, string O)> expected, List<(string S, string P, string O)> actual)
    {
        if (Isomorphic(expected, actual)) return;
        static string Dump(IEnumerable<(string S, string P, string O)> ts) => string.Join("\n", ts.Select(t => $"{t.S} {t.P} {t.O} .").Order(StringComparer.Ordinal));
        var groundExpected = expected.Where(t => !t.S.StartsWith("_:", StringComparison.Ordinal) && !t.O.StartsWith("_:", StringComparison.Ordinal)).ToHashSet();
        var groundActual = actual.Where(t => !t.S.StartsWith("_:", StringComparison.Ordinal) && !t.O.StartsWith("_:", StringComparison.Ordinal)).ToHashSet();
        Assert.Fail($"""
            not the same graph ({expected.Count} triples expected, {actual.Count} read)
            -- ground triples expected, not read:
            {Dump(groundExpected.Except(groundActual))}
            -- ground triples read, not expected:
            {Dump(groundActual.Except(groundExpected))}
            -- all read:
            {Dump(actual)}
            """);
    }

    /// <summary>Graph isomorphism for small graphs: blank nodes coloured by their surroundings, then matched by backtracking.</summary>
    private static bool Isomorphic(List<(string S, string P, string O)> a, List<(string S, string P, string O)> b)
    {
        var setA = a.ToHashSet();
        var setB = b.ToHashSet();
        if (setA.Count != setB.Count || setA.Count != a.Count || setB.Count != b.Count) return false;
        static bool IsBlank(string t) => t.StartsWith("_:", StringComparison.Ordinal);
        static Dictionary<string, string> Colours(HashSet<(string S, string P, string O)> g)
        {
            var blanks = g.SelectMany(t => new[] { t.S, t.O }).Where(IsBlank).Distinct().ToList();
            var colour = blanks.ToDictionary(x => x, _ => "");
            for (var round = 0; round < 4; round++)
                colour = blanks.ToDictionary(x => x, x => string.Join("|", g.Where(t => t.S == x || t.O == x).Select(t =>
                    (t.S == x ? "s" : "o") + " " + t.P + " " + (t.S == x ? (IsBlank(t.O) ? (t.O == x ? "self" : "b" + colour[t.O]) : t.O) : (IsBlank(t.S) ? "b" + colour[t.S] : t.S)))
                    .Order(StringComparer.Ordinal)).GetHashCode().ToString(CultureInfo.InvariantCulture));
            return colour;
        }
        var ca = Colours(setA);
        var cb = Colours(setB);
        if (!ca.Values.Order().SequenceEqual(cb.Values.Order())) return false;
        if (!setA.Where(t => !IsBlank(t.S) && !IsBlank(t.O)).ToHashSet().SetEquals(setB.Where(t => !IsBlank(t.S) && !IsBlank(t.O)))) return false;
        var order = ca.Keys.ToList();
        var map = new Dictionary<string, string>();
        var used = new HashSet<string>();
        string M(string t) => IsBlank(t) ? map.GetValueOrDefault(t, "?") : t;
        bool Consistent() => setA.All(t => M(t.S) == "?" || M(t.O) == "?" || setB.Contains((M(t.S), t.P, M(t.O))));
        bool Search(int i)
        {
            if (i == order.Count) return setA.All(t => setB.Contains((M(t.S), t.P, M(t.O))));
            foreach (var candidate in cb.Where(kv => kv.Value == ca[order[i]] && !used.Contains(kv.Key)).Select(kv => kv.Key))
            {
                map[order[i]] = candidate;
                used.Add(candidate);
                if (Consistent() && Search(i + 1)) return true;
                map.Remove(order[i]);
                used.Remove(candidate);
            }
            return false;
        }
        return Search(0);
    }
}
