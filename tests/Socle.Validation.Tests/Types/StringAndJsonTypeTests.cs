using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>string formats, any, object, array, list, geopoint, geojson, and the reader factory.</summary>
public class StringAndJsonTypeTests
{
    [Theory]
    [InlineData("default", "string", true)]
    [InlineData("uri", "http://google.com", true)]
    [InlineData("uri", "://no-scheme.test", false)]
    [InlineData("uri", "string", false)]
    [InlineData("uri", "mailto:someone@example.com", true)]
    [InlineData("uri", "urn:isbn:0451450523", true)]
    [InlineData("uri", "1http://x", false)]
    [InlineData("email", "name@gmail.com", true)]
    [InlineData("email", "http://google.com", false)]
    [InlineData("email", "string", false)]
    [InlineData("email", "a@b@c.com", false)]
    [InlineData("email", "first.last@sub.example.fr", true)]
    [InlineData("email", ".first@example.fr", false)]
    [InlineData("email", "a..b@example.fr", false)]
    [InlineData("email", "\"john doe\"@example.fr", false)]
    [InlineData("email", "\"john.doe\"@example.fr", true)]
    [InlineData("email", "\"john\\ doe\"@example.fr", true)]
    [InlineData("email", "x@localhost", false)]
    [InlineData("email", "x@example.c", false)]
    [InlineData("email", "x@exa__mple.com", false)]
    [InlineData("email", "x@exa mple.com", false)]
    [InlineData("email", "x@-example.com", false)]
    [InlineData("email", "x@mairie-évry.fr", true)]
    [InlineData("uuid", "2bc1c94f-0deb-43e9-92a1-4775189ec9f8", true)]
    [InlineData("uuid", "2BC1C94F-0DEB-43E9-92A1-4775189EC9F8", true)]
    [InlineData("uuid", "2bc1c94f0deb43e992a14775189ec9f8", true)]
    [InlineData("uuid", "{2bc1c94f-0deb-43e9-92a1-4775189ec9f8}", true)]
    [InlineData("uuid", "urn:uuid:2bc1c94f-0deb-43e9-92a1-4775189ec9f8", true)]
    [InlineData("uuid", "2bc1c94f 0deb-43e9-92a1-4775189ec9f8", false)]
    [InlineData("uuid", "2bc1c94f-0deb-43e9-92a1-4775189ec9fg", false)]
    [InlineData("uuid", "not-a-uuid", false)]
    [InlineData("binary", "dGVzdA==", true)]
    [InlineData("binary", "string", false)]
    [InlineData("binary", "!!!!", false)]
    [InlineData("binary", "@@@@", false)]
    [InlineData("binary", "()()", false)]
    [InlineData("binary", "YWJ", false)]
    [InlineData("binary", "YWJj", true)]
    [InlineData("binary", "YQ==x", false)]
    [InlineData("binary", "dGVzdA===", false)]
    [InlineData("binary", "====", false)]
    [InlineData("binary", "a", false)]
    [InlineData("binary", "é===", false)]
    [InlineData("wkt", "POINT (30 10)", true)]
    [InlineData("wkt", "LINESTRING (30 10, 10 30, 40 40)", true)]
    [InlineData("wkt", "POLYGON ((30 10, 40 40, 20 40, 10 20, 30 10))", true)]
    [InlineData("wkt", "MULTIPOINT ((10 40), (40 30), (20 20), (30 10))", true)]
    [InlineData("wkt", "MULTILINESTRING ((0 0, 1 1, 2 2), (3 3, 4 4, 5 5))", true)]
    [InlineData("wkt", "MULTIPOLYGON (((0 0, 0 1, 1 1, 1 0, 0 0)), ((1 1, 1 2, 2 2, 2 1, 1 1)))", true)]
    [InlineData("wkt", "GEOMETRYCOLLECTION EMPTY", true)]
    [InlineData("wkt", "POLYGON ((30 10, 40 40, 20 40, 10 20, 30 10)", false)]
    [InlineData("wkt", "string", false)]
    [InlineData("somethingelse", "anything", true)]
    public void String_formats(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("string", format, cell));

    [Fact]
    public void String_default_and_any_accept_anything()
    {
        Assert.True(Fld.Reader("string").AcceptsAnything);
        Assert.True(Fld.Reader("any").AcceptsAnything);
        Assert.False(Fld.Reader("string", "email").AcceptsAnything);
        Assert.True(CellReaders.Create(new Field { Name = "x" }).AcceptsAnything);
        var r = Fld.Reader("string", "email");
        Assert.Equal("a@b.fr", r.ToKey("a@b.fr", Fld.Read(r, "a@b.fr")));
    }

    [Theory]
    [InlineData("object", "{}", true)]
    [InlineData("object", "{\"key\": \"value\"}", true)]
    [InlineData("object", " {\"a\": NaN} ", true)]
    [InlineData("object", "[]", false)]
    [InlineData("object", "{'key': 'value'}", false)]
    [InlineData("object", "{\"a\": 1,}", false)]
    [InlineData("object", "string", false)]
    [InlineData("object", "3.14", false)]
    [InlineData("array", "[]", true)]
    [InlineData("array", "[\"val1\", \"val2\"]", true)]
    [InlineData("array", "{\"key\": \"value\"}", false)]
    [InlineData("array", "string", false)]
    [InlineData("array", "3.14", false)]
    [InlineData("array", "[1, 2", false)]
    [InlineData("array", "[1, 01]", false)]
    [InlineData("array", "[-Infinity, 1e999]", true)]
    public void Json_types(string type, string cell, bool valid) => Assert.Equal(valid, Fld.Reads(type, "default", cell));

    [Fact]
    public void Json_lengths_and_keys()
    {
        var o = Fld.Reader("object");
        Assert.Equal(2, Fld.Read(o, "{\"a\": 1, \"b\": 2, \"a\": 3}").Length);
        Assert.Equal(Fld.Key(o, "{\"a\": 1, \"b\": [1.0, true]}"), Fld.Key(o, "{\"b\": [1, 1], \"a\": 1.0}"));
        var a = Fld.Reader("array");
        Assert.Equal(3, Fld.Read(a, "[1, [2, 3], {}]").Length);
        Assert.NotEqual(Fld.Key(a, "[\"1\"]"), Fld.Key(a, "[1]"));
    }

    [Fact]
    public void Array_items_and_csv_format()
    {
        var items = Fld.Reader("array", "default", "\"arrayItem\":{\"type\":\"integer\"}");
        Assert.True(items.TryRead("[\"1\", \"2\", 3]", out _));
        Assert.False(items.TryRead("[\"1\", \"2\", \"bad\"]", out _));
        var csv = Fld.Reader("array", "csv");
        Assert.Equal(2, Fld.Read(csv, "val1, val2").Length);
        Assert.Equal(2, Fld.Read(csv, "\"val1,val2\", val3").Length);
    }

    [Theory]
    [InlineData("value1,value2", "", 2)]
    [InlineData("value1", "", 1)]
    [InlineData("value1,,value3", "", 3)]
    [InlineData("1,2,3", "\"itemType\":\"integer\"", 3)]
    [InlineData("1,2,", "\"itemType\":\"integer\"", -1)]
    [InlineData("1,bad,3", "\"itemType\":\"integer\"", -1)]
    [InlineData("1.5,2", "\"itemType\":\"number\"", 2)]
    [InlineData("true,false", "\"itemType\":\"boolean\"", 2)]
    [InlineData("2  ,  3", "\"itemType\":\"integer\"", 2)]
    [InlineData("value1;value2", "\"delimiter\":\";\"", 2)]
    [InlineData("value1||value2", "\"delimiter\":\"||\"", 2)]
    [InlineData("value1;value2", "", 1)]
    [InlineData("2006-11-21", "\"itemType\":\"date\"", 1)]
    [InlineData("21/11/2006", "\"itemType\":\"date\"", -1)]
    [InlineData("06:00:00", "\"itemType\":\"time\"", 1)]
    [InlineData("2006-11-21T16:30:00", "\"itemType\":\"datetime\"", 1)]
    public void List(string cell, string extra, int count)
    {
        var r = Fld.Reader("list", "default", extra);
        Assert.Equal(count >= 0, r.TryRead(cell, out var v));
        if (count >= 0) Assert.Equal(count, v.Length);
    }

    [Fact]
    public void List_item_type_must_be_standard()
    {
        var e = Assert.Throws<SchemaException>(() => Fld.Reader("list", "default", "\"itemType\":\"geopoint\""));
        Assert.Equal("schema.bad-item-type", e.Key);
    }

    [Theory]
    [InlineData("default", "180,90", true)]
    [InlineData("default", "180, -90", true)]
    [InlineData("default", "181,90", false)]
    [InlineData("default", "0,91", false)]
    [InlineData("default", "string", false)]
    [InlineData("default", "3.14", false)]
    [InlineData("default", "nan,0", false)]
    [InlineData("default", "inf,0", false)]
    [InlineData("default", " 2.35 , 48.85 ", true)]
    [InlineData("default", "1,2,3", false)]
    [InlineData("array", "[180, -90]", true)]
    [InlineData("array", "[181, 90]", false)]
    [InlineData("array", "[0, 91]", false)]
    [InlineData("array", "180,90", false)]
    [InlineData("array", "string", false)]
    [InlineData("array", "3.14", false)]
    [InlineData("array", "[\"2.5\", \"45\"]", true)]
    [InlineData("array", "[1, null]", false)]
    [InlineData("array", "\"12\"", true)]
    [InlineData("object", "{\"lon\": 180, \"lat\": 90}", true)]
    [InlineData("object", "[180, -90]", false)]
    [InlineData("object", "{\"lon\": 181, \"lat\": 90}", false)]
    [InlineData("object", "{\"lon\": 180, \"lat\": -91}", false)]
    [InlineData("object", "{\"lon\": 1, \"lat\": 2, \"alt\": 3}", false)]
    [InlineData("object", "180,90", false)]
    [InlineData("object", "string", false)]
    public void GeoPoint(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("geopoint", format, cell));

    [Fact]
    public void GeoPoint_keys()
    {
        var d = Fld.Reader("geopoint");
        Assert.Equal(Fld.Key(d, "2.5,45"), Fld.Key(d, "2.50, 45.0"));
        Assert.Equal(Fld.Key(d, "2.5,45"), Fld.Key(Fld.Reader("geopoint", "array"), "[2.5, 45]"));
        Assert.NotEqual(Fld.Key(d, "2.5,45"), Fld.Key(d, "45,2.5"));
    }

    [Theory]
    [InlineData("default", "{\"geometry\": null, \"type\": \"Feature\", \"properties\": {\"\\u00c3\": \"\\u00c3\"}}", true)]
    [InlineData("default", "{\"coordinates\": [0, 0, 0], \"type\": \"Point\"}", false)]
    [InlineData("default", "{\"coordinates\": [0, 0], \"type\": \"Point\"}", true)]
    [InlineData("default", "{\"coordinates\": [[0, 0], [1, 1]], \"type\": \"LineString\"}", true)]
    [InlineData("default", "{\"coordinates\": [[0, 0]], \"type\": \"LineString\"}", false)]
    [InlineData("default", "{\"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 0]]], \"type\": \"Polygon\"}", true)]
    [InlineData("default", "{\"coordinates\": [[[0, 0], [1, 0], [0, 0]]], \"type\": \"Polygon\"}", false)]
    [InlineData("default", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}, \"properties\": null}]}", true)]
    [InlineData("default", "{\"type\": \"Feature\", \"geometry\": null}", false)]
    [InlineData("default", "{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"Point\", \"coordinates\": [1, 2]}]}", true)]
    [InlineData("default", "{\"type\": \"Point\", \"coordinates\": [true, 2]}", false)]
    [InlineData("default", "{\"type\": \"Point\", \"coordinates\": [1, 2], \"bbox\": [1, 2, 1, 2]}", true)]
    [InlineData("default", "{\"type\": \"Point\", \"coordinates\": [1, 2], \"crs\": null}", false)]
    [InlineData("default", "{\"type\": \"Circle\", \"coordinates\": [1, 2]}", false)]
    [InlineData("default", "string", false)]
    [InlineData("default", "3.14", false)]
    [InlineData("default", "{}", false)]
    [InlineData("topojson", "{\"type\": \"LineString\", \"arcs\": [42]}", true)]
    [InlineData("topojson", "{\"type\": \"LineString\", \"arcs\": [4.2]}", false)]
    [InlineData("topojson", "{\"type\": \"Topology\", \"objects\": {\"a\": {\"type\": \"Point\", \"coordinates\": [1, 2, 3]}}, \"arcs\": [[[0, 0], [1, 1]]]}", true)]
    [InlineData("topojson", "string", false)]
    public void GeoJson(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("geojson", format, cell));

    [Fact]
    public void Unknown_type_is_a_schema_error()
    {
        var e = Assert.Throws<SchemaException>(() => CellReaders.Create(new Field { Name = "x", Type = "money" }));
        Assert.Equal("schema.unknown-type", e.Key);
        Assert.Equal(["x", "money"], e.Args);
        Assert.Contains("money", e.Localized("fr"));
        Assert.DoesNotContain("schema.unknown-type", e.Localized("en"));
    }

    [Fact]
    public void Fmt_prefix_is_removed_from_the_type_label()
    {
        Assert.Equal("date/%d/%m/%Y", Fld.Reader("date", "fmt:%d/%m/%Y").TypeLabel);
        Assert.Equal("integer/default", Fld.Reader("integer").TypeLabel);
    }

    [Fact]
    public void Every_known_type_has_a_reader()
    {
        foreach (var t in CellReaders.KnownTypes)
            Assert.NotNull(CellReaders.Create(new Field { Name = "x", Type = t }));
    }
}
