using System.Text;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;

namespace Socle.Validation.Tests.Engine;

/// <summary>Files and schemas users get wrong: each gives a clear error in the report (or a SchemaException), never a crash.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Write(string name, byte[] bytes) => _dir.File(name, bytes);
    private string Write(string name, string text) => _dir.File(name, text);

    private static TableSchema Schema(string json) => SchemaReader.Read(System.Text.Json.JsonDocument.Parse(json).RootElement);

    private static ValidationError Single(ValidationReport r, string code) =>
        Assert.Single(r.Tasks.SelectMany(t => t.Errors), e => e.Type == code);

    [Fact]
    public void Empty_file_is_a_source_error()
    {
        var r = Validator.ValidateTable(Write("empty.csv", ""), null);
        Assert.False(r.Valid);
        Assert.Equal("the source is empty", Messages.Note(Single(r, "source-error"), "en"));
        Assert.Equal("le fichier est vide", Messages.Note(Single(r, "source-error"), "fr"));
    }

    [Fact]
    public void Binary_file_is_a_source_error_naming_what_it_is()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 };
        var r = Validator.ValidateTable(Write("image.csv", png), null);
        Assert.Contains("PNG", Messages.Message(Single(r, "source-error"), "en"));
    }

    [Fact]
    public void Unterminated_quote_is_reported_with_its_row()
    {
        var path = Write("quote.csv", "id,name\n1,ok\n2,\"never closed\n3,lost\n");
        var r = Validator.ValidateTable(path, Schema("""{"fields":[{"name":"id","type":"integer"},{"name":"name"}]}"""));
        var e = Single(r, "source-error");
        Assert.Equal(3, e.RowNumber);
        Assert.Contains("3", Messages.Note(e, "fr"));
    }

    [Fact]
    public void Mixed_encodings_are_an_encoding_error_after_the_good_rows()
    {
        // UTF-8 first, then a Windows-1252 "é" (0xE9) far past the sniffed head.
        var good = new StringBuilder("id,commune\n");
        for (var i = 0; i < 5000; i++) good.Append(i).Append(",Besançon\n");
        var bytes = Encoding.UTF8.GetBytes(good.ToString()).Concat(new byte[] { (byte)'9', (byte)',', (byte)'S', 0xE9, (byte)'t', (byte)'e', (byte)'\n' }).ToArray();
        var r = Validator.ValidateTable(Write("mixed.csv", bytes), null);
        var e = Single(r, "encoding-error");
        Assert.Contains("E9", Messages.Note(e, "en"));
        Assert.True(r.Tasks[0].Rows >= 5000);
    }

    [Fact]
    public void Windows_1252_file_is_read_as_such()
    {
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var path = Write("latin.csv", cp1252.GetBytes("commune;population\nSaint-Étienne;172565\nAix-en-Provence;147478\n"));
        var r = Validator.ValidateTable(path, Schema("""{"fields":[{"name":"commune","constraints":{"pattern":"[A-Za-zÉé -]+"}},{"name":"population","type":"integer"}]}"""));
        Assert.True(r.Valid, string.Join("; ", r.Tasks[0].Errors.Select(e => Messages.Message(e, "en"))));
        Assert.Equal("windows-1252", r.Tasks[0].Encoding);
        Assert.Equal(";", r.Tasks[0].Delimiter);
    }

    [Fact]
    public void Ten_thousand_columns_are_validated()
    {
        var header = string.Join(",", Enumerable.Range(1, 10_000).Select(i => $"c{i}"));
        var row = string.Join(",", Enumerable.Range(1, 10_000));
        var r = Validator.ValidateTable(Write("wide.csv", header + "\n" + row + "\n" + row + ",extra\n"), null);
        Assert.Equal(10_000, r.Tasks[0].Fields);
        var e = Single(r, "extra-cell");
        Assert.Equal(10_001, e.FieldNumber);
    }

    [Fact]
    public void One_megabyte_cell_is_checked()
    {
        var big = new string('x', 1 << 20);
        var r = Validator.ValidateTable(Write("big.csv", $"id,text\n1,\"{big}\"\n"),
            Schema("""{"fields":[{"name":"id","type":"integer"},{"name":"text","constraints":{"maxLength":1000}}]}"""));
        var e = Single(r, "constraint-error");
        Assert.Equal(2, e.RowNumber);
        Assert.Equal("constraint \"maxLength\" is \"1000\"", Messages.Note(e, "en"));
    }

    [Theory]
    [InlineData("not json", "schema.invalid-json")]
    [InlineData("[1,2]", "schema.not-object")]
    [InlineData("""{"title":"x"}""", "schema.no-fields")]
    [InlineData("""{"fields":[{"type":"string"}]}""", "schema.field-no-name")]
    [InlineData("""{"fields":[{"name":"a"},{"name":"a"}]}""", "schema.duplicate-field")]
    [InlineData("""{"fields":[{"name":"a"}],"primaryKey":"b"}""", "schema.unknown-key-field")]
    [InlineData("""{"fields":[{"name":"a"}],"fieldsMatch":"loose"}""", "schema.bad-fields-match")]
    [InlineData("""{"fields":[{"name":"a","type":"banana"}]}""", "schema.unknown-type")]
    [InlineData("""{"fields":[{"name":"a","constraints":{"pattern":"[a-"}}]}""", null)]
    [InlineData("""{"fields":[{"name":"a"}],"custom_checks":[{"name":"no-such-check","params":{}}]}""", "check.unknown")]
    public void Broken_schema_is_a_clear_schema_exception(string json, string? key)
    {
        var path = Write("schema.json", json);
        var e = Assert.Throws<SchemaException>(() => Validator.LoadSchema(path));
        if (key is not null) Assert.Equal(key, e.Key);
        Assert.False(string.IsNullOrWhiteSpace(e.Localized("fr")));
        Assert.DoesNotContain(e.Key, e.Localized("fr"));
        Assert.DoesNotContain(e.Key, e.Localized("en"));
    }
}
