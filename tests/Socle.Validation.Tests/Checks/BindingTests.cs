using System.Text.Json;
using Socle.Validation.Checks;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Tests.Checks;

public class BindingTests
{
    private readonly CheckTable _table = new("a", "b:integer", "c:integer", "d:date");

    [Fact]
    public void Every_Validata_check_name_is_known()
    {
        string[] validata =
        [
            "french-siret-value", "siret", "french-siren-value", "siren", "french-gps-coordinates", "opening-hours-value",
            "phone-number-value", "cohesive-columns-value", "compare-columns-value", "sum-columns-value",
            "year-interval-value", "one-of-required", "nomenclature-actes-value", "nomenclature-acte",
        ];
        Assert.Equal(validata.Order(StringComparer.Ordinal), CustomChecks.KnownNames);
    }

    [Fact]
    public void The_check_code_is_its_name()
    {
        Assert.Equal("french-siret-value", _table.Bind("""{"name": "french-siret-value", "params": {"column": "a"}}""").Code);
        Assert.Equal("siren", _table.Bind("""{"name": "siren", "params": {"column": "a"}}""").Code);
        Assert.Equal("compare-columns-value", _table.Bind("""{"name": "compare-columns-value", "params": {"column": "b", "column2": "c", "op": "<"}}""").Code);
    }

    [Fact]
    public void Unknown_check()
    {
        var e = Assert.Throws<SchemaException>(() => _table.Bind("""{"name": "french-rna-value", "params": {"column": "a"}}"""));
        Assert.Equal("check.unknown", e.Key);
        Assert.Equal(["french-rna-value"], e.Args);
        Assert.Contains("french-rna-value", e.Localized(Messages.French));
        Assert.Contains("inconnu", e.Localized(Messages.French));
        Assert.Contains("unknown", e.Localized(Messages.English));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"params": {"column": "a"}}""")]
    [InlineData("""{"name": 3}""")]
    public void Malformed_declaration(string declaration)
    {
        var e = Assert.Throws<SchemaException>(() => _table.Bind(declaration));
        Assert.Equal("check.bad-declaration", e.Key);
        Assert.StartsWith("Une entrée de custom_checks", e.Localized(Messages.French));
    }

    [Theory]
    [InlineData("""{"name": "french-siret-value"}""", "column")]
    [InlineData("""{"name": "french-siret-value", "params": {}}""", "column")]
    [InlineData("""{"name": "french-siret-value", "params": {"column": 3}}""", "column")]
    [InlineData("""{"name": "french-siret-value", "params": {"column": ""}}""", "column")]
    [InlineData("""{"name": "french-siret-value", "params": ["a"]}""", "params")]
    [InlineData("""{"name": "cohesive-columns-value", "params": {"column": "a"}}""", "othercolumns")]
    [InlineData("""{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": []}}""", "othercolumns")]
    [InlineData("""{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": "b"}}""", "othercolumns")]
    [InlineData("""{"name": "sum-columns-value", "params": {"column": "b", "columns": [1]}}""", "columns")]
    [InlineData("""{"name": "compare-columns-value", "params": {"column": "b", "column2": "c"}}""", "op")]
    [InlineData("""{"name": "compare-columns-value", "params": {"column": "b", "op": "<"}}""", "column2")]
    [InlineData("""{"name": "one-of-required", "params": {"column2": "b"}}""", "column1")]
    [InlineData("""{"name": "year-interval-value", "params": {"column": "a", "allow-year-only": "maybe"}}""", "allow-year-only")]
    public void Missing_or_malformed_params(string declaration, string param)
    {
        var e = Assert.Throws<SchemaException>(() => _table.Bind(declaration));
        Assert.Equal("check.bad-params", e.Key);
        Assert.Equal(param, e.Args[1]);
        Assert.Contains(param, e.Localized(Messages.French));
    }

    [Theory]
    [InlineData("""{"name": "french-siret-value", "params": {"column": "zz"}}""", "column")]
    [InlineData("""{"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": ["b", "zz"]}}""", "othercolumns")]
    [InlineData("""{"name": "compare-columns-value", "params": {"column": "b", "column2": "zz", "op": "<"}}""", "column2")]
    [InlineData("""{"name": "sum-columns-value", "params": {"column": "zz", "columns": ["b"]}}""", "column")]
    [InlineData("""{"name": "one-of-required", "params": {"column1": "a", "column2": "zz"}}""", "column2")]
    public void Column_absent_from_the_schema(string declaration, string param)
    {
        var e = Assert.Throws<SchemaException>(() => _table.Bind(declaration));
        Assert.Equal("check.unknown-column", e.Key);
        Assert.Equal(param, e.Args[1]);
        Assert.Equal("zz", e.Args[2]);
        Assert.Contains("« zz »", e.Localized(Messages.French));
        Assert.Contains("\"zz\"", e.Localized(Messages.English));
    }

    [Fact]
    public void Unsupported_operator()
    {
        var e = Assert.Throws<SchemaException>(() =>
            _table.Bind("""{"name": "compare-columns-value", "params": {"column": "b", "column2": "c", "op": "=<"}}"""));
        Assert.Equal("check.bad-operator", e.Key);
        Assert.Equal(["compare-columns-value", "=<"], e.Args);
    }

    [Fact]
    public void Unknown_extra_params_are_ignored_as_in_Validata()
    {
        var check = _table.Bind("""{"name": "french-siret-value", "params": {"column": "a", "comment": "x"}}""");
        Assert.IsType<FrenchIdentifierCheck>(check);
    }

    [Fact]
    public void Every_message_key_the_checks_use_exists_in_both_languages()
    {
        var codes = new[]
        {
            "french-siret-value", "siret", "french-siren-value", "siren", "french-gps-coordinates",
            FrenchGpsCoordinatesCheck.ReversedCode, "opening-hours-value", "phone-number-value", "cohesive-columns-value",
            "compare-columns-value", "sum-columns-value", "year-interval-value", "one-of-required",
            "nomenclature-actes-value", "nomenclature-acte",
        };
        var notes = new[]
        {
            "note.siret.format", "note.siret.length", "note.siret.checksum", "note.siren.format", "note.siren.length",
            "note.siren.checksum", "note.gps.outside", "note.gps.reversed", "note.gps.unreadable",
            "note.opening-hours.syntax", "note.opening-hours.range", "note.phone-number", "note.year-interval.format",
            "note.year-interval.format-or-year", "note.year-interval.same", "note.year-interval.order",
            "note.nomenclature-actes.missing-slash", "note.nomenclature-actes.extra-space",
            "note.nomenclature-actes.prefix", "note.one-of-required", "note.cohesive-columns",
            "note.compare-columns.incomparable", "note.compare-columns.gt", "note.compare-columns.ge",
            "note.compare-columns.eq", "note.compare-columns.le", "note.compare-columns.lt", "note.compare-columns.ne",
            "note.sum-columns", "note.sum-columns.not-number", "check.unknown", "check.bad-declaration",
            "check.bad-params", "check.unknown-column", "check.bad-operator",
        };
        var keys = codes.SelectMany(c => new[] { $"error.{c}.title", $"error.{c}.message" }).Concat(notes);
        foreach (var file in new[] { "checks.fr.json", "checks.en.json" })
        {
            using var stream = typeof(CustomChecks).Assembly.GetManifestResourceStream($"Socle.Validation.Resources.messages.{file}");
            Assert.NotNull(stream);
            using var doc = JsonDocument.Parse(stream);
            foreach (var key in keys)
                Assert.True(doc.RootElement.TryGetProperty(key, out _), $"{file} lacks {key}");
        }
    }

    [Fact]
    public void Messages_render_in_both_languages()
    {
        var table = new CheckTable("siret");
        var check = table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}""");
        var error = Assert.Single(table.Run(check, "123"));
        Assert.Equal("Numéro SIRET invalide", Messages.Title(error, Messages.French));
        Assert.Equal("La valeur « 123 » de la colonne siret (ligne 2) n'est pas un numéro SIRET valide : un SIRET compte 14 chiffres.",
            Messages.Message(error, Messages.French));
        Assert.Equal("The value \"123\" in column siret (row 2) is not a valid SIRET number: a SIRET has 14 digits.",
            Messages.Message(error, Messages.English));

        var rows = new CheckTable("x", "y");
        check = rows.Bind("""{"name": "one-of-required", "params": {"column1": "x", "column2": "y"}}""");
        error = Assert.Single(rows.Run(check, "", ""));
        Assert.Equal("Ligne 2 : au moins l'une des colonnes x ou y doit comporter une valeur.", Messages.Message(error, Messages.French));
        Assert.Equal("Row 2: at least one of the columns x or y must have a value.", Messages.Message(error, Messages.English));
    }

    [Fact]
    public void Checks_are_safe_to_share_between_threads()
    {
        var table = new CheckTable("siret", "horaires", "tel");
        var checks = new[]
        {
            table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}"""),
            table.Bind("""{"name": "opening-hours-value", "params": {"column": "horaires"}}"""),
            table.Bind("""{"name": "phone-number-value", "params": {"column": "tel"}}"""),
        };
        var counts = new int[64];
        Parallel.For(0, counts.Length, i =>
        {
            var errors = new List<ValidationError>();
            for (var n = 0; n < 200; n++)
            {
                var good = (i + n) % 2 == 0;
                var row = table.Row(n + 2, good ? "73282932000074" : "73282932000075",
                    good ? "Mo-Fr 08:00-12:00" : "Mo-Fr 8h-12h", good ? "0476544254" : "hello");
                foreach (var c in checks) c.CheckRow(row, errors);
            }
            counts[i] = errors.Count;
        });
        Assert.All(counts, c => Assert.Equal(300, c));
    }
}
