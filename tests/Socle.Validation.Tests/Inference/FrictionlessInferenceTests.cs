using Socle.Validation.Inference;

namespace Socle.Validation.Tests.Inference;

/// <summary>Schema inference as frictionless-py's Detector.detect_schema does it.</summary>
public class FrictionlessInferenceTests
{
    private static string[] Types(string[] labels, params string[][] rows) =>
        FrictionlessInference.Infer(labels, rows, [""]).Fields.Select(f => f.Type).ToArray();

    [Fact]
    public void Table_csv_is_integer_and_string()
    {
        var schema = FrictionlessInference.Infer(["id", "name"], [["1", "english"], ["2", "中国人"]], [""]);
        Assert.Equal(["id", "name"], schema.Fields.Select(f => f.Name));
        Assert.Equal(["integer", "string"], schema.Fields.Select(f => f.Type));
        Assert.Equal([""], schema.MissingValues);
    }

    [Fact]
    public void Candidate_order_decides()
    {
        string[][] rows =
        [
            ["1", "1.5", "true", "2020-01-01", "2020-01", "2020-01-01T10:00:00", "10:00:00", "2020", "P1D", "2.35,48.85", "{\"a\":1}", "[1]", "x"],
            ["2", "2", "false", "2020-01-02", "2020-02", "2020-01-01T11:00:00", "11:00:00", "2021", "PT1H", "2.36,48.86", "{}", "[]", "y"],
        ];
        Assert.Equal(
            ["integer", "number", "boolean", "date", "yearmonth", "datetime", "time", "integer", "duration", "geopoint", "object", "array", "string"],
            Types(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"], rows));
    }

    [Fact]
    public void Confidence_threshold_and_missing_values()
    {
        // 10 rows, a non-integer first: integer reaches at most 8 < 0.9 × 10 → string wins at row 9.
        var rows = new[] { new[] { "abc" } }.Concat(Enumerable.Range(1, 9).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToArray();
        Assert.Equal(["string"], Types(["a"], rows));
        // The same non-integer last: integer already reached 9 at row 9 and was chosen.
        Assert.Equal(["integer"], Types(["a"], [.. rows.Skip(1), ["abc"]]));
        // With a failure first, string (which reads every cell) always reaches the threshold before integer.
        var rows20 = new[] { new[] { "abc" } }.Concat(Enumerable.Range(1, 19).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToArray();
        Assert.Equal(["string"], Types(["a"], rows20));
        // Missing values lower the best possible score; an all-empty column is any.
        Assert.Equal(["integer", "any"], Types(["a", "b"], ["1", ""], ["", ""], ["3", ""]));
        // A short row's absent cell counts as read.
        Assert.Equal(["integer", "integer"], Types(["a", "b"], ["1", "2"], ["3"]));
    }

    [Fact]
    public void Custom_missing_values()
    {
        var schema = FrictionlessInference.Infer(["a"], [["1"], ["NA"], ["3"]], ["NA"]);
        Assert.Equal("integer", schema.Fields[0].Type);
        Assert.Equal(["NA"], schema.MissingValues);
    }

    [Fact]
    public void Names_of_blank_and_duplicate_labels()
    {
        var names = FrictionlessInference.Infer(["id", "name", "", "name", " x\ny ", "name"], [["1", "a", "b", "c", "d", "e"]], [""])
            .Fields.Select(f => f.Name).ToArray();
        Assert.Equal(["id", "name", "field3", "name2", "x y", "name3"], names);
    }

    [Fact]
    public void No_labels_and_no_rows()
    {
        Assert.Equal(["field1", "field2"], FrictionlessInference.Infer([], [["1", "2"]], [""]).Fields.Select(f => f.Name));
        Assert.Equal(["any", "any"], Types(["a", "b"]));
        Assert.Empty(FrictionlessInference.Infer([], [], [""]).Fields);
    }

    [Fact]
    public void Only_the_first_100_rows_count()
    {
        var rows = Enumerable.Range(1, 100).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Concat(Enumerable.Repeat(new[] { "abc" }, 50)).ToArray();
        Assert.Equal(["integer"], Types(["a"], rows));
    }
}
