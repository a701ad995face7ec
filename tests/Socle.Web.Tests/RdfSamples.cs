namespace Socle.Web.Tests;

/// <summary>
/// Documents for the RDF readers' tests: one per syntax exercising its features, and a DCAT-AP catalogue page in each
/// syntax as portals publish them (a data.gouv.fr-like Turtle page with Hydra paging, a ckanext-dcat-like RDF/XML
/// document, a JSON-LD @graph with an inline context). Written for these tests from the specifications.
/// </summary>
internal static class RdfSamples
{
    public const string Base = "http://example.org/doc/catalog.ttl";

    public const string TurtleFeatures = """"
        # A comment before anything.
        @prefix ex: <http://example.org/> .
        @prefix : <http://example.org/default#> .
        PREFIX dct: <http://purl.org/dc/terms/>
        prefix xsd: <http://www.w3.org/2001/XMLSchema#>
        @base <http://example.org/base/> .
        BASE <sub/>

        <rel> a ex:Thing ; ex:p ex:o1 , ex:o2 ; .   # a trailing ';'
        :local.with.dots ex:q ex:a\,b , ex:c\/d , ex:e%20f , ex:123 , ex: .
        ex:s ex:str "double" , 'single' , """long "with" quotes
        and a new line""" , '''long 'single'
        ''' , "" ;
          ex:esc "t\tn\nr\rb\bf\f\"q\" \'s\' \\ \u00e9 \U0001F600" ;
          ex:lang "chat"@fr , "cat"@EN-gb ;
          ex:typed "2024-01-01"^^xsd:date , "x"^^<http://example.org/dt> , "plain"^^xsd:string ;
          ex:num 1 , -2 , +3 , 4.5 , -.5 , 1e3 , 1.5E-2 , 2.E1 , true , false ;
          ex:blank _:b1 , [] , [ ex:inner "v" ; ex:deeper [ ex:x 1 ] ; ] ;
          ex:list ( 1 "two" ex:three ( ) [ ex:in 4 ] ) , () .
        _:b1 ex:label "b1" .
        [ ex:anonSubject true ] .
        [ ex:anonSubject2 1 ] ex:more 2 .
        ( ex:a ex:b ) ex:isList true .
        <http://example.org/\u0041bs> ex:p <#frag> , <../up> , <?q> , <> .
        ex:s ex:p 1.
        ex:end ex:p ex:o.
        """";

    public const string RdfXmlFeatures = """
        <?xml version="1.0" encoding="utf-8"?>
        <!DOCTYPE rdf:RDF [
          <!ENTITY ex "http://example.org/">
          <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">
        ]>
        <!-- A comment. -->
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="&ex;" xmlns:dct="http://purl.org/dc/terms/"
                 xml:base="http://example.org/base/doc">
          <ex:Thing rdf:about="thing1" ex:attr="attribute value">
            <dct:title xml:lang="FR">Titre</dct:title>
            <dct:title>Sans langue</dct:title>
            <ex:count rdf:datatype="&xsd;integer">42</ex:count>
            <ex:link rdf:resource="../other#x"/>
            <ex:ref rdf:nodeID="n1"/>
            <ex:empty/>
            <ex:spaces>  keep  </ex:spaces>
            <ex:nested>
              <ex:Inner ex:inA="a">
                <ex:deep>d</ex:deep>
              </ex:Inner>
            </ex:nested>
            <ex:res rdf:parseType="Resource">
              <ex:r1>one</ex:r1>
              <ex:r2 rdf:resource="http://example.org/r2"/>
            </ex:res>
            <ex:coll rdf:parseType="Collection">
              <rdf:Description rdf:about="http://example.org/c1"/>
              <ex:Item rdf:nodeID="n1"/>
            </ex:coll>
            <ex:emptyColl rdf:parseType="Collection"/>
            <rdf:li>first</rdf:li>
            <rdf:li>second</rdf:li>
            <ex:withProps ex:p1="v1" rdf:type="http://example.org/T"/>
            <ex:withPropsRes rdf:resource="http://example.org/wr" ex:p2="v2"/>
            <ex:stated rdf:ID="st1">reified</ex:stated>
            <ex:typedEmpty rdf:datatype="&xsd;string"></ex:typedEmpty>
            <ex:escaped>&lt;b&gt; &amp; "quotes" 'apos' é</ex:escaped>
            <ex:cdata><![CDATA[<raw> & text]]></ex:cdata>
          </ex:Thing>
          <rdf:Description rdf:nodeID="n1" ex:label="node one"/>
          <rdf:Description>
            <ex:anonymous>yes</ex:anonymous>
          </rdf:Description>
          <rdf:Description rdf:ID="local" xml:base="http://example.org/other/">
            <ex:relative rdf:resource="x/y"/>
          </rdf:Description>
          <ex:Lang xml:lang="de" rdf:about="http://example.org/lang">
            <ex:inherits>Hallo</ex:inherits>
            <ex:reset xml:lang="">kein</ex:reset>
            <ex:inner>
              <rdf:Description rdf:about="http://example.org/lang2">
                <ex:still>noch</ex:still>
              </rdf:Description>
            </ex:inner>
          </ex:Lang>
        </rdf:RDF>
        """;

    public const string JsonLdFeatures = """
        {
          "@context": {
            "@vocab": "http://example.org/vocab#",
            "@base": "http://example.org/base/",
            "@language": "fr",
            "ex": "http://example.org/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "dct": "http://purl.org/dc/terms/",
            "id": "@id",
            "type": "@type",
            "title": {"@id": "dct:title"},
            "name": {"@id": "ex:name", "@language": null},
            "issued": {"@id": "dct:issued", "@type": "xsd:date"},
            "link": {"@id": "ex:link", "@type": "@id"},
            "kind": {"@id": "ex:kind", "@type": "@vocab"},
            "Big": "ex:BigThing",
            "tags": {"@id": "ex:tag", "@container": "@set"},
            "steps": {"@id": "ex:steps", "@container": "@list"},
            "label": {"@id": "ex:label", "@container": "@language"},
            "parent": {"@reverse": "ex:child"},
            "nothing": null
          },
          "@graph": [
            {
              "id": "thing1",
              "type": ["Big", "ex:Other", "Local"],
              "title": "Titre",
              "name": "sans langue",
              "issued": "2024-05-01",
              "link": "../other",
              "kind": "Big",
              "tags": ["a", "b"],
              "steps": ["one", 2, true, {"@id": "ex:step"}],
              "label": {"fr": "étiquette", "en": ["label", "tag"]},
              "parent": {"@id": "ex:mother"},
              "nothing": "dropped",
              "undefinedTerm": "expanded with @vocab",
              "ex:nested": {"ex:deep": {"@value": "typed", "@type": "ex:dt"}},
              "ex:explicitLang": {"@value": "hello", "@language": "en"},
              "ex:emptyList": {"@list": []},
              "ex:numbers": [1, -2, 1.5, 0.25],
              "ex:escapes": "quote \" backslash \\ tab \t new line \n é 😀",
              "@reverse": {"ex:knows": {"@id": "_:friend"}},
              "ex:friend": {"@id": "_:friend", "ex:nick": "ami"}
            },
            {"@id": "_:friend", "ex:age": 42},
            {"@id": "ex:anon", "ex:child": {"ex:name": "blank child", "ex:v": {"@value": "x", "@type": "xsd:string"}}}
          ]
        }
        """;

    /// <summary>A page of a data.gouv.fr-like <c>/catalog.ttl</c>: catalogue, Hydra view, datasets with distributions.</summary>
    public const string DcatTurtle = """"
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
        @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix spdx: <http://spdx.org/rdf/terms#> .
        @prefix adms: <http://www.w3.org/ns/adms#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .

        <https://portail.example.fr/catalog> a dcat:Catalog ;
            dct:title "Portail régional des données"@fr ;
            dct:description "Catalogue des données ouvertes de la région."@fr ;
            dct:language <http://publications.europa.eu/resource/authority/language/FRA> ;
            foaf:homepage <https://portail.example.fr/> ;
            dct:publisher <https://portail.example.fr/organizations/region/> ;
            dcat:dataset <https://portail.example.fr/datasets/qualite-eau/> , <https://portail.example.fr/datasets/budget-2024/> .

        <https://portail.example.fr/catalog.ttl?page=1&page_size=2> a hydra:PartialCollectionView ;
            hydra:first <https://portail.example.fr/catalog.ttl?page=1&page_size=2> ;
            hydra:last <https://portail.example.fr/catalog.ttl?page=3&page_size=2> ;
            hydra:next <https://portail.example.fr/catalog.ttl?page=2&page_size=2> ;
            hydra:totalItems 5 ;
            hydra:itemsPerPage 2 .

        <https://portail.example.fr/organizations/region/> a foaf:Organization ;
            foaf:name "Région Exemple" ;
            foaf:homepage <https://www.region.example.fr/> .

        <https://portail.example.fr/datasets/qualite-eau/> a dcat:Dataset ;
            dct:identifier "5f0c9a2e-0d4b-4b8e-9a55-3c2f1e7a9b10" ;
            dct:title "Qualité de l'eau potable"@fr , "Drinking water quality"@en ;
            dct:description """Résultats du contrôle sanitaire des eaux distribuées.
        Mise à jour mensuelle ; « guillemets » et \"échappements\"."""@fr ;
            dcat:keyword "eau"@fr , "santé"@fr , "water"@en ;
            dcat:theme <http://publications.europa.eu/resource/authority/data-theme/HEAL> ;
            dct:issued "2019-03-01T09:30:00+01:00"^^xsd:dateTime ;
            dct:modified "2024-11-02"^^xsd:date ;
            dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY> ;
            dct:publisher <https://portail.example.fr/organizations/region/> ;
            dcat:landingPage <https://portail.example.fr/datasets/qualite-eau/> ;
            dct:spatial [ a dct:Location ; skos:prefLabel "Région Exemple" ; dcat:bbox "POLYGON((1 43,4 43,4 45,1 45,1 43))"^^<http://www.opengis.net/ont/geosparql#wktLiteral> ] ;
            dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019-01-01"^^xsd:date ; dcat:endDate "2024-10-31"^^xsd:date ] ;
            dcat:contactPoint [ a vcard:Kind ; vcard:fn "Service des données" ; vcard:hasEmail <mailto:donnees@region.example.fr> ] ;
            adms:identifier [ a adms:Identifier ; skos:notation "ARS-EAU-01" ] ;
            dcat:distribution <https://portail.example.fr/datasets/r/1b2c>, <https://portail.example.fr/datasets/r/3d4e> .

        <https://portail.example.fr/datasets/r/1b2c> a dcat:Distribution ;
            dct:title "Résultats 2024 (CSV)" ;
            dcat:accessURL <https://portail.example.fr/datasets/r/1b2c> ;
            dcat:downloadURL <https://files.example.fr/eau/resultats%202024.csv> ;
            dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
            dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
            dcat:byteSize "1048576"^^xsd:decimal ;
            dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence/> ;
            dct:conformsTo <https://schema.data.gouv.fr/schemas/etalab/eau/0.1.0/schema.json> ;
            spdx:checksum [ a spdx:Checksum ;
                spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                spdx:checksumValue "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"^^xsd:hexBinary ] .

        <https://portail.example.fr/datasets/r/3d4e> a dcat:Distribution ;
            dct:title "API" ;
            dcat:accessURL <https://api.example.fr/eau/> ;
            dct:format <http://publications.europa.eu/resource/authority/file-type/JSON> .

        <https://portail.example.fr/datasets/budget-2024/> a dcat:Dataset ;
            dct:identifier "budget-2024" ;
            dct:title "Budget primitif 2024" ;
            dcat:keyword "budget", "finances" ;
            dct:publisher <https://portail.example.fr/organizations/region/> ;
            dct:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence/> ;
            dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://files.example.fr/budget.xlsx> ; dct:title "Budget (Excel)" ] .
        """";

    /// <summary>A ckanext-dcat-like RDF/XML document: rdf:Description nodes with nested typed nodes.</summary>
    public const string DcatRdfXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <rdf:RDF
          xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
          xmlns:dcat="http://www.w3.org/ns/dcat#"
          xmlns:dct="http://purl.org/dc/terms/"
          xmlns:foaf="http://xmlns.com/foaf/0.1/"
          xmlns:vcard="http://www.w3.org/2006/vcard/ns#"
          xmlns:adms="http://www.w3.org/ns/adms#"
          xmlns:owl="http://www.w3.org/2002/07/owl#"
          xmlns:spdx="http://spdx.org/rdf/terms#"
          xmlns:hydra="http://www.w3.org/ns/hydra/core#"
        >
          <rdf:Description rdf:about="https://ckan.example.org/catalog.xml?page=1">
            <rdf:type rdf:resource="http://www.w3.org/ns/hydra/core#PagedCollection"/>
            <hydra:totalItems rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">2</hydra:totalItems>
            <hydra:lastPage>https://ckan.example.org/catalog.xml?page=1</hydra:lastPage>
            <hydra:itemsPerPage rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">100</hydra:itemsPerPage>
            <hydra:firstPage>https://ckan.example.org/catalog.xml?page=1</hydra:firstPage>
          </rdf:Description>
          <dcat:Catalog rdf:about="https://ckan.example.org">
            <dct:title>CKAN Example</dct:title>
            <dct:description>Open data from the example city.</dct:description>
            <foaf:homepage rdf:resource="https://ckan.example.org"/>
            <dct:language>en</dct:language>
            <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">2024-10-05T11:24:08.123456</dct:modified>
            <dcat:dataset>
              <dcat:Dataset rdf:about="https://ckan.example.org/dataset/8a7c0f2e-air-quality">
                <owl:versionInfo>2.1</owl:versionInfo>
                <dct:identifier>8a7c0f2e-air-quality</dct:identifier>
                <dct:title>Air quality measurements</dct:title>
                <dct:description>Hourly NO2 &amp; PM10 values from the city's stations &lt;raw&gt;.</dct:description>
                <dcat:keyword>air</dcat:keyword>
                <dcat:keyword>pollution</dcat:keyword>
                <dcat:landingPage>
                  <foaf:Document rdf:about="https://city.example.org/air"/>
                </dcat:landingPage>
                <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">2021-04-12T08:00:00</dct:issued>
                <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">2024-09-30T17:45:00</dct:modified>
                <dct:publisher>
                  <foaf:Organization rdf:about="https://ckan.example.org/organization/env-dept">
                    <foaf:name>Environment department</foaf:name>
                    <foaf:mbox>env@city.example.org</foaf:mbox>
                  </foaf:Organization>
                </dct:publisher>
                <dcat:contactPoint>
                  <vcard:Organization>
                    <vcard:fn>Air team</vcard:fn>
                    <vcard:hasEmail rdf:resource="mailto:air@city.example.org"/>
                  </vcard:Organization>
                </dcat:contactPoint>
                <dct:temporal>
                  <dct:PeriodOfTime>
                    <dcat:startDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2020-01-01</dcat:startDate>
                    <dcat:endDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-12-31</dcat:endDate>
                  </dct:PeriodOfTime>
                </dct:temporal>
                <dct:spatial rdf:resource="http://sws.geonames.org/2988507/"/>
                <adms:identifier>
                  <adms:Identifier>
                    <skos:notation xmlns:skos="http://www.w3.org/2004/02/skos/core#">AQ-2021</skos:notation>
                  </adms:Identifier>
                </adms:identifier>
                <dcat:distribution>
                  <dcat:Distribution rdf:about="https://ckan.example.org/dataset/8a7c0f2e-air-quality/resource/11aa">
                    <dct:title>Measurements 2024</dct:title>
                    <dcat:accessURL rdf:resource="https://ckan.example.org/dataset/8a7c0f2e-air-quality/resource/11aa"/>
                    <dcat:downloadURL rdf:resource="https://ckan.example.org/download/air-2024.csv"/>
                    <dct:format>CSV</dct:format>
                    <dcat:mediaType>text/csv</dcat:mediaType>
                    <dcat:byteSize rdf:datatype="http://www.w3.org/2001/XMLSchema#decimal">20480.0</dcat:byteSize>
                    <dct:license rdf:resource="http://opendefinition.org/licenses/cc-by/"/>
                    <spdx:checksum>
                      <spdx:Checksum>
                        <spdx:checksumValue rdf:datatype="http://www.w3.org/2001/XMLSchema#hexBinary">d41d8cd98f00b204e9800998ecf8427e</spdx:checksumValue>
                        <spdx:algorithm rdf:resource="http://spdx.org/rdf/terms#checksumAlgorithm_md5"/>
                      </spdx:Checksum>
                    </spdx:checksum>
                  </dcat:Distribution>
                </dcat:distribution>
              </dcat:Dataset>
            </dcat:dataset>
            <dcat:dataset>
              <dcat:Dataset rdf:about="https://ckan.example.org/dataset/bike-counts">
                <dct:title>Bike counts</dct:title>
                <dcat:keyword>mobility</dcat:keyword>
                <dcat:distribution>
                  <dcat:Distribution>
                    <dcat:accessURL rdf:resource="https://ckan.example.org/api/bikes"/>
                    <dct:title>API</dct:title>
                  </dcat:Distribution>
                </dcat:distribution>
              </dcat:Dataset>
            </dcat:dataset>
          </dcat:Catalog>
        </rdf:RDF>
        """;

    /// <summary>A JSON-LD catalogue page as udata and ckanext-dcat serialise one: an inline context of prefixes, a @graph.</summary>
    public const string DcatJsonLd = """
        {
          "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "hydra": "http://www.w3.org/ns/hydra/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "Catalog": "dcat:Catalog",
            "Dataset": "dcat:Dataset",
            "Distribution": "dcat:Distribution",
            "title": "dct:title",
            "description": "dct:description",
            "modified": {"@id": "dct:modified", "@type": "xsd:dateTime"},
            "keyword": "dcat:keyword",
            "distribution": {"@id": "dcat:distribution", "@type": "@id"},
            "dataset": {"@id": "dcat:dataset", "@type": "@id"},
            "license": {"@id": "dct:license", "@type": "@id"}
          },
          "@graph": [
            {
              "@id": "https://www.data.example.fr/catalog",
              "@type": "Catalog",
              "title": "Plateforme ouverte",
              "dataset": ["https://www.data.example.fr/datasets/abc/", "https://www.data.example.fr/datasets/def/"],
              "hydra:view": {
                "@id": "https://www.data.example.fr/catalog.jsonld?page=1&page_size=2",
                "@type": "hydra:PartialCollectionView",
                "hydra:next": {"@id": "https://www.data.example.fr/catalog.jsonld?page=2&page_size=2"},
                "hydra:totalItems": 3
              }
            },
            {
              "@id": "https://www.data.example.fr/datasets/abc/",
              "@type": "Dataset",
              "dct:identifier": "abc",
              "title": [{"@value": "Arbres d'alignement", "@language": "fr"}, {"@value": "Street trees", "@language": "en"}],
              "description": "Inventaire des arbres.\nMis à jour chaque année.",
              "keyword": ["arbres", "environnement"],
              "modified": "2024-06-01T12:00:00",
              "dct:issued": {"@value": "2018-02-14", "@type": "xsd:date"},
              "dct:publisher": {"@id": "https://www.data.example.fr/organizations/ville/", "@type": "foaf:Organization", "foaf:name": "Ville Exemple"},
              "dcat:contactPoint": {"@type": "vcard:Kind", "vcard:fn": "Espaces verts", "vcard:hasEmail": {"@id": "mailto:verts@ville.example.fr"}},
              "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": {"@value": "2018-01-01", "@type": "xsd:date"}},
              "distribution": ["https://www.data.example.fr/datasets/r/111"]
            },
            {
              "@id": "https://www.data.example.fr/datasets/r/111",
              "@type": "Distribution",
              "title": "arbres.csv",
              "dcat:downloadURL": {"@id": "https://static.data.example.fr/arbres.csv"},
              "dcat:byteSize": {"@value": "52341", "@type": "xsd:decimal"},
              "license": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
            },
            {
              "@id": "https://www.data.example.fr/datasets/def/",
              "@type": ["Dataset"],
              "title": "Défibrillateurs",
              "dcat:theme": [{"@id": "http://publications.europa.eu/resource/authority/data-theme/HEAL"}],
              "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/IRREG"}
            }
          ]
        }
        """;
}
