using Socle.Validation.Checks;
using Socle.Validation.Reporting;

namespace Socle.Validation.Tests.Checks;

public class SiretSirenTests
{
    private readonly CheckTable _table = new("id", "siret", "siren");

    [Theory]
    [InlineData("73282932000074")]        // Société Générale
    [InlineData("21060004500392")]        // subventions example
    [InlineData("52499120500013")]
    [InlineData("732 829 320 00074")]     // spaces are separators
    [InlineData("732.829.320.00074")]     // so are dots
    [InlineData(" 73282932000074 ")]
    [InlineData(".\t73282932000074")]      // stdnum drops spaces and dots, then trims white space
    [InlineData("35600000000048")]        // La Poste, head office: Luhn
    [InlineData("35600000049837")]        // La Poste establishment: digit sum multiple of 5, not Luhn
    [InlineData("35600000000010")]
    public void Accepts_valid_siret(string value)
    {
        var check = _table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}""");
        Assert.Empty(_table.Run(check, "1", value, ""));
    }

    [Theory]
    [InlineData("73282932000075", "note.siret.checksum")]
    [InlineData("21860194600000", "note.siret.checksum")]   // subventions invalid example
    [InlineData("32402138500000.0", "note.siret.length")]   // the dot is a separator: 15 digits
    [InlineData("218601946", "note.siret.length")]
    [InlineData("7328293200007A", "note.siret.format")]
    [InlineData("73282932000074-", "note.siret.format")]
    [InlineData("35600000049838", "note.siret.checksum")]   // La Poste, digit sum not a multiple of 5
    [InlineData("35600000000049", "note.siret.checksum")]   // not the head office: digit sum 27
    [InlineData("...", "note.siret.format")]
    public void Rejects_invalid_siret(string value, string note)
    {
        var check = _table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}""");
        var error = Assert.Single(_table.Run(check, "1", value, ""));
        Assert.Equal("french-siret-value", error.Type);
        Assert.Equal(2, error.RowNumber);
        Assert.Equal(12, error.FieldNumber);
        Assert.Equal("siret", error.FieldName);
        Assert.Equal(value, error.Cell);
        Assert.Equal(note, error.NoteKey);
        Assert.True(Messages.Has(note));
    }

    [Fact]
    public void The_siret_of_a_siren_failing_Luhn_is_invalid_even_if_the_siret_passes()
    {
        // 14 digits passing Luhn whose first 9 digits fail it: stdnum checks the SIREN too.
        Assert.Equal(FrenchIdentifiers.Problem.None, FrenchIdentifiers.Siret("73282932000074"));
        var siret = "10000000000008"; // Luhn over 14 digits: ok; SIREN 100000000: not.
        Assert.True(FrenchIdentifiers.Luhn(siret.Select(c => (byte)(c - '0')).ToArray()));
        Assert.Equal(FrenchIdentifiers.Problem.Checksum, FrenchIdentifiers.Siret(siret));
    }

    [Fact]
    public void Newer_name_siret_reports_its_own_code()
    {
        var check = _table.Bind("""{"name": "siret", "params": {"column": "siret"}}""");
        Assert.Equal("siret", Assert.Single(_table.Run(check, "1", "123", "")).Type);
    }

    [Theory]
    [InlineData("732829320", true)]
    [InlineData("552100554", true)]
    [InlineData("356000000", true)]
    [InlineData("732 829 320", true)]
    [InlineData("732829321", false)]
    [InlineData("73282932", false)]
    [InlineData("W12345678", false)]
    public void Siren(string value, bool valid)
    {
        foreach (var name in new[] { "french-siren-value", "siren" })
        {
            var check = _table.Bind($$$"""{"name": "{{{name}}}", "params": {"column": "siren"}}""");
            var errors = _table.Run(check, "1", "", value);
            Assert.Equal(valid, errors.Count == 0);
            if (!valid) Assert.Equal(name, errors[0].Type);
        }
    }

    [Fact]
    public void Empty_absent_and_type_error_cells_are_skipped()
    {
        var check = _table.Bind("""{"name": "french-siret-value", "params": {"column": "siret"}}""");
        Assert.Empty(_table.Run(check, "1", "", ""));
        Assert.Empty(_table.Run(check, "1", null, null));
        Assert.Empty(_table.Run(check, "1", new Bad("xyz"), ""));
    }
}

public class PhoneNumberTests
{
    private readonly CheckTable _table = new("no_appel");

    [Theory]
    [InlineData("0476544254")]          // stationstaxi valid example
    [InlineData("01 99 00 27 37")]
    [InlineData("01.99.00.27.37")]
    [InlineData("+33 1 99 00 27 37")]
    [InlineData("+33199002737")]
    [InlineData("0033 1 99 00 27 37")]
    [InlineData("06 12 34 56 78")]
    [InlineData("+44 20 7946 0958")]    // international
    [InlineData("115")]                 // short numbers
    [InlineData("3949")]
    [InlineData("112")]
    [InlineData("476544254")]           // the national number without its trunk 0: libphonenumber (so Validata) accepts it
    public void Accepts(string value)
    {
        var check = _table.Bind("""{"name": "phone-number-value", "params": {"column": "no_appel"}}""");
        Assert.Empty(_table.Run(check, value));
    }

    [Theory]
    [InlineData("01 99 00 27")]
    [InlineData("hello")]
    [InlineData("+33 1 99")]
    [InlineData("00 00 00 00 00")]
    public void Rejects(string value)
    {
        var check = _table.Bind("""{"name": "phone-number-value", "params": {"column": "no_appel"}}""");
        var error = Assert.Single(_table.Run(check, value));
        Assert.Equal("phone-number-value", error.Type);
        Assert.Equal("note.phone-number", error.NoteKey);
    }
}

public class FrenchGpsCoordinatesTests
{
    [Theory]
    [InlineData("2.294481, 48.85837")]      // Paris
    [InlineData("5.7118754, 45.1800016")]   // Grenoble (stationstaxi example)
    [InlineData("9.45, 42.7")]              // Corse
    [InlineData("-61.53, 16.24")]           // Guadeloupe
    [InlineData("-61.07, 14.6")]            // Martinique
    [InlineData("-52.33, 4.93")]            // Guyane
    [InlineData("55.45, -20.88")]           // La Réunion
    [InlineData("45.16, -12.78")]           // Mayotte
    public void Accepts_points_in_France(string value)
    {
        var table = new CheckTable("xy:geopoint");
        var check = table.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        Assert.Empty(table.Run(check, value));
    }

    [Fact]
    public void Reversed_coordinates_have_their_own_code()
    {
        var table = new CheckTable("xy:geopoint");
        var check = table.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        var error = Assert.Single(table.Run(check, "48.85837, 2.294481"));
        Assert.Equal("reversed-french-gps-coordinates", error.Type);
        Assert.Equal("note.gps.reversed", error.NoteKey);
        Assert.Equal("48.85837, 2.294481", error.Cell);
    }

    [Fact]
    public void Points_elsewhere_are_reported()
    {
        var table = new CheckTable("xy:geopoint");
        var check = table.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        var error = Assert.Single(table.Run(check, "48.85837, 52.0"));
        Assert.Equal("french-gps-coordinates", error.Type);
        Assert.Equal("note.gps.outside", error.NoteKey);
        Assert.Equal(["48.85837", "52"], error.NoteArgs);
        Assert.Single(table.Run(check, "-0.1276, 51.5072")); // London: north of the box
    }

    [Fact]
    public void Array_and_object_formats_and_string_fields()
    {
        var array = new CheckTable("xy:geopoint:array");
        var check = array.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        Assert.Empty(array.Run(check, "[2.294481, 48.85837]"));
        Assert.Equal("reversed-french-gps-coordinates", Assert.Single(array.Run(check, "[48.85837, 2.294481]")).Type);

        var obj = new CheckTable("xy:geopoint:object");
        check = obj.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        Assert.Empty(obj.Run(check, """{"lon": 2.294481, "lat": 48.85837}"""));

        var text = new CheckTable("xy");
        check = text.Bind("""{"name": "french-gps-coordinates", "params": {"column": "xy"}}""");
        Assert.Empty(text.Run(check, "2.294481,48.85837"));
        Assert.Empty(text.Run(check, "[2.294481,48.85837]"));
        Assert.Equal("note.gps.unreadable", Assert.Single(text.Run(check, "Paris")).NoteKey);
    }

    [Fact]
    public void Points_on_a_box_edge_are_outside()
    {
        Assert.False(FrenchGpsCoordinatesCheck.InFrance(-5.141277, 45));
        Assert.True(FrenchGpsCoordinatesCheck.InFrance(-5.14, 45));
    }
}

public class YearIntervalTests
{
    private readonly CheckTable _table = new("annee");

    [Theory]
    [InlineData("2017/2018", null)]
    [InlineData("1999/2024", null)]
    [InlineData("2017", "note.year-interval.format")]
    [InlineData("2017/2017", "note.year-interval.same")]
    [InlineData("2018/2017", "note.year-interval.order")]
    [InlineData("2017-2018", "note.year-interval.format")]
    [InlineData("17/18", "note.year-interval.format")]
    [InlineData("toto", "note.year-interval.format")]
    public void Without_single_years(string value, string? note)
    {
        var check = _table.Bind("""{"name": "year-interval-value", "params": {"column": "annee"}}""");
        var errors = _table.Run(check, value);
        Assert.Equal(note, errors.SingleOrDefault()?.NoteKey);
    }

    [Theory]
    [InlineData("""{"column": "annee", "allow-year-only": "yes"}""")]
    [InlineData("""{"column": "annee", "allow-year-only": "true"}""")]
    [InlineData("""{"column": "annee", "allow_year_only": true}""")]
    public void With_single_years(string parameters)
    {
        var check = _table.Bind($$$"""{"name": "year-interval-value", "params": {{{parameters}}}}""");
        Assert.Empty(_table.Run(check, "2017"));
        Assert.Empty(_table.Run(check, "2017/2019"));
        Assert.Equal("note.year-interval.format-or-year", Assert.Single(_table.Run(check, "201")).NoteKey);
        Assert.Equal("note.year-interval.same", Assert.Single(_table.Run(check, "2017/2017")).NoteKey);
        var order = Assert.Single(_table.Run(check, "2019/2017"));
        Assert.Equal(["2019", "2017"], order.NoteArgs);
    }

    [Fact]
    public void Allow_year_only_no()
    {
        var check = _table.Bind("""{"name": "year-interval-value", "params": {"column": "annee", "allow-year-only": "no"}}""");
        Assert.Single(_table.Run(check, "2017"));
    }
}

public class NomenclatureActesTests
{
    private readonly CheckTable _table = new("matiere");

    [Theory]
    [InlineData("Commande publique/Marchés publics")]
    [InlineData("Urbanisme/Documents d'urbanisme")]
    [InlineData("Finances locales/Décisions budgétaires")]
    [InlineData("Libertés publiques et pouvoirs de police/Police municipale")]
    [InlineData("libertes publiques et pouvoirs de police/police")]   // case and accents ignored
    [InlineData("DOMAINES DE COMPÉTENCES PAR THÈMES/Culture")]
    [InlineData("Domaines de compe\u0301tences par the\u0300mes/Culture")] // decomposed accents
    [InlineData("Fonction publique/")]
    public void Accepts(string value)
    {
        var check = _table.Bind("""{"name": "nomenclature-actes-value", "params": {"column": "matiere"}}""");
        Assert.Empty(_table.Run(check, value));
    }

    [Theory]
    [InlineData("Urbanisme", "note.nomenclature-actes.missing-slash")]
    [InlineData("Urbanisme /Permis", "note.nomenclature-actes.extra-space")]
    [InlineData("Urbanisme/ Permis", "note.nomenclature-actes.extra-space")]
    [InlineData("Voirie/Travaux", "note.nomenclature-actes.prefix")]
    [InlineData("Commande/publique", "note.nomenclature-actes.prefix")]
    public void Rejects(string value, string note)
    {
        var check = _table.Bind("""{"name": "nomenclature-actes-value", "params": {"column": "matiere"}}""");
        var error = Assert.Single(_table.Run(check, value));
        Assert.Equal("nomenclature-actes-value", error.Type);
        Assert.Equal(note, error.NoteKey);
    }

    [Fact]
    public void Every_official_label_is_recognised()
    {
        foreach (var label in NomenclatureActesCheck.Labels)
        {
            Assert.True(NomenclatureActesCheck.IsLabel(label));
            Assert.True(NomenclatureActesCheck.IsLabel(label.ToUpperInvariant()));
        }
        Assert.False(NomenclatureActesCheck.IsLabel("Urbanisme "));
    }
}
