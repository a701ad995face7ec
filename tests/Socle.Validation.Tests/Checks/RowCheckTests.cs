namespace Socle.Validation.Tests.Checks;

public class OneOfRequiredTests
{
    private readonly CheckTable _table = new("id", "siret", "rna");

    [Theory]
    [InlineData("""{"column1": "siret", "column2": "rna"}""")]
    [InlineData("""{"column": "siret", "column2": "rna"}""")]
    public void At_least_one_of_two(string parameters)
    {
        var check = _table.Bind($$$"""{"name": "one-of-required", "params": {{{parameters}}}}""");
        Assert.Empty(_table.Run(check, "1", "52499120500013", "W333216789"));
        Assert.Empty(_table.Run(check, "1", "52499120500013", ""));
        Assert.Empty(_table.Run(check, "1", "", "W322216459"));
        Assert.Empty(_table.Run(check, "1", new Bad("x"), ""));   // filled, wrongly: the type-error says so
        var error = Assert.Single(_table.Run(check, "1", "", ""));
        Assert.Equal("one-of-required", error.Type);
        Assert.Equal(2, error.RowNumber);
        Assert.Null(error.FieldNumber);
        Assert.Null(error.Cell);
        Assert.Equal("note.one-of-required", error.NoteKey);
        Assert.Equal(["siret", "rna"], error.NoteArgs);
        Assert.Single(_table.Run(check, "1", null, null));        // absent cells are empty
    }
}

public class CohesiveColumnsTests
{
    private readonly CheckTable _table = new("effectif:integer", "reel:integer", "pour:integer", "contre:integer");

    [Fact]
    public void All_filled_or_all_empty()
    {
        var check = _table.Bind("""{"name": "cohesive-columns-value", "params": {"column": "effectif", "othercolumns": ["reel", "pour", "contre"]}}""");
        Assert.Empty(_table.Run(check, "10", "8", "5", "3"));
        Assert.Empty(_table.Run(check, "", "", "", ""));
        Assert.Empty(_table.Run(check, null, null, null, null));
        Assert.Empty(_table.Run(check, "10", new Bad("huit"), "5", "3"));
        var error = Assert.Single(_table.Run(check, "10", "8", "", "3"));
        Assert.Equal("cohesive-columns-value", error.Type);
        Assert.Equal(["effectif, reel, pour, contre"], error.NoteArgs);
        Assert.Single(_table.Run(check, "", "8", "", ""));
    }
}

public class CompareColumnsTests
{
    [Theory]
    [InlineData(">", "5", "3", true)]
    [InlineData(">", "3", "3", false)]
    [InlineData(">=", "3", "3", true)]
    [InlineData(">=", "2", "3", false)]
    [InlineData("==", "3", "3", true)]
    [InlineData("==", "3", "4", false)]
    [InlineData("<=", "3", "4", true)]
    [InlineData("<=", "5", "4", false)]
    [InlineData("<", "3", "4", true)]
    [InlineData("<", "4", "4", false)]
    [InlineData("!=", "4", "5", true)]
    [InlineData("!=", "4", "4", false)]
    [InlineData(">", "10", "9", true)]      // numerically, not as text
    public void Integers(string op, string a, string b, bool holds)
    {
        var table = new CheckTable("a:integer", "b:integer");
        var check = table.Bind($$$"""{"name": "compare-columns-value", "params": {"column": "a", "op": "{{{op}}}", "column2": "b"}}""");
        var errors = table.Run(check, a, b);
        Assert.Equal(holds, errors.Count == 0);
        if (!holds) Assert.StartsWith("note.compare-columns.", Assert.Single(errors).NoteKey);
    }

    [Fact]
    public void Dates_as_in_deliberations()
    {
        var table = new CheckTable("PREF_DATE:date", "DELIB_DATE:date");
        var check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "PREF_DATE", "op": ">=", "column2": "DELIB_DATE"}}""");
        Assert.Empty(table.Run(check, "2024-03-02", "2024-03-01"));
        Assert.Empty(table.Run(check, "2024-03-01", "2024-03-01"));
        var error = Assert.Single(table.Run(check, "2024-02-28", "2024-03-01"));
        Assert.Equal("compare-columns-value", error.Type);
        Assert.Equal("note.compare-columns.ge", error.NoteKey);
        Assert.Equal(["PREF_DATE", "2024-02-28", "DELIB_DATE", "2024-03-01"], error.NoteArgs);
        Assert.Empty(table.Run(check, "", "2024-03-01"));                  // skipped when a cell is empty
        Assert.Empty(table.Run(check, new Bad("2024-02-30"), "2024-03-01")); // or has a type-error
    }

    [Fact]
    public void Numbers_text_and_mixed_kinds()
    {
        var table = new CheckTable("n:number", "i:integer", "s", "t", "d:date");
        var check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "n", "op": ">", "column2": "i"}}""");
        Assert.Empty(table.Run(check, "2.5", "2", "", "", ""));
        Assert.Single(table.Run(check, "1.5", "2", "", "", ""));

        // Text that reads as a number compares as a number; other text compares in code-point order.
        check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "s", "op": ">", "column2": "i"}}""");
        Assert.Empty(table.Run(check, "", "9", "10", "", ""));
        check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "s", "op": "<", "column2": "t"}}""");
        Assert.Empty(table.Run(check, "", "", "abc", "abd", ""));
        Assert.Single(table.Run(check, "", "", "b", "a", ""));

        // A date and a number, or a date and text, cannot be compared.
        check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "d", "op": ">", "column2": "i"}}""");
        Assert.Equal("note.compare-columns.incomparable", Assert.Single(table.Run(check, "", "3", "", "", "2024-01-01")).NoteKey);
        check = table.Bind("""{"name": "compare-columns-value", "params": {"column": "d", "op": ">", "column2": "t"}}""");
        Assert.Single(table.Run(check, "", "", "", "abc", "2024-01-01"));
    }
}

public class SumColumnsTests
{
    private readonly CheckTable _table = new("reel:integer", "pour:integer", "contre:integer", "abstention:integer", "s");

    [Fact]
    public void Total_equals_the_sum()
    {
        var check = _table.Bind("""{"name": "sum-columns-value", "params": {"column": "reel", "columns": ["pour", "contre", "abstention"]}}""");
        Assert.Empty(_table.Run(check, "10", "5", "3", "2", ""));
        var error = Assert.Single(_table.Run(check, "11", "5", "3", "2", ""));
        Assert.Equal("sum-columns-value", error.Type);
        Assert.Equal("note.sum-columns", error.NoteKey);
        Assert.Equal(["pour, contre, abstention", "10", "reel", "11"], error.NoteArgs);
        Assert.Empty(_table.Run(check, "11", "5", "", "2", ""));            // skipped when a cell is empty
        Assert.Empty(_table.Run(check, "11", "5", new Bad("x"), "2", ""));  // or has a type-error
    }

    [Fact]
    public void Decimals_and_text()
    {
        var table = new CheckTable("total:number", "a:number", "b", "c");
        var check = table.Bind("""{"name": "sum-columns-value", "params": {"column": "total", "columns": ["a", "b"]}}""");
        Assert.Empty(table.Run(check, "0.3", "0.1", "0.2", ""));   // exact decimal arithmetic
        Assert.Single(table.Run(check, "0.4", "0.1", "0.2", ""));
        var error = Assert.Single(table.Run(check, "0.3", "0.1", "abc", ""));
        Assert.Equal("note.sum-columns.not-number", error.NoteKey);
        Assert.Equal(["b", "abc"], error.NoteArgs);
    }
}
