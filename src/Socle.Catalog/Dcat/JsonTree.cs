using System.Text;
using System.Text.Json;

namespace Socle.Catalog.Dcat;

/// <summary>
/// A JSON document as a tree that remembers where each value starts, so a JSON-LD error can name its line and column
/// (System.Text.Json's trees do not keep positions). Numbers keep their text: a JSON-LD integer is written as it came.
/// Within an object the last of two equal keys wins, as in most JSON parsers.
/// </summary>
internal abstract class JsonValue(int offset)
{
    /// <summary>Byte offset of the value's first character in the UTF-8 document.</summary>
    public int Offset { get; } = offset;
}

internal sealed class JsonObj(int offset) : JsonValue(offset)
{
    public OrderedDictionary<string, JsonValue> Members { get; } = new(StringComparer.Ordinal);

    public JsonValue? Get(string key) => Members.GetValueOrDefault(key);
}

internal sealed class JsonArr(int offset) : JsonValue(offset)
{
    public List<JsonValue> Items { get; } = [];
}

internal sealed class JsonStr(int offset, string value) : JsonValue(offset)
{
    public string Value { get; } = value;
}

internal sealed class JsonNum(int offset, string text) : JsonValue(offset)
{
    public string Text { get; } = text;
}

internal sealed class JsonBool(int offset, bool value) : JsonValue(offset)
{
    public bool Value { get; } = value;
}

internal sealed class JsonNull(int offset) : JsonValue(offset);

internal static class JsonTree
{
    /// <summary>Parses <paramref name="utf8"/>; nesting deeper than <see cref="RdfReader.MaxDepth"/> is refused.</summary>
    public static JsonValue Parse(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = RdfReader.MaxDepth + 16 });
        try
        {
            if (!reader.Read()) throw new RdfSyntaxException("rdf.syntax.end", [], 1, 1);
            var root = Value(ref reader, utf8);
            if (reader.Read()) throw At(utf8, (int)reader.TokenStartIndex, "rdf.jsonld.malformed");
            return root;
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var offset = LineStart(utf8, line) + (int)(e.BytePositionInLine ?? 0);
            var (l, c) = Position(utf8, offset);
            var key = offset >= utf8.Length ? "rdf.syntax.end" : "rdf.jsonld.malformed";
            throw new RdfSyntaxException(key, [], l, c, e);
        }
    }

    private static JsonValue Value(ref Utf8JsonReader r, byte[] utf8)
    {
        var offset = (int)r.TokenStartIndex;
        switch (r.TokenType)
        {
            case JsonTokenType.StartObject:
                if (r.CurrentDepth >= RdfReader.MaxDepth) throw At(utf8, offset, "rdf.syntax.too-deep", RdfReader.MaxDepth);
                var o = new JsonObj(offset);
                while (Next(ref r) != JsonTokenType.EndObject)
                {
                    var name = r.GetString()!;
                    Next(ref r);
                    o.Members[name] = Value(ref r, utf8);
                }
                return o;
            case JsonTokenType.StartArray:
                if (r.CurrentDepth >= RdfReader.MaxDepth) throw At(utf8, offset, "rdf.syntax.too-deep", RdfReader.MaxDepth);
                var a = new JsonArr(offset);
                while (Next(ref r) != JsonTokenType.EndArray) a.Items.Add(Value(ref r, utf8));
                return a;
            case JsonTokenType.String: return new JsonStr(offset, r.GetString()!);
            case JsonTokenType.Number: return new JsonNum(offset, Encoding.UTF8.GetString(r.ValueSpan));
            case JsonTokenType.True: return new JsonBool(offset, true);
            case JsonTokenType.False: return new JsonBool(offset, false);
            default: return new JsonNull(offset);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader r)
    {
        // A document cut short ends here with a JsonException, which Parse turns into a position.
        r.Read();
        return r.TokenType;
    }

    public static RdfSyntaxException At(byte[] utf8, int offset, string key, params object?[] args)
    {
        var (line, column) = Position(utf8, offset);
        return new RdfSyntaxException(key, args, line, column);
    }

    private static int LineStart(byte[] utf8, int line)
    {
        var i = 0;
        for (var n = 0; n < line && i < utf8.Length; i++)
            if (utf8[i] == '\n') n++;
        return i;
    }

    /// <summary>1-based line and column (in characters, not bytes) of a byte offset.</summary>
    public static (int Line, int Column) Position(byte[] utf8, int offset)
    {
        offset = Math.Min(offset, utf8.Length);
        int line = 1, column = 1;
        for (var i = 0; i < offset; i++)
        {
            var b = utf8[i];
            if (b == '\n') { line++; column = 1; }
            else if ((b & 0xC0) != 0x80) column++;
        }
        return (line, column);
    }
}
