using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Socle.Tabular.Ingest;
using Socle.Validation.Schema;
using Socle.Validation.Sources;

namespace Socle.Tabular.Tests.Tables;

/// <summary>From a file to a typed table: encodings, dialects, formats, types from a schema or inferred, nothing lost.</summary>
public sealed class IngestTests : IDisposable
{
    private readonly TableHarness h = new();

    public void Dispose() => h.Dispose();

    private static TableSchema Schema(string json) => SchemaReader.Read(JsonDocument.Parse(json).RootElement);

    private static string Type(BuiltTable t, string column) => t.Columns.Single(c => c.Name == column).Type;

    [Fact]
    public async Task Types_are_inferred_and_codes_with_leading_zeros_stay_text()
    {
        var t = await h.BuildAsync(h.File("a.csv",
            "code,commune,nombre,taux,actif,date,horodatage,vide\n" +
            "01001,L'Abergement,12,1.5,true,2024-01-31,2024-01-31T10:00:00,\n" +
            "2A004,Ajaccio,-3,2e3,false,2023-12-01,2023-12-01 08:30:00,\n" +
            "75056,Paris,,0.25,,2022-02-28,,\n"));
        Assert.Equal(3, t.Rows);
        Assert.Equal("string", Type(t, "code"));
        Assert.Equal("string", Type(t, "commune"));
        Assert.Equal("integer", Type(t, "nombre"));
        Assert.Equal("number", Type(t, "taux"));
        Assert.Equal("boolean", Type(t, "actif"));
        Assert.Equal("date", Type(t, "date"));
        Assert.Equal("datetime", Type(t, "horodatage"));
        Assert.Equal("string", Type(t, "vide"));
        var info = TableHarness.Info(t);
        var (rows, _, _) = await h.PageAsync(info, "");
        Assert.Equal("01001", rows[0]!["code"]!.GetValue<string>());
        Assert.Equal(-3, rows[1]!["nombre"]!.GetValue<long>());
        Assert.Null(rows[2]!["nombre"]);
        Assert.Equal(2000.0, rows[1]!["taux"]!.GetValue<double>());
        Assert.Equal("2024-01-31", rows[0]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task French_files_semicolons_decimal_commas_and_day_first_dates_are_read()
    {
        var t = await h.BuildAsync(h.File("fr.csv",
            "commune;puissance;date\r\nLyon;12,5;31/01/2024\r\nMarseille;3;01/02/2023\r\n", Encoding.Latin1));
        Assert.Equal("number", Type(t, "puissance"));
        Assert.Equal("date", Type(t, "date"));
        var (rows, _, _) = await h.PageAsync(TableHarness.Info(t), "puissance__sort=desc");
        Assert.Equal(12.5, rows[0]!["puissance"]!.GetValue<double>());
        Assert.Equal("2024-01-31", rows[0]!["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task Windows_1252_text_keeps_its_accents_and_typographic_signs()
    {
        var cp1252 = CodePagesEncoding();
        var t = await h.BuildAsync(h.File("w.csv", "nom;prix\nCœur de l’Île;5 €\nÉtang;7\n", cp1252));
        var (rows, _, _) = await h.PageAsync(TableHarness.Info(t), "");
        Assert.Equal("Cœur de l’Île", rows[0]!["nom"]!.GetValue<string>());
        Assert.Equal("5 €", rows[0]!["prix"]!.GetValue<string>());
    }

    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public async Task A_file_that_turns_to_latin1_after_an_ascii_start_and_ragged_rows_are_still_read_whole()
    {
        var sb = new StringBuilder("id,nom\n");
        for (var i = 0; i < 5000; i++) sb.Append(i).Append(",ligne ").Append(i).Append('\n');
        var head = Encoding.ASCII.GetBytes(sb.ToString());
        var tail = Encoding.Latin1.GetBytes("5000,Créteil\n5001,Évry,en trop\n5002\n");
        var t = await h.BuildAsync(h.File("mixed.csv", [.. head, .. tail]));
        Assert.Equal(5003, t.Rows);
        var info = TableHarness.Info(t);
        var (rows, _, _) = await h.PageAsync(info, "id__strictly_greater=5000&id__sort=asc");
        Assert.Equal(["Évry", null], rows.Select(r => r!["nom"]?.GetValue<string>()).ToArray());
        var (one, _, _) = await h.PageAsync(info, "id__exact=5000");
        Assert.Equal("Créteil", one[0]!["nom"]!.GetValue<string>());
    }

    [Fact]
    public async Task Headers_are_kept_as_written_made_unique_and_never_empty()
    {
        var t = await h.BuildAsync(h.File("h.csv", "nom,nom,,__id,\"a\"\"; DROP TABLE data; --\",__socle_x\n1,2,3,4,5,6\n"));
        Assert.Equal(["nom", "nom_2", "colonne_3", "__id_2", "a\"; DROP TABLE data; --", "___socle_x"], t.Columns.Select(c => c.Name).ToArray());
        var (rows, _, _) = await h.PageAsync(TableHarness.Info(t), "a%22%3B%20DROP%20TABLE%20data%3B%20--__exact=5");
        Assert.Single(rows);
        Assert.Equal(1, rows[0]!["__id"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_schema_gives_types_formats_missing_values_and_a_bad_cell_keeps_its_column_as_text()
    {
        var schema = Schema("""
        {"fields": [
          {"name": "id", "type": "integer"},
          {"name": "montant", "type": "number", "decimalChar": ",", "groupChar": " "},
          {"name": "le", "type": "date", "format": "%d/%m/%Y"},
          {"name": "ouvert", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
          {"name": "effectif", "type": "integer"}
        ], "missingValues": ["", "NA"]}
        """);
        var t = await h.BuildAsync(h.File("s.csv",
            "id;montant;le;ouvert;effectif\n1;1 234,5;31/12/2023;oui;10\n2;NA;01/01/2024;non;douze\n3;7;02/01/2024;NA;NA\n"), schema: schema);
        Assert.Equal("integer", Type(t, "id"));
        Assert.Equal("number", Type(t, "montant"));
        Assert.Equal("date", Type(t, "le"));
        Assert.Equal("boolean", Type(t, "ouvert"));
        Assert.Equal("string", Type(t, "effectif"));
        Assert.Equal("integer", t.Columns.Single(c => c.Name == "effectif").DeclaredType);
        var warning = Assert.Single(t.Warnings);
        Assert.Equal(("effectif", "integer", 1L, "douze"), (warning.Column, warning.DeclaredType, warning.Failures, warning.Example));
        var (rows, _, _) = await h.PageAsync(TableHarness.Info(t), "");
        Assert.Equal(1234.5, rows[0]!["montant"]!.GetValue<double>());
        Assert.Null(rows[1]!["montant"]);
        Assert.Equal("2023-12-31", rows[0]!["le"]!.GetValue<string>());
        Assert.False(rows[1]!["ouvert"]!.GetValue<bool>());
        Assert.Equal("douze", rows[1]!["effectif"]!.GetValue<string>());
        Assert.Equal("10", rows[0]!["effectif"]!.GetValue<string>());
    }

    [Fact]
    public async Task Excel_json_jsonl_and_parquet_become_tables_too()
    {
        var xlsx = h.File("x.xlsx", await XlsxAsync());
        var tx = await h.BuildAsync(xlsx, "xlsx", resource: "x");
        Assert.Equal(2, tx.Rows);
        Assert.Equal(["commune", "population"], tx.Columns.Select(c => c.Name).ToArray());
        Assert.Equal("integer", Type(tx, "population"));

        var tj = await h.BuildAsync(h.File("j.json", """[{"a": 1, "b": "x", "c": {"k": 1}}, {"a": 2, "b": "y", "c": null}]"""), "json", resource: "j");
        Assert.Equal(2, tj.Rows);
        Assert.Equal("integer", Type(tj, "a"));
        Assert.Equal("string", Type(tj, "c"));

        var tl = await h.BuildAsync(h.File("l.jsonl", "{\"a\": 1.5, \"d\": \"2024-01-02\"}\n{\"a\": 2, \"d\": \"2024-02-03\"}\n"), "jsonl", resource: "l");
        Assert.Equal("number", Type(tl, "a"));

        var parquet = Path.Combine(h.Folder, "p.parquet");
        using (var c = new DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"COPY (SELECT i AS n, 'v' || i AS s, DATE '2024-01-01' + CAST(i AS INTEGER) AS d FROM range(1000) t(i)) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        var tp = await h.BuildAsync(parquet, "parquet", resource: "p");
        Assert.Equal(1000, tp.Rows);
        Assert.Equal(["integer", "string", "date"], tp.Columns.Select(c => c.Type).ToArray());
    }

    private static async Task<byte[]> XlsxAsync()
    {
        var ms = new MemoryStream();
        await using (var book = await SpreadCheetah.Spreadsheet.CreateNewAsync(ms))
        {
            await book.StartWorksheetAsync("feuille");
            await book.AddRowAsync([new SpreadCheetah.Cell("commune"), new SpreadCheetah.Cell("population")]);
            await book.AddRowAsync([new SpreadCheetah.Cell("Lyon"), new SpreadCheetah.Cell(522250)]);
            await book.AddRowAsync([new SpreadCheetah.Cell("Évry"), new SpreadCheetah.Cell(54795)]);
            await book.FinishAsync();
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task Unreadable_files_fail_with_a_reason_and_leave_no_partial_table()
    {
        var empty = await Assert.ThrowsAsync<SourceException>(() => h.BuildAsync(h.File("e.csv", "")));
        Assert.Equal("source.empty", empty.Key);
        var png = await Assert.ThrowsAsync<SourceException>(() => h.BuildAsync(h.File("p.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])));
        Assert.Equal("source.binary-kind", png.Key);
        await Assert.ThrowsAnyAsync<Exception>(() => h.BuildAsync(h.File("bad.json", "{ this is not json"), "json"));
        var left = Directory.Exists(Path.Combine(h.Options.Folder, "r")) ? Directory.GetFiles(Path.Combine(h.Options.Folder, "r")) : [];
        Assert.Empty(left);
    }

    [Fact]
    public async Task Coordinates_are_found_by_name_or_by_schema()
    {
        var t = await h.BuildAsync(h.File("g.csv", "nom,Latitude,longitude\nA,45.1,4.8\n"));
        Assert.Equal(GeoColumns.LatLon("Latitude", "longitude"), t.Geo);
        var schema = Schema("""{"fields": [{"name": "nom"}, {"name": "point", "type": "geopoint"}]}""");
        var g = await h.BuildAsync(h.File("p.csv", "nom,point\nA,\"4.8,45.1\"\n"), schema: schema, resource: "g");
        Assert.Equal(GeoColumns.GeoPoint("point"), g.Geo);
        var none = await h.BuildAsync(h.File("n.csv", "nom,x\nA,1\n"), resource: "n");
        Assert.Null(none.Geo);
    }

    [Fact]
    public async Task The_profile_describes_each_column()
    {
        var t = await h.BuildAsync(h.File("p.csv", "secteur,puissance,date\neolien,10,2020-01-01\nsolaire,20,2021-06-01\neolien,,2022-12-31\neolien,30,\n"));
        var columns = t.Profile["columns"]!.AsArray();
        var secteur = columns.Single(c => c!["name"]!.GetValue<string>() == "secteur")!;
        Assert.Equal(2, secteur["distinct"]!.GetValue<long>());
        Assert.Equal("eolien", secteur["top"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(3, secteur["top"]![0]!["count"]!.GetValue<long>());
        var p = columns.Single(c => c!["name"]!.GetValue<string>() == "puissance")!;
        Assert.Equal(1, p["nulls"]!.GetValue<long>());
        Assert.Equal(10, p["min"]!.GetValue<long>());
        Assert.Equal(30, p["max"]!.GetValue<long>());
        Assert.Equal(20.0, p["mean"]!.GetValue<double>());
        var d = columns.Single(c => c!["name"]!.GetValue<string>() == "date")!;
        Assert.Equal("2020-01-01", d["min"]!.GetValue<string>());
        Assert.Equal("2022-12-31", d["max"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_parquet_copy_holds_the_typed_rows()
    {
        var t = await h.BuildAsync(h.File("q.csv", "a,b\n1,x\n2,y\n"));
        var path = Path.Combine(h.Options.Folder, t.Parquet);
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT typeof(a), count(*) FROM read_parquet('{path}') GROUP BY 1";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(("BIGINT", 2L), (r.GetString(0), r.GetInt64(1)));
    }
}
