using System.Text.Json.Nodes;
using Socle.Validation.Inference;
using Socle.Validation.Schema;

namespace Socle.Validation.Tests.Inference;

public class SchemaInferrerTests
{
    private static JsonObject Infer(string csv, InferOptions? options = null)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var labels = lines[0].Split(';');
        var rows = lines.Skip(1).Select(l => l.Split(';'));
        return SchemaInferrer.Infer(labels, rows, options ?? new InferOptions());
    }

    private static JsonObject Field(JsonObject schema, string name) =>
        schema["fields"]!.AsArray().Select(f => f!.AsObject()).Single(f => (string?)f["name"] == name);

    [Fact]
    public void Infers_types_formats_required_and_primary_key()
    {
        const string csv = """
            id;nom;montant;taux;date_creation;date_maj;horodatage;actif;code_postal;courriel;site;position;commentaire
            1;Mairie;1200;3,5;2020-01-05;05/01/2020;2020-01-05T10:00:00Z;true;01000;contact@mairie.fr;https://mairie.fr;2.35,48.85;
            2;École;15.5;12,25;2021-12-31;31/12/2021;2021-12-31T23:59:59Z;false;75001;ecole@ville.fr;https://ville.fr/ecole;2.36,48.86;ok
            3;Piscine;-3;0,5;2022-02-28;28/02/2022;2022-02-28T08:00:00+01:00;TRUE;13001;piscine@ville.fr;http://ville.fr;5.37,43.29;
            """;
        var schema = Infer(csv);
        string T(string n) => (string)Field(schema, n)["type"]!;
        string? F(string n) => (string?)Field(schema, n)["format"];
        Assert.Equal("integer", T("id"));
        Assert.Equal("string", T("nom"));
        Assert.Equal("number", T("montant"));
        Assert.Equal("number", T("taux"));
        Assert.Equal(",", (string?)Field(schema, "taux")["decimalChar"]);
        Assert.Equal("date", T("date_creation"));
        Assert.Null(F("date_creation"));
        Assert.Equal("date", T("date_maj"));
        Assert.Equal("%d/%m/%Y", F("date_maj"));
        Assert.Equal("datetime", T("horodatage"));
        Assert.Equal("boolean", T("actif"));
        Assert.Equal("string", T("code_postal"));
        Assert.Equal("email", F("courriel"));
        Assert.Equal("uri", F("site"));
        Assert.Equal("geopoint", T("position"));
        Assert.True((bool)Field(schema, "id")["constraints"]!["required"]!);
        Assert.Null(Field(schema, "commentaire")["constraints"]);
        Assert.Equal("id", (string?)schema["primaryKey"]![0]);
        Assert.Equal("", (string?)schema["missingValues"]![0]);

        // The output is a schema the reader accepts.
        var read = SchemaReader.Read(System.Text.Json.JsonDocument.Parse(schema.ToJsonString()).RootElement);
        Assert.Equal(13, read.Fields.Count);
    }

    [Fact]
    public void French_booleans()
    {
        var schema = Infer("a;b\noui;oui\nNon;peut-être\nOUI;non\n");
        var a = Field(schema, "a");
        Assert.Equal("boolean", (string?)a["type"]);
        Assert.Equal(["OUI", "oui"], a["trueValues"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["Non"], a["falseValues"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("string", (string?)Field(schema, "b")["type"]);
        // The schema validates its own data.
        var field = SchemaReader.Read(System.Text.Json.JsonDocument.Parse(schema.ToJsonString()).RootElement).Fields[0];
        var reader = Socle.Validation.Types.CellReaders.Create(field);
        Assert.True(reader.TryRead("OUI", out _));
        Assert.False(reader.TryRead("true", out _));
    }

    [Fact]
    public void Enum_for_low_cardinality_text()
    {
        var rows = Enumerable.Range(0, 60).Select(i => new[] { (i % 3) switch { 0 => "éolien", 1 => "solaire", _ => "méthanisation" }, "v" + i });
        var schema = SchemaInferrer.Infer(["filiere", "libre"], rows, new InferOptions());
        var filiere = Field(schema, "filiere");
        Assert.Equal(["méthanisation", "solaire", "éolien"], filiere["constraints"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Null(Field(schema, "libre")["constraints"]!["enum"]);
        var few = SchemaInferrer.Infer(["filiere"], rows.Take(10), new InferOptions());
        Assert.Null(Field(few, "filiere")["constraints"]!["enum"]);
        var options = new InferOptions { EnumMinRows = 5, Required = false };
        var small = SchemaInferrer.Infer(["filiere"], rows.Take(10), options);
        Assert.NotNull(Field(small, "filiere")["constraints"]!["enum"]);
        Assert.Null(Field(small, "filiere")["constraints"]!["required"]);
    }

    [Fact]
    public void No_primary_key_when_ids_repeat_or_are_missing()
    {
        Assert.Null(Infer("id;x\n1;a\n1;b\n")["primaryKey"]);
        Assert.Null(Infer("id;x\n1;a\n;b\n")["primaryKey"]);
        Assert.Equal("id_site", (string?)Infer("x;id_site\na;1\nb;2\n")["primaryKey"]![0]);
        Assert.Null(Infer("id;x\n1;a\n2;b\n", new InferOptions { PrimaryKey = false })["primaryKey"]);
    }

    [Fact]
    public void Empty_column_and_no_rows()
    {
        var schema = Infer("a;b\n1;\n");
        Assert.Equal("string", (string?)Field(schema, "b")["type"]);
        var none = SchemaInferrer.Infer(["a", ""], [], new InferOptions());
        Assert.Equal(["a", "field2"], none["fields"]!.AsArray().Select(f => (string)f!["name"]!));
    }
}
