using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>integer and number, with the cases of frictionless-py's test_integer.py / test_number.py and Python's int()/Decimal() rules.</summary>
public class NumberTypeTests
{
    [Theory]
    [InlineData("1", "", true)]
    [InlineData("000835", "", true)]
    [InlineData("0", "", true)]
    [InlineData("00", "", true)]
    [InlineData("01", "", true)]
    [InlineData(" 01 ", "", true)]
    [InlineData("0.0003", "", false)]
    [InlineData("00", "\"bareNumber\":false", true)]
    [InlineData("1$", "\"bareNumber\":false", true)]
    [InlineData("ab1$", "\"bareNumber\":false", true)]
    [InlineData("-12 €", "\"bareNumber\":false", true)]
    [InlineData("-12€", "\"bareNumber\":false", true)]
    [InlineData("€-12", "\"bareNumber\":false", true)]
    [InlineData("€ -12", "\"bareNumber\":false", true)]
    [InlineData("3.14", "", false)]
    [InlineData("1$", "", false)]
    [InlineData("+5", "", true)]
    [InlineData("-0", "", true)]
    [InlineData("1_000", "", true)]
    [InlineData("1__000", "", false)]
    [InlineData("_1", "", false)]
    [InlineData("1_", "", false)]
    [InlineData("- 5", "", false)]
    [InlineData("\u0661\u0662", "", true)]
    [InlineData("\u001c5\u001c", "", true)]
    [InlineData("1e3", "", false)]
    [InlineData("123456789012345678901234567890", "", true)]
    [InlineData("-", "", false)]
    [InlineData("abc", "\"bareNumber\":false", false)]
    public void Integer_accepts_what_python_int_accepts(string cell, string extra, bool valid) =>
        Assert.Equal(valid, Fld.Reads("integer", "default", cell, extra));

    [Fact]
    public void Integer_values()
    {
        var r = Fld.Reader("integer", "default", "\"bareNumber\":false");
        Assert.Equal(-12, Fld.Read(r, "€ -12").Long);
        Assert.Equal(835, Fld.Read(Fld.Reader("integer"), "000835").Long);
        var big = Fld.Read(Fld.Reader("integer"), "123456789012345678901234567890");
        Assert.Equal(System.Numerics.BigInteger.Parse("123456789012345678901234567890"), big.Object);
    }

    [Theory]
    [InlineData("1", "", true)]
    [InlineData("10.00", "", true)]
    [InlineData("10.50", "", true)]
    [InlineData("000835", "", true)]
    [InlineData(" 01 ", "", true)]
    [InlineData("0.003", "", true)]
    [InlineData("-12.3 €", "\"bareNumber\":false", true)]
    [InlineData("€ -12.3", "\"bareNumber\":false", true)]
    [InlineData("100%", "\"bareNumber\":false", true)]
    [InlineData("1000‰", "\"bareNumber\":false", true)]
    [InlineData("-1000", "", true)]
    [InlineData("1,000", "\"groupChar\":\",\"", true)]
    [InlineData("10,000,000.50", "\"groupChar\":\",\"", true)]
    [InlineData("10#000@00", "\"groupChar\":\"#\",\"decimalChar\":\"@\"", true)]
    [InlineData("10.000.000,00", "\"groupChar\":\".\",\"decimalChar\":\",\"", true)]
    [InlineData("  10,000.00 €", "\"groupChar\":\",\",\"bareNumber\":false", true)]
    [InlineData("10 000,00", "\"groupChar\":\" \",\"decimalChar\":\",\"", true)]
    [InlineData("  10 000,00 £", "\"groupChar\":\" \",\"decimalChar\":\",\",\"bareNumber\":false", true)]
    [InlineData("10,000a.00", "", false)]
    [InlineData("10+000.00", "", false)]
    [InlineData("$10:000.00", "", false)]
    [InlineData("string", "", false)]
    [InlineData("1.234", "\"decimalChar\":\",\"", false)]
    [InlineData("1.234.", "\"decimalChar\":\",\",\"bareNumber\":false", false)]
    [InlineData("1234.", "\"decimalChar\":\",\",\"bareNumber\":false", true)]
    [InlineData("3,14", "\"decimalChar\":\",\"", true)]
    [InlineData("NaN", "", true)]
    [InlineData("-inf", "", true)]
    [InlineData("Infinity", "", true)]
    [InlineData("sNaN", "", true)]
    [InlineData("in f", "", false)]
    [InlineData("1e5", "", true)]
    [InlineData("1E+2", "", true)]
    [InlineData("1e", "", false)]
    [InlineData(".5", "", true)]
    [InlineData("5.", "", true)]
    [InlineData(".", "", false)]
    [InlineData("+-1", "", false)]
    [InlineData("1__0", "", true)]
    [InlineData("_1_", "", true)]
    [InlineData("0x10", "", false)]
    [InlineData("1 e2", "", false)]
    [InlineData("\u0661.5", "", true)]
    [InlineData("1e400", "", true)]
    [InlineData("1_000.5", "\"floatNumber\":true", true)]
    [InlineData("1__000", "\"floatNumber\":true", false)]
    [InlineData("nan", "\"floatNumber\":true", true)]
    public void Number_accepts_what_python_decimal_accepts(string cell, string extra, bool valid) =>
        Assert.Equal(valid, Fld.Reads("number", "default", cell, extra));

    [Theory]
    [InlineData("10#000#000@50", "\"groupChar\":\"#\",\"decimalChar\":\"@\"", "10000000.5")]
    [InlineData("8.699,8", "\"groupChar\":\".\",\"decimalChar\":\",\"", "8699.8")]
    [InlineData("-12.3€", "\"bareNumber\":false", "-12.3")]
    [InlineData("0.1", "", "0.1")]
    [InlineData("12345678901234.12345", "", "12345678901234.12345")]
    public void Number_values(string cell, string extra, string expected)
    {
        var v = Fld.Read(Fld.Reader("number", "default", extra), cell);
        Assert.False(v.IsDouble);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), v.Decimal);
    }

    [Fact]
    public void Number_outside_decimal_range_is_kept_as_double_with_an_exact_key()
    {
        var r = Fld.Reader("number");
        var v = Fld.Read(r, "1e30");
        Assert.True(v.IsDouble);
        Assert.Equal(r.ToKey("1e30", v), Fld.Key(Fld.Reader("integer"), "1000000000000000000000000000000"));
        Assert.NotEqual(r.ToKey("1e30", v), Fld.Key(r, "1000000000000000019884624838656"));
    }

    [Fact]
    public void Number_keys_follow_python_equality()
    {
        var n = Fld.Reader("number");
        var i = Fld.Reader("integer");
        Assert.Equal(Fld.Key(n, "1.0"), Fld.Key(n, "1"));
        Assert.Equal(Fld.Key(n, "1.0"), Fld.Key(i, "1"));
        Assert.Equal(Fld.Key(n, "100"), Fld.Key(n, "1E+2"));
        Assert.Equal(Fld.Key(n, "-0"), Fld.Key(n, "0.00"));
        Assert.Equal(Fld.Key(n, "1.50"), Fld.Key(Fld.Reader("number", "default", "\"decimalChar\":\",\""), "1,5"));
        Assert.NotEqual(Fld.Key(n, "1.5"), Fld.Key(n, "1.05"));
        Assert.NotEqual(Fld.Key(n, "NaN"), Fld.Key(n, "NaN"));
        Assert.Equal(Fld.Key(n, "inf"), Fld.Key(n, "Infinity"));
        // Python: True == 1
        Assert.Equal(Fld.Key(Fld.Reader("boolean"), "true"), Fld.Key(i, "1"));
        Assert.Equal(Fld.Key(Fld.Reader("year"), "2020"), Fld.Key(i, "2020"));
        // float 0.1 is not Decimal("0.1")
        Assert.NotEqual(Fld.Key(Fld.Reader("number", "default", "\"floatNumber\":true"), "0.1"), Fld.Key(n, "0.1"));
        Assert.Equal(Fld.Key(Fld.Reader("number", "default", "\"floatNumber\":true"), "0.5"), Fld.Key(n, "0.50"));
    }

    [Fact]
    public void Number_equality_and_order()
    {
        var n = Fld.Reader("number");
        Assert.True(n.ValueEquals(Fld.Read(n, "2.50"), Fld.Read(n, "2.5")));
        Assert.False(n.ValueEquals(Fld.Read(n, "NaN"), Fld.Read(n, "NaN")));
        Assert.True(n.Compare(Fld.Read(n, "1e30"), Fld.Read(n, "99")) > 0);
        Assert.True(n.Compare(Fld.Read(n, "-inf"), Fld.Read(n, "-1e300")) < 0);
    }

    [Fact]
    public void Boolean_values()
    {
        Assert.True(Fld.Reads("boolean", "default", "true"));
        Assert.True(Fld.Reads("boolean", "default", "TRUE"));
        Assert.True(Fld.Reads("boolean", "default", "0"));
        Assert.False(Fld.Reads("boolean", "default", "t"));
        Assert.False(Fld.Reads("boolean", "default", "YES"));
        Assert.False(Fld.Reads("boolean", "default", "3.14"));
        Assert.True(Fld.Reads("boolean", "default", "yes", "\"trueValues\":[\"yes\"]"));
        Assert.False(Fld.Reads("boolean", "default", "Yes", "\"trueValues\":[\"yes\"]"));
        Assert.False(Fld.Reads("boolean", "default", "true", "\"trueValues\":[\"yes\"]"));
        Assert.False(Fld.Reads("boolean", "default", "0", "\"falseValues\":[\"no\"]"));
        var r = Fld.Reader("boolean", "default", "\"trueValues\":[\"oui\"],\"falseValues\":[\"non\"]");
        Assert.Equal(1, Fld.Read(r, "oui").Long);
        Assert.Equal(0, Fld.Read(r, "non").Long);
    }
}
