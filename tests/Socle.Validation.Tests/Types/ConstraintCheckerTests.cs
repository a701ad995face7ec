using Socle.Validation.Constraints;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>Value constraints: order and notes as frictionless-py prints them (schema/__spec__/field/test_constraints.py).</summary>
public class ConstraintCheckerTests
{
    private static List<ConstraintFailure> Check(string descriptor, string cell)
    {
        var field = Fld.Of(descriptor);
        var reader = CellReaders.Create(field);
        var checker = ConstraintChecker.Create(field, reader);
        Assert.NotNull(checker);
        CellValue value = default;
        if (!reader.AcceptsAnything) Assert.True(reader.TryRead(cell, out value), $"'{cell}' should read");
        var failures = new List<ConstraintFailure>();
        checker!.Check(cell, value, failures);
        return failures;
    }

    private static string[] Names(string descriptor, string cell) => Check(descriptor, cell).Select(f => f.Name).ToArray();

    [Fact]
    public void No_checker_without_value_constraints()
    {
        var f = Fld.Of("{\"name\":\"a\",\"type\":\"string\",\"constraints\":{\"required\":true,\"unique\":true}}");
        Assert.Null(ConstraintChecker.Create(f, CellReaders.Create(f)));
    }

    [Theory]
    [InlineData("abc", 0)]
    [InlineData("ab", 0)]
    [InlineData("a", 1)]
    [InlineData("\U0001F600\U0001F600", 0)]
    [InlineData("é", 1)]
    public void MinLength_counts_code_points(string cell, int failures)
    {
        var f = Check("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"minLength\":2}}", cell);
        Assert.Equal(failures, f.Count);
        if (failures > 0) Assert.Equal(new ConstraintFailure("minLength", "2"), f[0]);
    }

    [Fact]
    public void MaxLength_on_strings_arrays_objects_and_lists()
    {
        Assert.Equal(["maxLength"], Names("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"maxLength\":2}}", "abc"));
        Assert.Empty(Names("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"maxLength\":2}}", "\U0001F600\U0001F600"));
        Assert.Equal(["maxLength"], Names("{\"name\":\"n\",\"type\":\"array\",\"constraints\":{\"maxLength\":2}}", "[1, 2, 3]"));
        Assert.Empty(Names("{\"name\":\"n\",\"type\":\"object\",\"constraints\":{\"maxLength\":1}}", "{\"a\": 1, \"a\": 2}"));
        Assert.Equal(["maxLength"], Names("{\"name\":\"n\",\"type\":\"list\",\"constraints\":{\"maxLength\":2}}", "a,b,c"));
        Assert.Equal(["minLength"], Names("{\"name\":\"n\",\"type\":\"list\",\"constraints\":{\"minLength\":2}}", "a"));
    }

    [Theory]
    [InlineData("3", 0)]
    [InlineData("2", 0)]
    [InlineData("1", 1)]
    [InlineData("-5", 1)]
    public void Minimum_integer(string cell, int failures)
    {
        var f = Check("{\"name\":\"n\",\"type\":\"integer\",\"constraints\":{\"minimum\":2}}", cell);
        Assert.Equal(failures, f.Count);
        if (failures > 0) Assert.Equal(new ConstraintFailure("minimum", "2"), f[0]);
    }

    [Fact]
    public void Maximum_and_exclusive_bounds()
    {
        const string d = "{\"name\":\"n\",\"type\":\"number\",\"constraints\":{\"minimum\":0,\"maximum\":10.5,\"exclusiveMinimum\":0,\"exclusiveMaximum\":10}}";
        Assert.Empty(Names(d, "5"));
        Assert.Equal(["exclusiveMinimum"], Names(d, "0"));
        Assert.Equal(["exclusiveMinimum"], Names(d, "0.000"));
        Assert.Equal(["exclusiveMaximum"], Names(d, "10"));
        Assert.Equal(["exclusiveMaximum"], Names(d, "10.5"));
        Assert.Equal(["maximum", "exclusiveMaximum"], Names(d, "10.6"));
        Assert.Equal(["minimum", "exclusiveMinimum"], Names(d, "-1"));
        Assert.Equal(new ConstraintFailure("maximum", "10.5"), Check(d, "11")[0]);
        // NaN is never within bounds (Decimal comparisons with NaN raise); infinities compare.
        Assert.Equal(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"], Names(d, "NaN"));
        Assert.Equal(["maximum", "exclusiveMaximum"], Names(d, "inf"));
        Assert.Equal(["minimum", "exclusiveMinimum"], Names(d, "-Infinity"));
    }

    [Fact]
    public void Bounds_of_dates_times_and_others()
    {
        Assert.Equal(["minimum"], Names("{\"name\":\"n\",\"type\":\"date\",\"constraints\":{\"minimum\":\"1789-07-14\"}}", "1789-07-13"));
        Assert.Empty(Names("{\"name\":\"n\",\"type\":\"date\",\"format\":\"%d/%m/%Y\",\"constraints\":{\"maximum\":\"31/12/2000\"}}", "31/12/2000"));
        Assert.Equal(["maximum"], Names("{\"name\":\"n\",\"type\":\"datetime\",\"constraints\":{\"maximum\":\"2001-01-01T12:00:00Z\"}}", "2001-01-01T13:30:00+01:00"));
        Assert.Empty(Names("{\"name\":\"n\",\"type\":\"datetime\",\"constraints\":{\"maximum\":\"2001-01-01T12:00:00Z\"}}", "2001-01-01T13:00:00+01:00"));
        // Python cannot order an aware and a naive datetime: the bound fails.
        Assert.Equal(["maximum"], Names("{\"name\":\"n\",\"type\":\"datetime\",\"constraints\":{\"maximum\":\"2001-01-01T12:00:00Z\"}}", "2000-01-01T00:00:00"));
        Assert.Equal(["minimum"], Names("{\"name\":\"n\",\"type\":\"time\",\"constraints\":{\"minimum\":\"07:07:07\"}}", "07:07:06"));
        Assert.Equal(["maximum"], Names("{\"name\":\"n\",\"type\":\"year\",\"constraints\":{\"maximum\":2000}}", "2001"));
        Assert.Equal(["maximum"], Names("{\"name\":\"n\",\"type\":\"yearmonth\",\"constraints\":{\"maximum\":\"2001-01\"}}", "2001-02"));
        Assert.Equal(["exclusiveMaximum"], Names("{\"name\":\"n\",\"type\":\"duration\",\"constraints\":{\"exclusiveMaximum\":\"PT1H\"}}", "PT60M"));
    }

    [Theory]
    [InlineData("a", 0)]
    [InlineData("b", 0)]
    [InlineData("c", 1)]
    // XML Schema style: the whole value must match, alternation included (frictionless v5 would let "abc" pass).
    [InlineData("abc", 1)]
    [InlineData("xb", 1)]
    [InlineData("b\n", 0)]
    public void Pattern_is_anchored_on_the_whole_value(string cell, int failures)
    {
        var f = Check("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"pattern\":\"a|b\"}}", cell);
        Assert.Equal(failures, f.Count);
        if (failures > 0) Assert.Equal(new ConstraintFailure("pattern", "a|b"), f[0]);
    }

    [Theory]
    [InlineData("[0-9]{5}", "75001", true)]
    [InlineData("[0-9]{5}", "750011", false)]
    [InlineData("[0-9]{5}", " 75001", false)]
    [InlineData("(?P<d>[0-9])(?P=d)", "11", true)]
    [InlineData("(?P<d>[0-9])(?P=d)", "12", false)]
    [InlineData("[A-Z]+\\Z", "ABC", true)]
    [InlineData("(?i)abc", "ABC", true)]
    [InlineData("\\d+", "\u0661\u0662", true)]
    public void Pattern_python_syntax(string pattern, string cell, bool ok)
    {
        var d = "{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"pattern\":" + System.Text.Json.JsonSerializer.Serialize(pattern) + "}}";
        Assert.Equal(ok, Check(d, cell).Count == 0);
    }

    [Fact]
    public void Enum_integer_compares_values_and_prints_the_python_list()
    {
        const string d = "{\"name\":\"n\",\"type\":\"integer\",\"constraints\":{\"enum\":[\"1\",\"2\",\"3\"]}}";
        Assert.Empty(Check(d, "1"));
        Assert.Empty(Check(d, "01"));
        Assert.Equal([new ConstraintFailure("enum", "['1', '2', '3']")], Check(d, "4"));
    }

    [Fact]
    public void Enum_by_type()
    {
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"number\",\"constraints\":{\"enum\":[1, 2.5]}}", "2.50"));
        Assert.Single(Check("{\"name\":\"n\",\"type\":\"number\",\"constraints\":{\"enum\":[\"NaN\"]}}", "NaN"));
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"boolean\",\"constraints\":{\"enum\":[true]}}", "1"));
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"date\",\"constraints\":{\"enum\":[\"2020-01-05\"]}}", "2020-1-5"));
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"enum\":[\"a\",\"b\"]}}", "a"));
        Assert.Single(Check("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"enum\":[\"a\",\"b\"]}}", "A"));
        // A JSON number in a string enum reads as None in frictionless: it never matches.
        Assert.Single(Check("{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"enum\":[1]}}", "1"));
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"any\",\"constraints\":{\"enum\":[\"1\"]}}", "1"));
        Assert.Single(Check("{\"name\":\"n\",\"type\":\"any\",\"constraints\":{\"enum\":[1]}}", "1"));
        Assert.Empty(Check("{\"name\":\"n\",\"type\":\"array\",\"constraints\":{\"enum\":[[1, 2]]}}", "[1.0, 2]"));
        Assert.Equal([new ConstraintFailure("enum", "[True, None, 2.5, 'x', {'a': [1]}]")],
            Check("{\"name\":\"n\",\"type\":\"boolean\",\"constraints\":{\"enum\":[true, null, 2.5, \"x\", {\"a\": [1]}]}}", "false"));
    }

    [Fact]
    public void Several_failures_in_frictionless_order()
    {
        const string d = "{\"name\":\"n\",\"type\":\"string\",\"constraints\":{\"enum\":[\"a\",\"b\"],\"pattern\":\"a|b\",\"maxLength\":1,\"minLength\":1}}";
        Assert.Equal([new ConstraintFailure("maxLength", "1"), new ConstraintFailure("pattern", "a|b"), new ConstraintFailure("enum", "['a', 'b']")],
            Check(d, "cc"));
    }

    [Fact]
    public void A_field_without_type_takes_string_constraints()
    {
        const string d = "{\"name\":\"n\",\"constraints\":{\"maxLength\":3,\"pattern\":\"[a-z]+\"}}";
        Assert.Empty(Check(d, "abc"));
        Assert.Equal(["maxLength", "pattern"], Names(d, "ABCD"));
        var explicitAny = Fld.Of("{\"name\":\"n\",\"type\":\"any\",\"constraints\":{\"maxLength\":3}}");
        Assert.Throws<SchemaException>(() => ConstraintChecker.Create(explicitAny, CellReaders.Create(explicitAny)));
    }

    [Theory]
    [InlineData("any", "\"minLength\":4")]
    [InlineData("integer", "\"minLength\":4")]
    [InlineData("date", "\"maxLength\":4")]
    [InlineData("boolean", "\"minimum\":4")]
    [InlineData("string", "\"minimum\":4")]
    [InlineData("geopoint", "\"maximum\":4")]
    [InlineData("integer", "\"pattern\":\"[0-9]+\"")]
    [InlineData("list", "\"enum\":[\"1,2\"]")]
    [InlineData("list", "\"pattern\":\"a.*\"")]
    public void Unsupported_constraint_is_a_schema_error(string type, string constraint)
    {
        var f = Fld.Of("{\"name\":\"n\",\"type\":\"" + type + "\",\"constraints\":{" + constraint + "}}");
        var e = Assert.Throws<SchemaException>(() => ConstraintChecker.Create(f, CellReaders.Create(f)));
        Assert.Equal("schema.unsupported-constraint", e.Key);
    }

    [Theory]
    [InlineData("integer", "\"minimum\":\"abc\"", "schema.bad-constraint")]
    [InlineData("integer", "\"minimum\":2.5", "schema.bad-constraint")]
    [InlineData("date", "\"minimum\":\"14/07/1789\"", "schema.bad-constraint")]
    [InlineData("number", "\"maximum\":true", "schema.bad-constraint")]
    [InlineData("string", "\"pattern\":\"[a-\"", "schema.bad-pattern")]
    [InlineData("string", "\"pattern\":\"(a\"", "schema.bad-pattern")]
    public void Bad_constraint_value_is_a_schema_error(string type, string constraint, string key)
    {
        var f = Fld.Of("{\"name\":\"n\",\"type\":\"" + type + "\",\"constraints\":{" + constraint + "}}");
        var e = Assert.Throws<SchemaException>(() => ConstraintChecker.Create(f, CellReaders.Create(f)));
        Assert.Equal(key, e.Key);
        Assert.Equal("n", e.Args[0]);
        Assert.DoesNotContain(key, e.Localized("fr"));
    }

    [Fact]
    public void Bounds_print_as_python_prints_them()
    {
        Assert.Equal(new ConstraintFailure("minimum", "1000.0"), Check("{\"name\":\"n\",\"type\":\"number\",\"constraints\":{\"minimum\":1e3}}", "1")[0]);
        Assert.Equal(new ConstraintFailure("minimum", "1e+16"), Check("{\"name\":\"n\",\"type\":\"number\",\"constraints\":{\"minimum\":1e16}}", "1")[0]);
        Assert.Equal(new ConstraintFailure("minimum", "2020-01-01"), Check("{\"name\":\"n\",\"type\":\"date\",\"constraints\":{\"minimum\":\"2020-01-01\"}}", "2019-01-01")[0]);
    }
}
