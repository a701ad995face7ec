using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Socle.Validation.Constraints;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>
/// The readers' fast paths (plain ASCII forms read without the general Python-like parsers) give exactly what the
/// general code gives: the same verdict and the same <see cref="CellValue"/>, field by field (a decimal's scale
/// included), on edge cases and on many generated texts.
/// </summary>
public class FastPathTests
{
    private static void AssertSame(bool okGeneral, in CellValue general, bool okFast, in CellValue fast, string cell)
    {
        Assert.True(okGeneral == okFast, $"verdict of '{cell}': general {okGeneral}, fast {okFast}");
        if (!okGeneral) return;
        Assert.True(general.Kind == fast.Kind, $"Kind of '{cell}'");
        Assert.True(general.Long == fast.Long, $"Long of '{cell}': {general.Long} vs {fast.Long}");
        Assert.True(BitConverter.DoubleToInt64Bits(general.Double) == BitConverter.DoubleToInt64Bits(fast.Double), $"Double of '{cell}'");
        Assert.True(decimal.GetBits(general.Decimal).SequenceEqual(decimal.GetBits(fast.Decimal)),
            $"Decimal of '{cell}': {general.Decimal} vs {fast.Decimal}");
        Assert.True(general.IsDouble == fast.IsDouble, $"IsDouble of '{cell}'");
        Assert.True(Equals(general.Object, fast.Object), $"Object of '{cell}'");
        Assert.True(general.IsAware == fast.IsAware, $"IsAware of '{cell}'");
        Assert.True(general.Length == fast.Length, $"Length of '{cell}'");
    }

    /// <summary>Random texts over an alphabet that reaches the fast paths' edges.</summary>
    private static IEnumerable<string> Random(int seed, int count, int maxLength, string alphabet)
    {
        var r = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var n = r.Next(maxLength + 1);
            var sb = new StringBuilder(n);
            for (var k = 0; k < n; k++) sb.Append(alphabet[r.Next(alphabet.Length)]);
            yield return sb.ToString();
        }
    }

    private static readonly string[] IntegerCells =
    [
        "0", "-0", "+0", "00012", "007", "+1", "-1", "1", " 1", "1 ", "\t1", "1_000", "1__0", "_1", "1_", "٣", "١٢٣", "1٣",
        "1e3", "1.0", "1.", "", "-", "+", "--1", "+-1", "-+1", "12a", "a12", "0x1F", "1,000",
        "123456789012345678", "-123456789012345678", "+123456789012345678", "999999999999999999", "-999999999999999999",
        "1234567890123456789", "-1234567890123456789", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "000000000000000000123", "12 €", "€12", "-12 €", "67712",
    ];

    [Fact]
    public void Integer_fast_path_reads_what_the_general_reader_reads()
    {
        var cells = IntegerCells.Concat(Random(1, 20_000, 21, "0123456789-+_ 9.e٣"));
        foreach (var extra in new[] { "", "\"bareNumber\":false" })
        {
            var reader = (IntegerReader)Fld.Reader("integer", "default", extra);
            foreach (var cell in cells)
            {
                var fast = reader.TryRead(cell, out var f);
                var general = reader.ReadGeneral(cell, out var g);
                AssertSame(general, g, fast, f, cell);
            }
        }
    }

    [Theory]
    [InlineData("67712", 67712L)]
    [InlineData("-0", 0L)]
    [InlineData("+1", 1L)]
    [InlineData("007", 7L)]
    [InlineData("999999999999999999", 999_999_999_999_999_999L)]
    [InlineData("-999999999999999999", -999_999_999_999_999_999L)]
    public void Integer_fast_path_takes_plain_forms(string cell, long expected)
    {
        Assert.True(IntegerReader.TryParsePlain(cell, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData(" 1")]
    [InlineData("1_000")]
    [InlineData("٣")]
    [InlineData("1e3")]
    [InlineData("1234567890123456789")]
    [InlineData("")]
    [InlineData("-")]
    public void Integer_fast_path_leaves_other_forms_to_the_general_reader(string cell) =>
        Assert.False(IntegerReader.TryParsePlain(cell, out _));

    private static readonly string[] NumberCells =
    [
        "44807.26", "0", "-0", "+0", "-0.00", "0.0", "0.000", "+1.5", "-1.5", "1.", ".5", "-.5", "1.50", "1.500", "100",
        "100.00", "100.10", "1e3", "1E3", "1_000", "1_000.5", "٣", "٣.٥", "123456789012345678", "1234567890.12345678",
        "0.123456789012345678", "-0.000000000000000001", "12345678901234567890", "1234567890123456789.5",
        "123456789012345678.0", " 1", "1 ", "1,5", "1 234,56", "1.234,56", "1,234.56", "nan", "NaN", "-inf", "Infinity",
        "€12", "12€", "-12 €", "12.5%", "+", "-", ".", "", "1..2", "1.2.3", "--1", "0001.1000", "00.00",
    ];

    [Fact]
    public void Number_fast_path_reads_what_the_general_reader_reads()
    {
        var cells = NumberCells.Concat(Random(2, 20_000, 22, "0123456789.-+ ,e_٣")).ToArray();
        string[] fields =
        [
            "", "\"decimalChar\":\",\"", "\"decimalChar\":\",\",\"groupChar\":\" \"", "\"decimalChar\":\",\",\"groupChar\":\".\"",
            "\"groupChar\":\",\"", "\"groupChar\":\"-\"", "\"groupChar\":\"1\"", "\"bareNumber\":false",
            "\"bareNumber\":false,\"decimalChar\":\",\"", "\"floatNumber\":true", "\"decimalChar\":\"e\"", "\"decimalChar\":\"\"",
            "\"decimalChar\":\"-\"", "\"decimalChar\":\",\",\"groupChar\":\",\"", "\"decimalChar\":\"..\"", "\"groupChar\":\"ab\"",
        ];
        foreach (var extra in fields)
        {
            var reader = (NumberReader)Fld.Reader("number", "default", extra);
            foreach (var cell in cells)
            {
                var fast = reader.TryRead(cell, out var f);
                var general = reader.ReadGeneral(cell, out var g);
                AssertSame(general, g, fast, f, $"{cell}' ({extra})");
            }
        }
    }

    [Theory]
    [InlineData("44807.26", ".", "44807.26")]
    [InlineData("1.50", ".", "1.5")]
    [InlineData("100.00", ".", "100")]
    [InlineData("-1,5", ",", "-1.5")]
    [InlineData("+7", ".", "7")]
    public void Number_fast_path_takes_plain_forms(string cell, string point, string expected)
    {
        Assert.True(PyDecimal.TryParsePlain(cell, point[0], out var v));
        Assert.Equal(expected, v.Decimal.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign_on_both_paths()
    {
        var reader = (NumberReader)Fld.Reader("number");
        Assert.True(reader.TryRead("-0.00", out var f));
        Assert.True(decimal.IsNegative(f.Decimal));
        Assert.True(reader.ReadGeneral("-0.00", out var g));
        Assert.Equal(decimal.GetBits(g.Decimal), decimal.GetBits(f.Decimal));
    }

    [Theory]
    [InlineData("""{"name":"b","type":"boolean"}""")]
    [InlineData("""{"name":"b","type":"boolean","trueValues":["yes","TRUE"],"falseValues":["no","FALSE"]}""")]
    [InlineData("""{"name":"b","type":"boolean","trueValues":["1","oui"],"falseValues":["1","0","non",""]}""")]
    [InlineData("""{"name":"b","type":"boolean","trueValues":[],"falseValues":["false"]}""")]
    public void Boolean_reads_true_values_then_false_values(string descriptor)
    {
        var field = Fld.Of(descriptor);
        var reader = CellReaders.Create(field);
        string[] cells = ["true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "1", "0", "yes", "no", "oui", "non", "",
            " true", "true ", "truee", "tru", "Yes"];
        foreach (var cell in cells)
        {
            // The reference: frictionless' "if cell in true_values ... elif cell in false_values".
            bool? expected = field.TrueValues.Contains(cell) ? true : field.FalseValues.Contains(cell) ? false : null;
            Assert.Equal(expected is not null, reader.TryRead(cell, out var v));
            if (expected is { } b)
                AssertSame(true, new CellValue { Kind = ValueKind.Boolean, Long = b ? 1 : 0, Length = -1 }, true, v, cell);
        }
    }

    private static readonly string[] DateCells =
    [
        "2022-01-26", "2024-02-29", "2023-02-29", "2023-02-28", "1900-02-29", "2000-02-29", "2100-02-29", "0000-01-01",
        "0001-01-01", "9999-12-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-31", "2024-01-32", "2024-04-31",
        "2024-04-30", "2024-1-5", "2024-01-5", "٢٠٢٤-01-01", "2024-٠١-01", " 2024-01-01", "2024-01-01 ", "2024/01/01",
        "20240101", "2024-01-01T00:00", "24-01-01", "+024-01-01", "2024- 1-01", "2024-01- 1", "2024-1-01", "",
    ];

    [Fact]
    public void Date_fast_path_reads_what_strptime_reads()
    {
        var reader = (DateReader)Fld.Reader("date");
        var cells = DateCells.Concat(Random(3, 20_000, 10, "0123456789-").Select(s => s.Length == 10 ? s : s.PadLeft(10, '2')))
            .Concat(Enumerable.Range(0, 3000).Select(i => new DateOnly(2019, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        foreach (var cell in cells)
        {
            var fast = reader.TryRead(cell, out var f);
            var general = reader.ReadGeneral(cell, out var g);
            AssertSame(general, g, fast, f, cell);
        }
    }

    [Fact]
    public void Day_numbers_are_those_of_DateOnly()
    {
        for (var d = DateOnly.MinValue; ; d = d.AddDays(1))
        {
            Assert.Equal(d.DayNumber, DateReader.DayNumber(d.Year, d.Month, d.Day));
            Assert.Equal(DateTime.DaysInMonth(d.Year, d.Month), DateReader.DaysInMonth(d.Year, d.Month));
            if (d == DateOnly.MaxValue) break;
        }
    }

    private static readonly string[] GeoCells =
    [
        "7.3589, 48.0951", "7.3589,48.0951", " 7.3589 , 48.0951 ", "180, 90", "-180,-90", "180.0000, 90.000", "180.0001, 0",
        "181, 0", "0, 90.01", "0, -90.0000000001", "+1, +2", "-0, -0", "1,2,3", "1", "1,", ",1", "1., 2", ".5, 2", "1, .5",
        "1e2, 3", "7,\t8", "7\t, 8", "٣, 4", "1_0, 2", "0000000000000000180, 90", "000000000000000180, 90",
        "180.000000000000000000000000000001, 0", "179.99999999999999999999999999999999, 0", "nan, 1", "inf, 1", "1, NaN",
        "1 2, 3", "--1, 2", "1, 2 ", "", " , ", "(1, 2)", "[1, 2]", "1;2", "-180.5, 0", "999999999999999999, 1",
    ];

    [Fact]
    public void Geopoint_fast_path_decides_as_the_general_reader()
    {
        var reader = (GeoPointReader)Fld.Reader("geopoint");
        foreach (var cell in GeoCells.Concat(Random(4, 30_000, 14, "0123456789., -+18")))
        {
            var fast = reader.TryRead(cell, out var f);
            var general = reader.ReadGeneral(cell, out var g);
            AssertSame(general, g, fast, f, cell);
        }
    }

    [Fact]
    public void Geopoint_values_are_built_when_an_enum_compares_them()
    {
        var field = Fld.Of("""{"name":"g","type":"geopoint","constraints":{"enum":["7.3589, 48.0951"]}}""");
        var reader = CellReaders.Create(field);
        Assert.True(reader.TryRead("7.35890, 48.0951", out var v));
        Assert.IsType<GeoPointValue>(v.Object);
        var failures = new List<ConstraintFailure>();
        ConstraintChecker.Create(field, reader)!.Check("7.35890, 48.0951", v, failures);
        Assert.Empty(failures);
    }

    private static readonly string[] EmailCells =
    [
        "paul.muller21@gouv.example.fr", "a@b.co", "a@b.c", "a@b.c1", "a@b", "a@-b.fr", "a@b-.fr", "a@b--c.fr", "a@b_c.fr",
        "a@b__c.fr", "a@b.f_r", "a@b.f__r", "a@b.fr.", "a@.b.fr", "a@b..fr", ".a@b.fr", "a.@b.fr", "a..b@b.fr", "@b.fr",
        "a@", "a@@b.fr", "a@b@c.fr", "\"a b\"@b.fr", "\"a\\\"b\"@b.fr", "a b@c.fr", "a@b c.fr", "é@b.fr", "a@é.fr",
        "a@xn--e-9ga.fr", "a\n@b.fr", "a@b.fr\n", "!#$%&'*+/=?^_`{}|~-@b.fr", "a@1.fr", "a@b.1r", "a@b.r1",
        new string('a', 64) + "@b.fr", new string('a', 65) + "@b.fr", "a@" + new string('b', 63) + ".fr",
        "a@" + new string('b', 64) + ".fr", "a@" + string.Join('.', Enumerable.Repeat(new string('b', 62), 4)) + ".fr",
        "a@" + string.Join('.', Enumerable.Repeat(new string('b', 61), 4)) + ".fr", "a@b." + new string('r', 63),
        "a@b." + new string('r', 64), "", "@", "a", "a@B.FR", "A.B-C@D-E.F-G.HI",
    ];

    [Fact]
    public void Email_fast_path_accepts_only_what_the_general_check_accepts()
    {
        var cells = EmailCells.Concat(Random(5, 30_000, 16, "ab.-@_1Z é\"\n!"))
            .Concat(Random(6, 30_000, 16, "ab.-@").Select(s => s + "@x.fr"));
        foreach (var cell in cells)
        {
            var general = EmailFormat.IsValidGeneral(cell);
            if (EmailFormat.IsPlainValid(cell)) Assert.True(general, cell);
            Assert.True(general == EmailFormat.IsValid(cell), cell);
        }
        Assert.True(EmailFormat.IsPlainValid("paul.muller21@gouv.example.fr"));
    }

    [Fact]
    public void Code_points_count_surrogate_pairs_once()
    {
        static int Reference(string s)
        {
            var n = s.Length;
            for (var i = 0; i < s.Length - 1; i++)
                if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { n--; i++; }
            return n;
        }
        string[] cells = ["", "abc", "é", "\U0001F600", "a\U0001F600b\U0001F600", "\uD800", "\uDC00\uD800", "\uD800\uD800\uDC00",
            "\uDC00", new string('a', 100) + "\U0001F600", "\U0001F600\uD800"];
        foreach (var cell in cells.Concat(Random(7, 5000, 40, "ab\uD83D\uDE00\uDC00é")))
            Assert.Equal(Reference(cell), Py.CodePoints(cell));
    }

    [Fact]
    public void Decimal_comparison_with_an_integer_bound_is_decimal_order()
    {
        decimal[] values =
        [
            0m, -0.0m, 0.000m, 1m, -1m, 1.5m, -1.5m, 99999.99m, 100000m, 100000.00m, 100000.01m, -100000.01m,
            0.000000000000000001m, -0.0000000000000000000000000001m, 999999999999999999m, 1000000000000000000m,
            -999999999999999999.5m, 9223372036854775807m, 9223372036854775808m, -9223372036854775808m,
            79228162514264337593543950335m, -79228162514264337593543950335m, 7.9228162514264337593543950335m,
            new decimal(-1, -1, 0, false, 0), new decimal(-1, int.MaxValue, 0, true, 18), new decimal(5, 0, 0, true, 19),
        ];
        long[] bounds = [0, 1, -1, 100000, -100000, 999_999_999_999_999_999, -999_999_999_999_999_999, 92233720368, 7];
        var r = new Random(8);
        var generated = Enumerable.Range(0, 20_000).Select(_ =>
            new decimal(r.Next(), r.Next(4) == 0 ? r.Next() : 0, r.Next(8) == 0 ? r.Next() : 0, r.Next(2) == 0, (byte)r.Next(29)));
        foreach (var d in values.Concat(generated))
            foreach (var b in bounds.Concat([r.NextInt64(-1_000_000, 1_000_000)]))
                Assert.True(d.CompareTo(b) == ConstraintChecker.CompareToInteger(d, b), $"{d} vs {b}");
    }

    [Theory]
    [InlineData("integer", "[\"0\", \"5\", \"-5\", \"100000\", \"100001\", \"99999\", \"-0\", \"+7\", \" 7 \", \"1_000\", \"٣\", \"99999999999999999999\", \"-99999999999999999999\"]",
        "[0, 100000, -5, 1, 99999999999999999999, 0.0, 2.5, -1e30]")]
    [InlineData("number", "[\"0\", \"-0\", \"0.00\", \"44807.26\", \"100000\", \"100000.00\", \"100000.01\", \"99999.999\", \"-0.01\", \"1e5\", \"1E+5\", \"NaN\", \"inf\", \"-inf\", \"1e30\", \"-1e300\", \"0.000000000000000000000000000001\", \"123456789012345678901234567890\"]",
        "[0, 100000, -5, 0.5, 99999.99, 1e30, -1e30, 1e18, 999999999999999999, -999999999999999999, 1000000000000000000]")]
    [InlineData("date", "[\"2022-01-26\", \"2000-01-01\", \"1999-12-31\", \"2030-12-31\", \"2031-01-01\"]",
        "[\"2000-01-01\", \"2030-12-31\", \"2022-01-26\"]")]
    [InlineData("year", "[\"2022\", \"1999\", \"0000\", \"9999\", \" 199\", \"+199\"]", "[2000, \"2022\", 0, 9999]")]
    [InlineData("yearmonth", "[\"2022-01\", \"1999-12\", \"2030-1\"]", "[\"2000-01\", \"2022-01\"]")]
    [InlineData("datetime", "[\"2022-01-26T10:20:30Z\", \"2022-01-26T10:20:30\", \"2022-01-26T10:20:30+01:00\", \"2022-01-26T09:20:30Z\"]",
        "[\"2022-01-26T09:20:30Z\", \"2022-01-26T10:20:30\", \"2022-01-26T10:20:30+02:00\"]")]
    [InlineData("time", "[\"10:20:30\", \"10:20:30Z\", \"09:00:00\", \"23:59:59+01:00\"]", "[\"10:20:30\", \"10:20:30Z\"]")]
    public void Range_checks_order_values_as_the_reader_does(string type, string cellsJson, string boundsJson)
    {
        var cells = JsonSerializer.Deserialize<string[]>(cellsJson)!;
        using var bounds = JsonDocument.Parse(boundsJson);
        var boundItems = bounds.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToArray();
        string[] rules = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
        foreach (var bound in boundItems)
        {
            foreach (var rule in rules)
            {
                var field = Fld.Of("{\"name\":\"v\",\"type\":\"" + type + "\",\"constraints\":{\"" + rule + "\":" + bound + "}}");
                var reader = (TypeReader)CellReaders.Create(field);
                ConstraintChecker checker;
                CellValue boundValue;
                try
                {
                    checker = ConstraintChecker.Create(field, reader)!;
                    Assert.True(reader.TryReadJson(JsonDocument.Parse(bound).RootElement, out boundValue));
                }
                catch (SchemaException) { continue; } // a bound the type cannot read
                foreach (var cell in cells)
                {
                    if (!reader.TryRead(cell, out var value)) continue;
                    // The general rule: the reader's order, unordered (NaN, naive vs aware) failing.
                    bool expected;
                    if ((value.Kind == ValueKind.Number && NumericValues.IsNaN(value))
                        || (value.Kind is ValueKind.DateTime or ValueKind.Time && value.IsAware != boundValue.IsAware))
                        expected = false;
                    else
                    {
                        var cmp = reader.Compare(value, boundValue);
                        expected = rule switch
                        {
                            "minimum" => cmp >= 0,
                            "maximum" => cmp <= 0,
                            "exclusiveMinimum" => cmp > 0,
                            _ => cmp < 0,
                        };
                    }
                    var failures = new List<ConstraintFailure>();
                    checker.Check(cell, value, failures);
                    Assert.True(expected == (failures.Count == 0), $"{type} '{cell}' {rule} {bound}");
                }
            }
        }
    }

    [Theory]
    [InlineData("^[0-9]{5}$", true)]
    [InlineData("^FR-[0-9]{6,7}$", true)]
    [InlineData("[A-Z]{2}\\d+", true)]
    [InlineData("(?:ab)+c", true)]
    [InlineData("(?<code>[0-9]{5})(-[0-9]{4})?", true)]
    [InlineData("a|b|c", true)]
    [InlineData("[a-z]+(?:-[a-z]{1,4})?", true)]
    [InlineData("\\p{L}+", true)]
    [InlineData("a{,5}", true)]
    [InlineData("[]a]+", true)]
    [InlineData("(a+)+", false)]
    [InlineData("(a|b)*", false)]
    [InlineData("((a|b)c)+", false)]
    [InlineData("(a{2})+", false)]
    [InlineData("\\d+\\d+", false)]
    [InlineData("[a-z]*@[a-z]*", false)]
    [InlineData("a{1,100}b{1,100}", false)]
    [InlineData("a?a?a?a?a?a?a?a?a?", false)]
    [InlineData("(?=a)a", false)]
    [InlineData("(?!a)b", false)]
    [InlineData("(?<=a)b", false)]
    [InlineData("(?>a+)b", false)]
    [InlineData("(\\w)\\1", false)]
    [InlineData("(?<n>a)\\k<n>", false)]
    [InlineData("(?i)abc", false)]
    [InlineData("(?#comment)a", false)]
    [InlineData("[a-z-[aeiou]]+", true)] // Python: a class, then ']' repeated
    [InlineData("(a+)?", true)]
    [InlineData("(?:a+|b)?c", true)]
    [InlineData("(?:(a+)?)+", false)]
    [InlineData("(a+)??b+", false)]
    [InlineData("(a+)*", false)]
    [InlineData("\\c[+", false)]
    [InlineData("a{99999999999}", false)]
    [InlineData("a{1, 2}", false)]
    public void Patterns_compiled_for_backtracking_only_when_they_cannot_backtrack_much(string pattern, bool expected) =>
        Assert.Equal(expected, PatternCache.BacktracksLittle("^(?:" + PatternCache.Translate(pattern) + ")$"));

    [Theory]
    [InlineData("^(?:[a-z-[aeiou]]+)$")] // .NET class subtraction
    [InlineData("^(?:a{2}{3})$")]
    [InlineData("^(?:(a)")]
    [InlineData("^(?:a))$")]
    [InlineData("^(?:a\\")]
    public void Unusual_dotnet_syntax_is_not_judged(string pattern) => Assert.False(PatternCache.BacktracksLittle(pattern));

    [Theory]
    [InlineData("^[0-9]{5}$", "0123456789\n\u0663x", 7)]
    [InlineData("^FR-[0-9]{6,7}$", "FR-0123456789_\n", 12)]
    [InlineData("[A-Z]{2}\\d+", "AZ09\u0663a\n", 8)]
    [InlineData("(?:ab)+c", "abc\n", 9)]
    [InlineData("(?P<code>[0-9]{2})(-[0-9]{2})?", "01-\n", 7)]
    [InlineData("a|bc|", "abc\n", 4)]
    [InlineData("[a-z]+(?:-[a-z]{1,4})?\\Z", "az-\n", 9)]
    [InlineData("\\w+[.]\\s?\\S", "aé.  b\n", 7)]
    [InlineData("[^0-9]{2,4}x?", "0ax\n", 6)]
    [InlineData("(?:[A-Z]{3})?[0-9]*", "A0\n", 6)]
    public void Compiled_patterns_match_as_NonBacktracking(string pattern, string alphabet, int maxLength)
    {
        var compiled = PatternCache.Get("f", pattern);
        Assert.IsType<SharedCodeRegex>(compiled);
        Assert.True(compiled.Options.HasFlag(RegexOptions.Compiled));
        var copy = new SharedCodeRegex((SharedCodeRegex)compiled);
        var linear = new Regex(compiled.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var r = new Random(9);
        for (var i = 0; i < 20_000; i++)
        {
            var n = r.Next(maxLength + 1);
            var text = new string(Enumerable.Range(0, n).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());
            var expected = linear.IsMatch(text);
            Assert.True(expected == compiled.IsMatch(text), $"{pattern} on '{text}'");
            Assert.True(expected == copy.IsMatch(text), $"{pattern} (copy) on '{text}'");
        }
    }

    [Fact]
    public void Patterns_that_may_backtrack_stay_linear()
    {
        Assert.True(PatternCache.Get("f", "(a+)+b").Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.True(PatternCache.Get("f", "[a-z]*@[a-z]*\\.fr").Options.HasFlag(RegexOptions.NonBacktracking));
        // Lookarounds and backreferences keep the backtracking engine with its timeout.
        Assert.NotEqual(Regex.InfiniteMatchTimeout, PatternCache.Get("f", "(\\w)\\1").MatchTimeout);
    }

    [Fact]
    public void A_compiled_pattern_stays_fast_on_a_long_failing_text()
    {
        // One unbounded loop: linear however the text ends.
        var regex = PatternCache.Get("f", "[a-z]*[a-z0-9]{1,16}");
        Assert.IsType<SharedCodeRegex>(regex);
        var text = new string('a', 200_000) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var matched = regex.IsMatch(text);
        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
    }

    [Fact]
    public void Pattern_checks_on_several_threads_agree()
    {
        var field = Fld.Of("""{"name":"c","type":"string","constraints":{"pattern":"^FR-[0-9]{6,7}$"}}""");
        var checker = ConstraintChecker.Create(field, CellReaders.Create(field))!;
        string[] cells = ["FR-000001", "FR-0000001", "FR-00001", "FR_000001", "FR-000001\n", "FR-00000001"];
        bool[] expected = [true, true, false, false, true, false];
        Parallel.For(0, 8, _ =>
        {
            var failures = new List<ConstraintFailure>();
            for (var i = 0; i < 2000; i++)
            {
                var k = i % cells.Length;
                failures.Clear();
                checker.Check(cells[k], default, failures);
                Assert.Equal(expected[k], failures.Count == 0);
            }
        });
    }

    [Fact]
    public void Fast_paths_allocate_nothing()
    {
        (CellReader Reader, string Cell)[] cases =
        [
            (Fld.Reader("integer"), "+67712"),
            (Fld.Reader("number"), "100.00"),
            (Fld.Reader("number", "default", "\"decimalChar\":\",\",\"groupChar\":\" \""), "-1234,50"),
            (Fld.Reader("number", "default", "\"bareNumber\":false"), "12.5"),
            (Fld.Reader("boolean"), "TRUE"),
            (Fld.Reader("date"), "2024-02-29"),
            (Fld.Reader("geopoint"), "7.3589, 48.0951"),
            (Fld.Reader("geopoint"), "181, 48"),
            (Fld.Reader("string", "email"), "paul.muller21@gouv.example.fr"),
            (Fld.Reader("string", "email"), "Zoë@mairie.fr"),
        ];
        foreach (var (r, c) in cases) r.TryRead(c, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            foreach (var (r, c) in cases) r.TryRead(c, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
