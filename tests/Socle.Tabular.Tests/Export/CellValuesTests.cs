using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Socle.Tabular.Export;

namespace Socle.Tabular.Tests.Export;

public class CellValuesTests
{
    /// <summary>
    /// What DuckDB.NET really returns for each DuckDB type (read through <see cref="CellValues.Read"/>), and how it
    /// is written in JSON and in CSV text.
    /// </summary>
    [Theory]
    [InlineData("DATE '2024-03-05'", "DateOnly", "\"2024-03-05\"", "2024-03-05")]
    [InlineData("TIMESTAMP '2024-03-05 12:34:56'", "DateTime", "\"2024-03-05T12:34:56\"", "2024-03-05T12:34:56")]
    [InlineData("TIMESTAMP '2024-03-05 12:34:56.789'", "DateTime", "\"2024-03-05T12:34:56.789\"", "2024-03-05T12:34:56.789")]
    [InlineData("TIMESTAMP_NS '2024-03-05 00:00:00.000001'", "DateTime", "\"2024-03-05T00:00:00.000001\"", "2024-03-05T00:00:00.000001")]
    [InlineData("TIMESTAMPTZ '2024-03-05 12:34:56+02'", "DateTime", "\"2024-03-05T10:34:56\"", "2024-03-05T10:34:56")]
    [InlineData("TIME '08:30:00'", "TimeOnly", "\"08:30:00\"", "08:30:00")]
    [InlineData("TIME '23:59:59.5'", "TimeOnly", "\"23:59:59.5\"", "23:59:59.5")]
    [InlineData("INTERVAL 90 MINUTE", "TimeSpan", "\"01:30:00\"", "01:30:00")]
    [InlineData("INTERVAL 3 DAY", "TimeSpan", "\"3.00:00:00\"", "3.00:00:00")]
    [InlineData("170141183460469231731687303715884105727::HUGEINT", "BigInteger", "170141183460469231731687303715884105727", "170141183460469231731687303715884105727")]
    [InlineData("3.10::DECIMAL(10,2)", "Decimal", "3.10", "3.10")]
    [InlineData("-12345678901234567890.123::DECIMAL(38,3)", "Decimal", "-12345678901234567890.123", "-12345678901234567890.123")]
    [InlineData("9007199254740993::BIGINT", "Int64", "9007199254740993", "9007199254740993")]
    [InlineData("-42::INTEGER", "Int32", "-42", "-42")]
    [InlineData("2024::SMALLINT", "Int16", "2024", "2024")]
    [InlineData("-7::TINYINT", "SByte", "-7", "-7")]
    [InlineData("18446744073709551615::UBIGINT", "UInt64", "18446744073709551615", "18446744073709551615")]
    [InlineData("0.1::DOUBLE", "Double", "0.1", "0.1")]
    [InlineData("1e300::DOUBLE", "Double", "1E+300", "1E+300")]
    [InlineData("'NaN'::DOUBLE", "Double", "null", "NaN")]
    [InlineData("'inf'::DOUBLE", "Double", "null", "INF")]
    [InlineData("'-inf'::DOUBLE", "Double", "null", "-INF")]
    [InlineData("1.1::FLOAT", "Single", "1.1", "1.1")]
    [InlineData("true", "Boolean", "true", "true")]
    [InlineData("'é \"à\" <b>'", "String", "\"é \\\"à\\\" <b>\"", "é \"à\" <b>")]
    [InlineData("NULL::INTEGER", "DBNull", "null", "")]
    [InlineData("'00000000-0000-0000-0000-00000000002a'::UUID", "Guid", "\"00000000-0000-0000-0000-00000000002a\"", "00000000-0000-0000-0000-00000000002a")]
    [InlineData("[1, NULL, 3]", "List`1", "[1,null,3]", "[1,null,3]")]
    [InlineData("'AB'::BLOB", "UnmanagedMemoryStream", "\"QUI=\"", "QUI=")]
    // Outside .NET's dates: DuckDB.NET's own structs.
    [InlineData("DATE 'infinity'", "DuckDBDateOnly", "\"infinity\"", "infinity")]
    [InlineData("DATE '-infinity'", "DuckDBDateOnly", "\"-infinity\"", "-infinity")]
    [InlineData("TIMESTAMP 'infinity'", "DuckDBTimestamp", "\"infinity\"", "infinity")]
    [InlineData("TIMESTAMP '20000-01-02 03:04:05.5'", "DuckDBTimestamp", "\"20000-01-02T03:04:05.5\"", "20000-01-02T03:04:05.5")]
    public void DuckDbValues(string sql, string clrType, string json, string text)
    {
        using var duck = new Duck();
        using var reader = duck.Query("SELECT " + sql);
        Assert.True(reader.Read());
        var value = CellValues.Read(reader, 0);
        Assert.Equal(clrType, value.GetType().Name);
        Assert.Equal(json, Json(value));
        Assert.Equal(text, CellValues.Text(CellValues.Read(reader, 0)));
    }

    [Fact]
    public void PlainClrValues()
    {
        Assert.Equal("null", Json(null));
        Assert.Equal("", CellValues.Text(null));
        Assert.Equal("\"1999-12-31\"", Json(new DateOnly(1999, 12, 31)));
        Assert.Equal("\"2024-01-02T03:04:05.0000001\"", Json(new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1)));
        Assert.Equal("\"12:00:00+02:00\"", Json(new DateTimeOffset(1, 1, 2, 12, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal("\"2024-01-02T12:00:00+02:00\"", Json(new DateTimeOffset(2024, 1, 2, 12, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal("null", Json(float.NaN));
        Assert.Equal("NaN", CellValues.Text(float.NaN));
        Assert.Equal("65535", Json((ushort)65535));
        Assert.Equal("4294967295", CellValues.Text(uint.MaxValue));
        Assert.Equal("{\"a\":1,\"b\":[true]}", Json(new Dictionary<string, object> { ["a"] = 1L, ["b"] = new List<bool> { true } }));
        Assert.Equal("\"x\"", Json('x')); // anything else: its text
    }

    [Fact]
    public void DoublesRoundTrip()
    {
        foreach (var d in new[] { 0.1 + 0.2, 1.0 / 3, -1e-7, 123456789.123456789, double.Epsilon, double.MaxValue })
        {
            Assert.Equal(d, double.Parse(CellValues.Text(d), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(d, JsonDocument.Parse(Json(d)).RootElement.GetDouble());
        }
    }

    private static string Json(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            CellValues.WriteJson(w, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
