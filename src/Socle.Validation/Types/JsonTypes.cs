using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Socle.Validation.Schema;

namespace Socle.Validation.Types;

/// <summary>Readers whose values are parsed JSON (<see cref="PyJson"/> values in <see cref="CellValue.Object"/>).</summary>
internal abstract class JsonValueReader(Field field) : TypeReader(field)
{
    public override int Compare(in CellValue a, in CellValue b) =>
        string.CompareOrdinal(PyJson.Key(a.Object), PyJson.Key(b.Object));

    public override bool ValueEquals(in CellValue a, in CellValue b) => PyJson.Key(a.Object) == PyJson.Key(b.Object);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value) => "\u0001J:" + PyJson.Key(value.Object);

    /// <summary>Types whose cells hold a JSON object (object, geojson): parse, then judge the parsed value.</summary>
    protected bool TryReadObject(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        if (PyJson.FirstNonWs(cell) != '{' || !PyJson.TryParse(cell, out var v)) return false;
        return TryReadPy(v, out value);
    }
}

/// <summary>Type <c>object</c>: <c>json.loads(cell)</c> is a dict. Length: its number of keys.</summary>
internal sealed class ObjectReader(Field field) : JsonValueReader(field)
{
    public override ValueKind Kind => ValueKind.Json;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value) => TryReadObject(cell, out value);

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        if (value is string s) return TryRead(s, out result);
        if (value is not OrderedDictionary<string, object?> d) return false;
        result = new CellValue { Kind = ValueKind.Json, Object = d, Length = d.Count };
        return true;
    }
}

/// <summary>
/// Type <c>array</c>: <c>json.loads(cell)</c> is a list. With an <c>arrayItem</c> descriptor, each item is read as
/// that field reads a value (an empty string, its missing value, is skipped); a bad item is a type error of the cell.
/// Length: the number of items.
/// </summary>
internal sealed class ArrayReader : JsonValueReader
{
    private readonly TypeReader? _item;
    private readonly string[] _itemMissing = [""];
    private readonly bool _csv;

    public ArrayReader(Field field) : base(field)
    {
        _csv = field.Format == "csv";
        if (field.Descriptor.ValueKind == JsonValueKind.Object && field.Descriptor.TryGetProperty("arrayItem", out var ai)
            && ai.ValueKind == JsonValueKind.Object)
        {
            var type = ai.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "any";
            var format = ai.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "default";
            if (type != "any") _item = CellReaders.ForType(field.Name, type, format);
            if (ai.TryGetProperty("missingValues", out var mv) && mv.ValueKind == JsonValueKind.Array)
                _itemMissing = mv.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray();
        }
    }

    public override ValueKind Kind => ValueKind.Json;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        if (_csv) return TryReadPy(CsvLine(cell), out value);
        if (PyJson.FirstNonWs(cell) != '[' || !PyJson.TryParse(cell, out var v)) return false;
        return TryReadPy(v, out value);
    }

    /// <summary>Format csv (newer frictionless): one CSV line, comma-separated, '"' quotes, spaces after a comma skipped.</summary>
    private static List<object?> CsvLine(ReadOnlySpan<char> s)
    {
        var items = new List<object?>();
        var sb = new StringBuilder();
        var i = 0;
        while (true)
        {
            sb.Clear();
            while (i < s.Length && s[i] == ' ') i++;
            if (i < s.Length && s[i] == '"')
            {
                i++;
                while (i < s.Length)
                {
                    if (s[i] == '"')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(s[i++]);
                }
            }
            while (i < s.Length && s[i] != ',') sb.Append(s[i++]);
            items.Add(sb.ToString());
            if (i >= s.Length) break;
            i++;
        }
        return items;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        if (value is string s) return TryRead(s, out result);
        if (value is not List<object?> list) return false;
        if (_item is not null)
            foreach (var item in list)
            {
                var text = Py.Str(item);
                if (Array.IndexOf(_itemMissing, text) >= 0) continue;
                if (!_item.TryReadPy(item, out _)) return false;
            }
        result = new CellValue { Kind = ValueKind.Json, Object = list, Length = list.Count };
        return true;
    }
}

/// <summary>
/// Type <c>list</c> (Table Schema v2): the cell split on the delimiter, each item read by the item type's default
/// reader (string, integer, boolean, number, datetime, date, time). Length: the number of items.
/// </summary>
internal sealed class ListReader : TypeReader
{
    public static readonly string[] ItemTypes = ["string", "integer", "boolean", "number", "datetime", "date", "time"];

    private readonly TypeReader _item;
    private readonly string _delimiter;

    public ListReader(Field field) : base(field)
    {
        var itemType = field.ItemType ?? "string";
        if (Array.IndexOf(ItemTypes, itemType) < 0) throw new SchemaException("schema.bad-item-type", field.Name, itemType);
        _item = CellReaders.ForType(field.Name, itemType);
        _delimiter = field.Delimiter;
    }

    public override ValueKind Kind => ValueKind.List;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        if (_delimiter.Length == 0) return false; // str.split("") raises
        var count = 0;
        var rest = cell;
        while (true)
        {
            var k = rest.IndexOf(_delimiter.AsSpan());
            var item = k < 0 ? rest : rest[..k];
            if (!_item.TryRead(item, out _)) return false;
            count++;
            if (k < 0) break;
            rest = rest[(k + _delimiter.Length)..];
        }
        value = new CellValue { Kind = ValueKind.List, Length = count };
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        if (value is string s) return TryRead(s, out result);
        if (value is not List<object?> list) return false;
        foreach (var item in list)
            if (!_item.TryReadPy(item, out _)) return false;
        result = new CellValue { Kind = ValueKind.List, Length = list.Count, Object = list };
        return true;
    }

    public override int Compare(in CellValue a, in CellValue b) => a.Length.CompareTo(b.Length);

    public override bool ValueEquals(in CellValue a, in CellValue b) => false;

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value)
    {
        var sb = new StringBuilder("\u0001L:");
        var rest = cell;
        while (true)
        {
            var k = _delimiter.Length == 0 ? -1 : rest.IndexOf(_delimiter.AsSpan());
            var item = k < 0 ? rest : rest[..k];
            _item.TryRead(item, out var v);
            sb.Append(_item.ToKey(item, v)).Append('\u001e');
            if (k < 0) break;
            rest = rest[(k + _delimiter.Length)..];
        }
        return sb.ToString();
    }
}

/// <summary>A geopoint: the two Decimal values, with their exact keys.</summary>
internal sealed record GeoPointValue(string LonKey, string LatKey);

/// <summary>
/// Type <c>geopoint</c>: default "lon, lat" (exactly one comma, parts stripped), array <c>[lon, lat]</c> (any JSON
/// value that unpacks into two), object <c>{"lon": .., "lat": ..}</c> (exactly these two keys); each part read by
/// Python's <c>Decimal()</c>; lon in [-180, 180], lat in [-90, 90] (NaN fails).
/// </summary>
internal sealed class GeoPointReader(Field field) : TypeReader(field)
{
    private readonly int _mode = field.Format switch { "default" => 0, "array" => 1, "object" => 2, _ => -1 };
    // The exact value (two strings) is built only when an enum compares values; keys are rebuilt from the text.
    private readonly bool _eager = field.Constraints.Enum is not null;
    private bool _building;

    public override ValueKind Kind => ValueKind.Geo;

    // Compiled fully optimised at once (see IntegerReader.TryRead).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value)
    {
        if (_mode == 0 && !_eager && !_building)
        {
            var verdict = PlainPoint(cell);
            if (verdict >= 0)
            {
                value = verdict == 1 ? new CellValue { Kind = ValueKind.Geo, Length = -1 } : default;
                return verdict == 1;
            }
        }
        return ReadGeneral(cell, out value);
    }

    /// <summary>
    /// Fast path of the default format: "lon, lat" where each part is ASCII <c>[+-]?\d+(\.\d+)?</c> with at most 18
    /// digits, between spaces. Decimal() reads such a part exactly, so the range test is done on its digits:
    /// 1 = valid, 0 = out of range (a type error), -1 = another text (the general reader decides).
    /// </summary>
    internal static int PlainPoint(ReadOnlySpan<char> s)
    {
        var i = 0;
        var lon = PlainCoordinate(s, ref i, 180);
        if (lon < 0 || i >= s.Length || s[i] != ',') return -1;
        i++;
        var lat = PlainCoordinate(s, ref i, 90);
        if (lat < 0 || i != s.Length) return -1;
        return lon & lat;
    }

    /// <summary>Spaces, a plain decimal, spaces: 1 when |value| ≤ limit, 0 when above, -1 when not that form.</summary>
    private static int PlainCoordinate(ReadOnlySpan<char> s, ref int i, int limit)
    {
        while (i < s.Length && s[i] == ' ') i++;
        if (i < s.Length && s[i] is '-' or '+') i++;
        long whole = 0;
        var digits = 0;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) { whole = whole * 10 + (s[i] - '0'); digits++; i++; }
        if (digits == 0) return -1;
        var fraction = false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) { fraction |= s[i] != '0'; i++; }
            if (i == start) return -1;
            digits += i - start;
        }
        if (digits > 18) return -1;
        while (i < s.Length && s[i] == ' ') i++;
        return whole < limit || (whole == limit && !fraction) ? 1 : 0;
    }

    /// <summary>The general reader, every format.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool ReadGeneral(ReadOnlySpan<char> cell, out CellValue value)
    {
        value = default;
        switch (_mode)
        {
            case 0:
            {
                var comma = cell.IndexOf(',');
                if (comma < 0 || cell[(comma + 1)..].Contains(',')) return false;
                var lon = Py.Strip(cell[..comma]);
                var lat = Py.Strip(cell[(comma + 1)..]);
                if (!PyDecimal.TryParse(lon, out var x) || !PyDecimal.TryParse(lat, out var y)) return false;
                if (!InRange(x, 180) || !InRange(y, 90)) return false;
                value = _eager || _building
                    ? Make(PyDecimal.ExactKey(lon), PyDecimal.ExactKey(lat))
                    : new CellValue { Kind = ValueKind.Geo, Length = -1 };
                return true;
            }
            case 1:
            {
                if (!PyJson.TryParse(cell, out var v)) return false;
                object? a, b;
                switch (v)
                {
                    case List<object?> { Count: 2 } l: a = l[0]; b = l[1]; break;
                    case string s when Py.CodePoints(s) == 2 && !char.IsSurrogate(s[0]): a = s[..1]; b = s[1..]; break;
                    case OrderedDictionary<string, object?> { Count: 2 } d: a = d.GetAt(0).Key; b = d.GetAt(1).Key; break;
                    default: return false;
                }
                return FromParts(a, b, out value);
            }
            case 2:
            {
                if (!PyJson.TryParse(cell, out var v)) return false;
                if (v is not OrderedDictionary<string, object?> { Count: 2 } d) return false;
                if (!d.TryGetValue("lon", out var a) || !d.TryGetValue("lat", out var b)) return false;
                return FromParts(a, b, out value);
            }
            default: return false;
        }
    }

    private GeoPointValue Full(ReadOnlySpan<char> cell)
    {
        var copy = new GeoPointReader(Field) { _building = true };
        return copy.TryRead(cell, out var v) && v.Object is GeoPointValue g ? g : new GeoPointValue("", "");
    }

    private static CellValue Make(string lonKey, string latKey) =>
        new() { Kind = ValueKind.Geo, Object = new GeoPointValue(lonKey, latKey), Length = -1 };

    private static bool InRange(in CellValue v, int limit)
    {
        if (v.IsDouble) return !double.IsNaN(v.Double) && v.Double >= -limit && v.Double <= limit;
        return v.Decimal >= -limit && v.Decimal <= limit;
    }

    /// <summary>Decimal(x) of a JSON value: str parsed, int exact, float's exact value, bool as 0/1.</summary>
    private static bool ToDecimal(object? x, out CellValue value, out string key)
    {
        value = default;
        key = "";
        switch (x)
        {
            case string s:
                if (!PyDecimal.TryParse(s, out value)) return false;
                key = PyDecimal.ExactKey(s);
                return true;
            case bool b:
                value = new CellValue { Kind = ValueKind.Number, Decimal = b ? 1 : 0 };
                key = NumberKeys.OfLong(b ? 1 : 0);
                return true;
            case long l:
                value = new CellValue { Kind = ValueKind.Number, Decimal = l };
                key = NumberKeys.OfLong(l);
                return true;
            case BigInteger bi:
                value = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = (double)bi };
                key = NumberKeys.OfBig(bi);
                return true;
            case double d:
                value = new CellValue { Kind = ValueKind.Number, IsDouble = true, Double = d };
                key = NumberKeys.OfDouble(d);
                return true;
            default: return false;
        }
    }

    private static bool FromParts(object? a, object? b, out CellValue value)
    {
        value = default;
        if (!ToDecimal(a, out var x, out var kx) || !ToDecimal(b, out var y, out var ky)) return false;
        if (!InRange(x, 180) || !InRange(y, 90)) return false;
        value = Make(kx, ky);
        return true;
    }

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        switch (value)
        {
            case string s: return TryRead(s, out result);
            // geopoint(*cell) without Decimal(): numbers only.
            case List<object?> { Count: 2 } l when l[0] is long or double or BigInteger or bool && l[1] is long or double or BigInteger or bool:
                return FromParts(l[0], l[1], out result);
            default: return false;
        }
    }

    public override int Compare(in CellValue a, in CellValue b) => string.CompareOrdinal(ToKey(default, a), ToKey(default, b));

    public override bool ValueEquals(in CellValue a, in CellValue b) =>
        a.Object is GeoPointValue x && b.Object is GeoPointValue y && x.LonKey == y.LonKey && x.LatKey == y.LatKey
        && !x.LonKey.StartsWith("\u0001NaN", StringComparison.Ordinal);

    public override string ToKey(ReadOnlySpan<char> cell, in CellValue value)
    {
        var g = value.Object as GeoPointValue ?? Full(cell);
        return "\u0001G:" + g.LonKey + "|" + g.LatKey;
    }
}

/// <summary>
/// Type <c>geojson</c>: <c>json.loads(cell)</c> is a dict valid against frictionless' GeoJSON profile (format
/// default: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon with 2-number positions,
/// GeometryCollection, Feature, FeatureCollection, top-level bbox and crs) or TopoJSON profile (format topojson).
/// Other formats: any JSON object.
/// </summary>
internal sealed class GeoJsonReader(Field field) : JsonValueReader(field)
{
    private readonly int _mode = field.Format switch { "default" => 0, "topojson" => 1, _ => 2 };

    public override ValueKind Kind => ValueKind.Geo;

    public override bool TryRead(ReadOnlySpan<char> cell, out CellValue value) => TryReadObject(cell, out value);

    public override bool TryReadPy(object? value, out CellValue result)
    {
        result = default;
        if (value is string s) return TryRead(s, out result);
        if (value is not OrderedDictionary<string, object?> d) return false;
        var ok = _mode switch { 0 => GeoJsonProfile.IsGeoJson(d), 1 => GeoJsonProfile.IsTopoJson(d), _ => true };
        if (!ok) return false;
        result = new CellValue { Kind = ValueKind.Geo, Object = d, Length = d.Count };
        return true;
    }
}

/// <summary>The JSON Schema profiles frictionless validates geojson cells against, written out as code.</summary>
internal static class GeoJsonProfile
{
    private static readonly string[] GeometryTypes = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

    public static bool IsGeoJson(OrderedDictionary<string, object?> o)
    {
        if (!o.TryGetValue("type", out var type)) return false;
        if (o.TryGetValue("crs", out var crs) && !Crs(crs)) return false;
        if (o.TryGetValue("bbox", out var bbox) && !(bbox is List<object?> bl && bl.All(PyJson.IsNumber))) return false;
        var matches = 0;
        if (Geometry(o)) matches++;
        if (GeometryCollection(o)) matches++;
        if (Feature(o)) matches++;
        if (FeatureCollection(o)) matches++;
        _ = type;
        return matches == 1;
    }

    private static bool TypeIs(OrderedDictionary<string, object?> o, string name) =>
        !o.TryGetValue("type", out var t) || t is string s && s == name;

    private static bool Geometry(object? v)
    {
        if (v is not OrderedDictionary<string, object?> o) return false;
        if (!o.ContainsKey("type") || !o.TryGetValue("coordinates", out var c)) return false;
        var matches = 0;
        foreach (var t in GeometryTypes)
        {
            if (!TypeIs(o, t)) continue;
            var ok = t switch
            {
                "Point" => Position(c),
                "MultiPoint" => PositionArray(c, 0),
                "LineString" => PositionArray(c, 2),
                "MultiLineString" => c is List<object?> l && l.All(x => PositionArray(x, 2)),
                "Polygon" => Polygon(c),
                _ => c is List<object?> l2 && l2.All(Polygon),
            };
            if (ok) matches++;
        }
        return matches == 1;
    }

    private static bool Position(object? v) => v is List<object?> { Count: 2 } l && PyJson.IsNumber(l[0]) && PyJson.IsNumber(l[1]);

    private static bool PositionArray(object? v, int min) => v is List<object?> l && l.Count >= min && l.All(Position);

    private static bool Polygon(object? v) => v is List<object?> l && l.All(r => PositionArray(r, 4));

    private static bool GeometryCollection(OrderedDictionary<string, object?> o) =>
        TypeIs(o, "GeometryCollection") && o.TryGetValue("geometries", out var g) && g is List<object?> l && l.All(Geometry);

    private static bool Feature(object? v)
    {
        if (v is not OrderedDictionary<string, object?> o) return false;
        if (!TypeIs(o, "Feature") || !o.TryGetValue("geometry", out var g) || !o.TryGetValue("properties", out var p)) return false;
        if (!(g is PyJson.NullValue ^ Geometry(g))) return false;
        return p is PyJson.NullValue or OrderedDictionary<string, object?>;
    }

    private static bool FeatureCollection(OrderedDictionary<string, object?> o) =>
        TypeIs(o, "FeatureCollection") && o.TryGetValue("features", out var f) && f is List<object?> l && l.All(Feature);

    private static bool Crs(object? v)
    {
        // {"type": "object"|"null"} but a null matches both oneOf branches, so only an object passes.
        if (v is not OrderedDictionary<string, object?> o) return false;
        if (!o.TryGetValue("type", out var t) || t is not string ts) return false;
        if (!o.TryGetValue("properties", out var p) || p is not OrderedDictionary<string, object?> props) return false;
        if (o.Count != 2) return false;
        var named = ts == "name" && props.TryGetValue("name", out var n) && n is string && props.Count == 1;
        var linked = ts == "link" && props.TryGetValue("href", out var h) && h is string
                     && (!props.TryGetValue("type", out var lt) || lt is string);
        return named ^ linked;
    }

    public static bool IsTopoJson(OrderedDictionary<string, object?> o)
    {
        if (!o.ContainsKey("type")) return false;
        if (o.TryGetValue("bbox", out var bbox) && !TopoBbox(bbox)) return false;
        var matches = (Topology(o) ? 1 : 0) + (TopoGeometry(o) ? 1 : 0);
        return matches == 1;
    }

    private static bool TopoBbox(object? v) =>
        v is List<object?> { Count: 2 } l && l.All(d => d is List<object?> dl && dl.All(PyJson.IsNumber));

    private static bool Numbers(object? v, int min) => v is List<object?> l && l.Count >= min && l.All(PyJson.IsNumber);

    private static bool Ints(object? v, int depth) =>
        v is List<object?> l && (depth == 1 ? l.All(PyJson.IsInteger) : l.All(x => Ints(x, depth - 1)));

    private static bool Topology(OrderedDictionary<string, object?> o)
    {
        if (!TypeIs(o, "Topology")) return false;
        if (!o.TryGetValue("objects", out var objs) || objs is not OrderedDictionary<string, object?> od) return false;
        if (!od.Values.All(TopoGeometry)) return false;
        if (!o.TryGetValue("arcs", out var arcs) || arcs is not List<object?> al) return false;
        foreach (var arc in al)
        {
            if (arc is not List<object?> { Count: >= 2 } pts) return false;
            if (!pts.All(p => p is PyJson.NullValue ^ Numbers(p, 2))) return false;
        }
        if (o.TryGetValue("transform", out var tr))
        {
            if (tr is not OrderedDictionary<string, object?> t) return false;
            if (!t.TryGetValue("scale", out var sc) || !Numbers(sc, 2)) return false;
            if (!t.TryGetValue("translate", out var tl) || !Numbers(tl, 2)) return false;
        }
        return true;
    }

    private static bool TopoGeometry(object? v)
    {
        if (v is not OrderedDictionary<string, object?> o || !o.ContainsKey("type")) return false;
        if (o.TryGetValue("id", out var id) && !(id is string || PyJson.IsInteger(id))) return false;
        if (o.TryGetValue("properties", out var p) && p is not OrderedDictionary<string, object?>) return false;
        var matches = 0;
        if (TypeIs(o, "Point") && o.TryGetValue("coordinates", out var c1) && Numbers(c1, 2)) matches++;
        if (TypeIs(o, "MultiPoint") && o.TryGetValue("coordinates", out var c2) && c2 is List<object?> l2 && l2.All(x => Numbers(x, 2))) matches++;
        if (TypeIs(o, "LineString") && o.TryGetValue("arcs", out var a1) && Ints(a1, 1)) matches++;
        if (TypeIs(o, "MultiLineString") && o.TryGetValue("arcs", out var a2) && Ints(a2, 2)) matches++;
        if (TypeIs(o, "Polygon") && o.TryGetValue("arcs", out var a3) && Ints(a3, 2)) matches++;
        if (TypeIs(o, "MultiPolygon") && o.TryGetValue("arcs", out var a4) && Ints(a4, 3)) matches++;
        if (TypeIs(o, "GeometryCollection") && o.TryGetValue("geometries", out var g) && g is List<object?> gl && gl.All(TopoGeometry)) matches++;
        return matches == 1;
    }
}
