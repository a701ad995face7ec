using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Socle.Catalog.Services;
using Socle.Collect.Demo;
using Socle.Collect.Imports;
using Socle.Validation;
using Socle.Validation.Schema;
using Socle.Validation.Tests;

namespace Socle.Collect.Tests;

/// <summary>Crosswalks: their definition checks, the conversions, the files they refuse, and the template's on generated files.</summary>
public sealed class CrosswalkTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static TableSchema Schema(string json) => SchemaReader.Read(JsonDocument.Parse(json).RootElement);

    private static readonly TableSchema Small = Schema("""
        {"fields": [
          {"name": "nom", "type": "string", "constraints": {"required": true}},
          {"name": "categorie", "type": "string", "constraints": {"enum": ["eolien", "solaire"]}},
          {"name": "puissance_kw", "type": "number"},
          {"name": "puissance_mw", "type": "number"},
          {"name": "energie_mwh", "type": "number"},
          {"name": "hauteur_km", "type": "number"},
          {"name": "nombre", "type": "integer"},
          {"name": "mise_en_service", "type": "date"},
          {"name": "recours", "type": "boolean"},
          {"name": "source", "type": "string"},
          {"name": "commentaire", "type": "string"}
        ]}
        """);

    private static Crosswalk SmallCrosswalk(string extra = "") => Crosswalk.Parse($$$"""
        {"id": "essai", "title": {"fr": "Essai", "en": "Test"}, {{{extra}}}
         "columns": [
          {"from": "Nom", "to": "nom"},
          {"from": "Filiere", "to": "categorie", "map": {"EOL": "eolien", "PV": "solaire"}},
          {"from": "P_MW", "to": "puissance_kw", "unit": "MW->kW"},
          {"from": "P_kW", "to": "puissance_mw", "unit": "kW -> MW"},
          {"from": "E_kWh", "to": "energie_mwh", "unit": "kWh->MWh"},
          {"from": "H_m", "to": "hauteur_km", "unit": "m->km"},
          {"from": "Nb", "to": "nombre"},
          {"from": "MES", "to": "mise_en_service", "date_format": "dd/MM/yyyy"},
          {"from": "Recours", "to": "recours", "map": {"O": "true", "N": "false"}},
          {"to": "source", "value": "essai"},
          {"from": "Commentaire", "to": "commentaire", "optional": true},
          {"from": "Nom court", "to": "commentaire", "optional": true}
        ]}
        """);

    private string Normalize(Crosswalk crosswalk, string inputPath, TableSchema schema, out CrosswalkResult result)
    {
        var output = Path.Combine(_temp.Path, Path.GetFileNameWithoutExtension(inputPath) + ".normalized.csv");
        result = crosswalk.Apply(inputPath, Path.GetFileName(inputPath), schema, output, ct: TestContext.Current.CancellationToken);
        return output;
    }

    private static string[] Lines(string path) => File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ConvertsUnitsNumbersCodesAndDates()
    {
        var input = _temp.File("parcs.csv", """
             nom ;FILIERE;P_MW;P_kW;E_kWh;H_m;Nb;MES;Recours;Autre
            Parc A;EOL;12,5;1 234,5;1234567;150;6;15/03/2021;O;x
            Parc B;PV;0,25;"1,234.5";2 500 000,5;80.5;1;01/02/2019;N;y
            Parc C, le grand;HYD;1.234,5;36;0;120;3;31/02/2020;n;z

            Parc D;pv;1E+3;  12000.0 ;-0,0;1 000;2.0;2020-06-30;;w
            """.Replace("\n", "\r\n"), Encoding.Latin1);
        var output = Normalize(SmallCrosswalk(), input, Small, out var result);
        Assert.Equal(
        [
            "nom,categorie,puissance_kw,puissance_mw,energie_mwh,hauteur_km,nombre,mise_en_service,recours,source,commentaire",
            "Parc A,eolien,12500,1.2345,1234.567,0.15,6,2021-03-15,true,essai,",
            "Parc B,solaire,250,1.2345,2500.0005,0.0805,1,2019-02-01,false,essai,",
            "\"Parc C, le grand\",HYD,1234500,0.036,0,0.12,3,31/02/2020,false,essai,",
            ",,,,,,,,,,",
            "Parc D,solaire,1000000,12,0,1,2,2020-06-30,,essai,",
        ], Lines(output));
        Assert.Equal(5, result.Rows);
        Assert.Equal(["Autre"], result.IgnoredColumns);
        Assert.Equal(["Commentaire", "Nom court"], result.MissingOptionalColumns);
        Assert.Equal(';', result.Delimiter);

        // The validator reports what could not be converted with the file's own text, on the file's row numbers.
        var report = Validator.ValidateTable(output, Small);
        var errors = report.Tasks[0].Errors;
        Assert.Contains(errors, e => e is { Type: "constraint-error", RowNumber: 4, FieldName: "categorie", Cell: "HYD" });
        Assert.Contains(errors, e => e is { Type: "type-error", RowNumber: 4, FieldName: "mise_en_service", Cell: "31/02/2020" });
        Assert.Contains(errors, e => e is { Type: "blank-row", RowNumber: 5 });
        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("1 234,5", null, "1234.5")]
    [InlineData("1\u00A0234\u202F567,25", null, "1234567.25")]
    [InlineData("1,234.5", null, "1234.5")]
    [InlineData("1.234,5", null, "1234.5")]
    [InlineData("1.234.567", null, "1234567")]
    [InlineData("1,5", null, "1.5")]
    [InlineData("-0.50", null, "-0.5")]
    [InlineData("+7", null, "7")]
    [InlineData("1E+20", null, "100000000000000000000")]
    [InlineData("12.5", ',', null)] // "." is then a group separator: 12.5 is no number
    [InlineData("12.500", ',', "12500")]
    [InlineData("1,234", '.', "1234")]
    [InlineData("12 34", null, null)]
    [InlineData("1.5.2", null, null)]
    [InlineData("n/a", null, null)]
    public void ReadsNumbersInEitherStyle(string text, char? mark, string? expected)
    {
        var ok = CellConversions.TryParseNumber(text, mark, out var value);
        if (expected is null) { Assert.False(ok, text); return; }
        Assert.True(ok, text);
        Span<char> buffer = stackalloc char[64];
        Assert.Equal(expected, buffer[..CellConversions.FormatNumber(value, buffer)].ToString());
    }

    [Theory]
    [InlineData("kW->MW", "1500", "1.5")]
    [InlineData("MW->kW", "2.3", "2300")]
    [InlineData("W->kW", "9000", "9")]
    [InlineData("kWh->MWh", "123456", "123.456")]
    [InlineData("MWh->GWh", "1", "0.001")]
    [InlineData("GWh->MWh", "0.0015", "1.5")]
    [InlineData("km->m", "1.25", "1250")]
    [InlineData("m->km", "5", "0.005")]
    [InlineData("kW->kWh", null, null)]
    [InlineData("mW->kW", null, null)]
    [InlineData("kW>MW", null, null)]
    public void ConvertsUnitsExactly(string unit, string? input, string? expected)
    {
        var known = CellConversions.TryParseUnit(unit, out var exponent, out _);
        if (input is null) { Assert.False(known, unit); return; }
        Assert.True(known, unit);
        Assert.True(CellConversions.TryParseNumber(input, null, out var value));
        Assert.True(CellConversions.TryScale(ref value, exponent));
        Span<char> buffer = stackalloc char[64];
        Assert.Equal(expected, buffer[..CellConversions.FormatNumber(value, buffer)].ToString());
    }

    [Fact]
    public void TheDecimalOptionForcesTheMark()
    {
        var input = _temp.File("d.csv", "Nom;P_MW;P_kW;E_kWh;H_m;Nb;MES;Recours;Filiere\r\nA;12.5;1.500;1,5;2;1;01/01/2020;O;EOL\r\n");
        var output = Normalize(SmallCrosswalk("\"decimal\": \",\","), input, Small, out _);
        // With ',' declared, "12.5" is not a number (written as it is) and "1.500" is fifteen hundred.
        Assert.Equal("A,eolien,12.5,1.5,0.0015,0.002,1,2020-01-01,true,essai,", Lines(output)[1]);
    }

    [Fact]
    public void FirstNonEmptySourceWinsAndUnmappedCodesCanFallThrough()
    {
        var schema = Schema("""{"fields": [{"name": "filiere", "type": "string"}, {"name": "statut", "type": "string"}]}""");
        var crosswalk = Crosswalk.Parse("""
            {"id": "chaine", "columns": [
              {"from": "combustible", "to": "filiere", "unmapped": "skip", "map": {"B.MET": "methanisation", "IGNORE": ""}},
              {"from": "filiere", "to": "filiere", "map": {"BIOEN": "biomasse", "SOLAI": "solaire"}},
              {"from": "etat", "to": "statut"},
              {"to": "statut", "value": "inconnu"}
            ]}
            """);
        var input = _temp.File("c.csv", "filiere,combustible,etat\nBIOEN,B.MET,actif\nBIOEN,GAZ,\nSOLAI,,\nBIOEN,ignore,x\n");
        var output = Normalize(crosswalk, input, schema, out _);
        Assert.Equal(["filiere,statut", "methanisation,actif", "biomasse,inconnu", "solaire,inconnu", "biomasse,x"], Lines(output));
    }

    [Fact]
    public void ExcelSerialDaysAndDateCellsBecomeIsoDates()
    {
        var path = Workbook("mes.xlsx",
            [["Nom", "MES", "P_MW", "P_kW", "E_kWh", "H_m", "Nb", "Recours", "Filiere"],
             ["A", 45000, 2.5, 36, 1000, 100, 3, "O", "EOL"],
             ["B", new DateOnly(2019, 7, 1), "3,5", 9, 0, 90, 2, "N", "PV"],
             ["C", "15/03/2021", 1, 1, 1, 1, 1, "N", "PV"],
             ["D", 2021, 1, 1, 1, 1, 1, "N", "PV"]]);
        var output = Normalize(SmallCrosswalk(), path, Small, out var result);
        var lines = Lines(output);
        Assert.Equal("excel", result.Format);
        Assert.Equal("A,eolien,2500,0.036,1,0.1,3,2023-03-15,true,essai,", lines[1]);
        Assert.Equal("B,solaire,3500,0.009,0,0.09,2,2019-07-01,false,essai,", lines[2]);
        Assert.StartsWith("C,solaire,1000,0.001,0.001,0.001,1,2021-03-15,", lines[3]);
        // A bare year is not taken for a serial day (it would be 1905): it stays, for the validator to report.
        Assert.StartsWith("D,solaire,1000,0.001,0.001,0.001,1,2021,", lines[4]);
    }

    [Fact]
    public void AMissingColumnRefusesTheFileNamingItInBothLanguages()
    {
        var input = _temp.File("manque.csv", "Nom;Filiere;P_kW;E_kWh;H_m;Nb;MES;Recours\r\nA;EOL;1;1;1;1;01/01/2020;O\r\n");
        var output = Path.Combine(_temp.Path, "out.csv");
        var e = Assert.Throws<CatalogException>(() => SmallCrosswalk().Apply(input, "manque.csv", Small, output, ct: TestContext.Current.CancellationToken));
        Assert.Equal(Problem.Invalid, e.Problem);
        Assert.Equal(Crosswalk.FileProblem, e.Code);
        var missing = Assert.Single(e.Errors, x => x.Code == "missing-column");
        Assert.Equal("P_MW", missing.Field);
        Assert.Equal("collect.crosswalk.missing-column", missing.MessageKey);
        Assert.Equal("La colonne « P_MW » (pour le champ « puissance_kw ») est absente du fichier.", missing.Message("fr"));
        Assert.Equal("The column \"P_MW\" (for the field \"puissance_kw\") is missing from the file.", missing.Message("en"));
        var columns = Assert.Single(e.Errors, x => x.Code == "file-columns");
        Assert.Contains("« Recours »", columns.Message("fr"));
        Assert.Contains("manque.csv", columns.Message("en"));
        Assert.StartsWith("Le fichier ne correspond pas", e.Title("fr"));
        Assert.StartsWith("The file does not match", e.Title("en"));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void UnreadableFilesAreRefusedWithTheSourceMessage()
    {
        var output = Path.Combine(_temp.Path, "out.csv");
        var empty = _temp.File("vide.csv", "");
        var none = Assert.Single(Assert.Throws<CatalogException>(() => SmallCrosswalk().Apply(empty, "vide.csv", Small, output, ct: TestContext.Current.CancellationToken)).Errors);
        Assert.Equal("Le fichier « vide.csv » ne contient aucune ligne d'en-tête.", none.Message("fr"));
        var png = _temp.File("image.csv", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
        var e = Assert.Throws<CatalogException>(() => SmallCrosswalk().Apply(png, "image.csv", Small, output, ct: TestContext.Current.CancellationToken));
        Assert.Equal("source.binary-kind", Assert.Single(e.Errors).MessageKey);
    }

    [Fact]
    public void DefinitionsThatDoNotHoldAreRefusedWithEveryReason()
    {
        var e = Assert.Throws<CatalogException>(() => Crosswalk.Parse("""
            {"id": "Mauvais Id", "decimal": ";", "columns": [
              {"to": "nom"},
              {"from": "a", "to": "puissance_kw", "unit": "kW->kWh"},
              {"from": "b", "to": "mise_en_service", "date_format": "dd/MM"},
              {"from": "c", "to": "nom", "value": "x"},
              {"from": "d"},
              {"from": "e", "to": "categorie", "map": ["x"]},
              {"from": "f", "to": "categorie", "map": {"A": "eolien", "a": "solaire"}},
              {"from": "g", "to": "categorie", "unmapped": "drop", "optional": "yes"},
              "h"
            ]}
            """));
        Assert.Equal(Crosswalk.DefinitionProblem, e.Code);
        Assert.Equal(
            ["bad-id", "bad-decimal", "no-source", "bad-unit", "bad-date-format", "from-and-value", "no-target", "bad-map", "map-duplicate",
             "bad-unmapped", "not-boolean", "column-not-object"],
            e.Errors.Select(x => x.Code));
        Assert.Equal("columns[1].unit", e.Errors[3].Field);
        Assert.All(e.Errors, x => Assert.DoesNotContain("collect.crosswalk.", x.Message("fr")));
        Assert.All(e.Errors, x => Assert.DoesNotContain("collect.crosswalk.", x.Message("en")));
        Assert.Equal("no-columns", Assert.Single(Assert.Throws<CatalogException>(() => Crosswalk.Parse("""{"id": "x", "columns": []}""")).Errors).Code);
        Assert.Equal("not-json", Assert.Single(Assert.Throws<CatalogException>(() => Crosswalk.Parse("{")).Errors).Code);
    }

    [Fact]
    public void CrosswalksThatDoNotFitTheSchemaAreRefused()
    {
        var json = JsonDocument.Parse("""
            {"id": "essai", "columns": [
              {"from": "x", "to": "inconnu"},
              {"from": "y", "to": "nom", "unit": "MW->kW"},
              {"from": "z", "to": "nombre", "date_format": "dd/MM/yyyy"},
              {"from": "w", "to": "categorie", "map": {"E": "eolienne"}},
              {"to": "categorie", "value": "nucleaire"},
              {"to": "nombre", "value": "beaucoup"},
              {"from": "v", "to": "recours", "map": {"O": "oui", "N": false}}
            ]}
            """).RootElement;
        var e = Assert.Throws<CatalogException>(() => Crosswalk.Parse(json, Small));
        Assert.Equal(["unknown-field", "unit-not-number", "date-format-not-date", "not-allowed", "not-allowed", "bad-value", "bad-value"],
            e.Errors.Select(x => x.Code));
        Assert.Equal("columns[6].map.O", e.Errors[6].Field);
        Assert.Equal("« columns[5].value » : « beaucoup » n'est pas une valeur du champ « nombre » (de type integer).", e.Errors[5].Message("fr"));
        Assert.Contains("« inconnu »", e.Errors[0].Message("fr"));
        Assert.Contains("\"eolienne\"", e.Errors[3].Message("en"));
        // Apply checks too, before reading anything.
        var input = _temp.File("x.csv", "x,y,z,w\n1,2,3,4\n");
        Assert.Equal(Crosswalk.DefinitionProblem,
            Assert.Throws<CatalogException>(() => Crosswalk.Parse(json).Apply(input, "x.csv", Small, Path.Combine(_temp.Path, "o.csv"), ct: TestContext.Current.CancellationToken)).Code);
    }

    // ---- the template's crosswalks on generated files

    private static (TableSchema Schema, IReadOnlyList<Crosswalk> Crosswalks) Template()
    {
        using var doc = Crosswalk.TemplateDocument("installations-enr");
        var schema = SchemaReader.Read(doc.RootElement.GetProperty("schema"));
        return (schema, Crosswalk.ParseAll(doc.RootElement, schema));
    }

    [Fact]
    public void AGeneratedOdreExportCrosswalksToAValidRegister()
    {
        var (schema, crosswalks) = Template();
        var installations = RenewablesGenerator.Generate(2000, seed: 11);
        var asOf = new DateOnly(2024, 12, 31);
        var input = Path.Combine(_temp.Path, "registre.csv");
        int written;
        using (var w = new StreamWriter(input, false, new UTF8Encoding(true))) written = RenewablesGenerator.WriteOdreCsv(installations, asOf, w);
        Assert.True(written > 1000, $"{written} rows");

        var output = Normalize(crosswalks.Single(c => c.Id == "odre-registre"), input, schema, out var result);
        Assert.Equal(written, result.Rows);
        Assert.Empty(result.MissingOptionalColumns);
        Assert.Contains("codeIRIS", result.IgnoredColumns);
        Assert.Contains("dateDebutVersion", result.IgnoredColumns);
        var report = Validator.ValidateTable(output, schema);
        Assert.True(report.Valid, string.Join("\n", report.Tasks[0].Errors.Take(10).Select(e => Socle.Validation.Reporting.Messages.Message(e, "en"))));
        Assert.Equal(written, report.Tasks[0].Rows);

        // The normalized rows hold the generated state: spot-check one wind farm, energies back in MWh.
        var lines = Lines(output);
        var header = lines[0].Split(',');
        var wind = installations.First(i => i.Filiere == "eolien" && i.InServiceOn(asOf) && i.Measure("production_annuelle_mwh", "2024") is not null);
        var row = lines.Skip(1).Select(l => l.Split(',')).First(r => r[0] == wind.ValueOn("nom_installation", asOf));
        string Cell(string f) => row[Array.IndexOf(header, f)];
        Assert.Equal("eolien", Cell("filiere"));
        Assert.Equal("eolien_terrestre", Cell("technologie"));
        Assert.Equal(wind.ValueOn("code_eic", asOf), Cell("code_eic"));
        Assert.Equal(wind.ValueOn("date_mise_en_service", asOf), Cell("date_mise_en_service"));
        Assert.Equal(wind.ValueOn("puissance_max_installee_kw", asOf), Cell("puissance_max_installee_kw"));
        Assert.Equal(wind.Measure("production_annuelle_mwh", "2024")!.Value, double.Parse(Cell("energie_annuelle_glissante_produite_mwh"), CultureInfo.InvariantCulture), 6);
        // Methanisation is told from biomass by its fuel, though both are BIOEN in the register.
        var normalized = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var categories = normalized.Select(r => r[Array.IndexOf(header, "filiere")]).ToHashSet();
        Assert.Contains("methanisation", categories);
        Assert.Contains("solaire", categories);
    }

    [Fact]
    public void AGeneratedDrealSpreadsheetInLatin1CrosswalksToAValidRegister()
    {
        var (schema, crosswalks) = Template();
        var installations = RenewablesGenerator.Generate(2000, seed: 12);
        var input = Path.Combine(_temp.Path, "dreal.csv");
        int written;
        using (var w = new StreamWriter(input, false, Encoding.Latin1)) written = RenewablesGenerator.WriteDrealCsv(installations, new DateOnly(2024, 12, 31), w);
        Assert.True(written > 300, $"{written} rows");
        var output = Normalize(crosswalks.Single(c => c.Id == "dreal-eolien"), input, schema, out var result);
        Assert.Equal(written, result.Rows);
        Assert.Equal(["ID_DREAL", "EN_SERVICE"], result.IgnoredColumns);
        var report = Validator.ValidateTable(output, schema);
        Assert.True(report.Valid, string.Join("\n", report.Tasks[0].Errors.Take(10).Select(e => Socle.Validation.Reporting.Messages.Message(e, "en"))));
        var text = File.ReadAllText(output);
        Assert.Contains("Parc éolien", text); // decoded from Latin-1
        Assert.Contains(",autorisation_environnementale,", text);
        Assert.Contains(",true,", text);
    }

    [Fact]
    public void AnUnmappedRegisterCodeIsReportedAgainstTheVocabulary()
    {
        var (schema, crosswalks) = Template();
        var installations = RenewablesGenerator.Generate(50, seed: 3);
        var writer = new StringWriter();
        RenewablesGenerator.WriteOdreCsv(installations, new DateOnly(2024, 12, 31), writer);
        var lines = writer.ToString().Split("\r\n").ToList();
        var header = lines[0].Split(';');
        var cells = lines[1].Split(';');
        cells[Array.IndexOf(header, "codeFiliere")] = "NUCLE";
        cells[Array.IndexOf(header, "codeCombustible")] = "";
        lines[1] = string.Join(';', cells);
        var input = _temp.File("nucle.csv", string.Join("\r\n", lines));
        var output = Normalize(crosswalks[0], input, schema, out _);
        var report = Validator.ValidateTable(output, schema);
        var error = Assert.Single(report.Tasks[0].Errors);
        Assert.Equal(("constraint-error", 2, "filiere", "NUCLE"), (error.Type, error.RowNumber, error.FieldName, error.Cell));
    }

    [Fact]
    public void AnOptionalColumnMayBeMissing()
    {
        var (schema, crosswalks) = Template();
        var input = _temp.File("court.csv", """
            nomInstallation;codeEICResourceObject;codeINSEECommune;commune;codeEPCI;EPCI;codeDepartement;departement;codeRegion;region;codeFiliere;codeTechnologie;puisMaxInstallee;dateRaccordement;dateMiseEnservice;dateDeraccordement;energieAnnuelleGlissanteProduite;energieAnnuelleGlissanteInjectee;gestionnaire
            Parc éolien du Test;17W100000000001X;11262;Narbonne;;;11;Aude;76;Occitanie;EOLIE;EOLTER;12000;01/06/2015;2015-06-15;;24 000 000;23 500 000,5;Enedis
            """);
        var output = Normalize(crosswalks[0], input, schema, out var result);
        Assert.Equal(["codeCombustible", "combustible", "latitude", "longitude"], result.MissingOptionalColumns);
        Assert.True(Validator.ValidateTable(output, schema).Valid);
        Assert.Contains(",eolien,eolien_terrestre,,12000,2015-06-01,2015-06-15,,,24000,23500.0005,Enedis,", Lines(output)[1]);
    }

    [Fact]
    public void CancellationRemovesTheOutput()
    {
        var (schema, crosswalks) = Template();
        var input = Path.Combine(_temp.Path, "grand.csv");
        using (var w = new StreamWriter(input)) RenewablesGenerator.WriteOdreCsv(RenewablesGenerator.Generate(3000, seed: 2), new DateOnly(2024, 12, 31), w);
        var output = Path.Combine(_temp.Path, "grand.out.csv");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => crosswalks[0].Apply(input, "grand.csv", schema, output, ct: cts.Token));
        Assert.False(File.Exists(output));
    }

    /// <summary>A one-sheet workbook written by hand: strings inline, numbers as numbers, DateOnly as a date-formatted serial.</summary>
    private string Workbook(string name, object[][] rows)
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var sheet = new StringBuilder();
        for (var r = 0; r < rows.Length; r++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = $"{(char)('A' + c)}{r + 1}";
                sheet.Append(rows[r][c] switch
                {
                    string s => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(s)}</t></is></c>",
                    DateOnly d => $"<c r=\"{cell}\" s=\"1\"><v>{d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)}</v></c>",
                    IFormattable n => $"<c r=\"{cell}\"><v>{n.ToString(null, CultureInfo.InvariantCulture)}</v></c>",
                    _ => "",
                });
            }
            sheet.Append("</row>");
        }
        var files = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""",
            ["_rels/.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            ["xl/workbook.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Parcs" sheetId="1" r:id="rId1"/></sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""",
            ["xl/styles.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>""",
            ["xl/worksheets/sheet1.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>""",
        };
        var path = Path.Combine(_temp.Path, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, content) in files)
        {
            using var w = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
            w.Write(content);
        }
        return path;
    }
}
