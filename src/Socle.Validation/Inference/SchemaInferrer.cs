using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Inference;

/// <summary>Options of <see cref="SchemaInferrer"/> (<c>socle schema infer</c>).</summary>
public sealed record InferOptions
{
    /// <summary>A text column gets <c>constraints.enum</c> when it has at most this many distinct values…</summary>
    public int EnumMaxDistinct { get; init; } = 20;

    /// <summary>…and at least this many non-empty values (so a short sample does not freeze its values into the schema).</summary>
    public int EnumMinRows { get; init; } = 50;

    /// <summary>Set <c>constraints.required: true</c> on columns that are never empty (when there is at least one row).</summary>
    public bool Required { get; init; } = true;

    /// <summary>
    /// Declare <c>primaryKey</c> for the first column named like an identifier ("id", "identifiant", "code", "uid",
    /// "uuid", or starting with "id_"/"id-" or ending with "_id"/"-id") whose values are never empty and all distinct.
    /// </summary>
    public bool PrimaryKey { get; init; } = true;

    /// <summary>Distinct values tracked per identifier-like column to decide uniqueness (16 bytes each); beyond, no primary key.</summary>
    public int MaxTrackedValues { get; init; } = 5_000_000;

    /// <summary>Values read as empty (the output schema's <c>missingValues</c>).</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = [""];

    /// <summary>Date patterns tried, in order of preference, after ISO 8601 (the default format).</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y"];

    /// <summary>Datetime patterns tried after ISO 8601.</summary>
    public IReadOnlyList<string> DateTimeFormats { get; init; } =
        ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"];
}

/// <summary>
/// Infers a Table Schema from all the rows of a table, for a producer's first schema (<c>socle schema infer</c>).
/// Unlike <see cref="FrictionlessInference"/> (which mimics frictionless on a 100-row sample to validate a file
/// without schema), it reads every row (streaming: memory is bounded by the number of columns, the enum values kept
/// and the identifier hashes) and keeps, for each column, the most specific type that reads every non-empty value:
/// boolean (true/false words, or oui/non with <c>trueValues</c>/<c>falseValues</c>), integer, number (with <c>decimalChar: ","</c> for French decimals, and
/// <c>groupChar: " "</c> when thousands are spaced), date (ISO or a pattern such as <c>%d/%m/%Y</c>), datetime,
/// time, geopoint ("lon,lat"), then string with format uuid, email or uri, then string.
/// </summary>
public static class SchemaInferrer
{
    private static readonly string[] IdNames = ["id", "identifiant", "code", "uid", "uuid"];

    /// <summary>A JSON Table Schema for the rows (labels are the header; a row may be shorter or longer).</summary>
    public static JsonObject Infer(IReadOnlyList<string> labels, IEnumerable<string[]> rows, InferOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var names = FrictionlessInference.Names(labels, []);
        var missing = options.MissingValues.ToHashSet(StringComparer.Ordinal);
        var columns = names.Select((n, i) => new Column(n, options, IsIdName(n))).ToArray();
        var rowCount = 0;
        foreach (var row in rows)
        {
            rowCount++;
            for (var i = 0; i < columns.Length; i++)
            {
                var cell = i < row.Length ? row[i] : null;
                if (cell is null || missing.Contains(cell)) columns[i].Empty++;
                else columns[i].Add(cell);
            }
        }

        var fields = new JsonArray();
        string? primaryKey = null;
        foreach (var col in columns)
        {
            var field = col.ToJson(rowCount, options);
            fields.Add(field);
            if (options.PrimaryKey && primaryKey is null && col.IsId && col.Empty == 0 && rowCount > 0 && col.AllDistinct)
                primaryKey = col.Name;
        }
        var schema = new JsonObject
        {
            ["fields"] = fields,
            ["missingValues"] = new JsonArray(options.MissingValues.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        };
        if (primaryKey is not null) schema["primaryKey"] = new JsonArray(JsonValue.Create(primaryKey));
        return schema;
    }

    private static bool IsIdName(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return IdNames.Contains(n) || n.StartsWith("id_", StringComparison.Ordinal) || n.StartsWith("id-", StringComparison.Ordinal)
               || n.EndsWith("_id", StringComparison.Ordinal) || n.EndsWith("-id", StringComparison.Ordinal);
    }

    /// <summary>What one column has shown so far: which candidates still read every value.</summary>
    private sealed class Column
    {
        private static readonly TypeReader Integer = CellReaders.ForType("x", "integer");
        private static readonly TypeReader Number = CellReaders.ForType("x", "number");
        private static readonly TypeReader NumberComma = CellReaders.CreateTyped(new Field { Name = "x", Type = "number", DecimalChar = "," });
        private static readonly TypeReader NumberCommaSpaced = CellReaders.CreateTyped(new Field { Name = "x", Type = "number", DecimalChar = ",", GroupChar = " " });
        private static readonly TypeReader DateTime = CellReaders.ForType("x", "datetime");
        private static readonly TypeReader Date = CellReaders.ForType("x", "date");
        private static readonly TypeReader Time = CellReaders.ForType("x", "time");
        private static readonly TypeReader GeoPoint = CellReaders.ForType("x", "geopoint");
        private static readonly TypeReader Uuid = CellReaders.ForType("x", "string", "uuid");
        private static readonly TypeReader Email = CellReaders.ForType("x", "string", "email");
        private static readonly TypeReader Uri = CellReaders.ForType("x", "string", "uri");
        private static readonly string[] TrueWords = ["true", "True", "TRUE"];
        private static readonly string[] FalseWords = ["false", "False", "FALSE"];
        private static readonly string[] OuiWords = ["oui", "Oui", "OUI"];
        private static readonly string[] NonWords = ["non", "Non", "NON"];
        private readonly SortedSet<string> _ouiSeen = new(StringComparer.Ordinal), _nonSeen = new(StringComparer.Ordinal);

        private readonly Strptime[] _dateFormats;
        private readonly Strptime[] _dateTimeFormats;
        private readonly IReadOnlyList<string> _dateFormatNames;
        private readonly IReadOnlyList<string> _dateTimeFormatNames;
        private readonly int _enumMax;
        private readonly HashSet<UInt128>? _ids;

        public Column(string name, InferOptions options, bool isId)
        {
            Name = name;
            IsId = isId;
            _enumMax = options.EnumMaxDistinct;
            _dateFormatNames = options.DateFormats;
            _dateTimeFormatNames = options.DateTimeFormats;
            _dateFormats = options.DateFormats.Select(Strptime.Compile).ToArray();
            _dateTimeFormats = options.DateTimeFormats.Select(Strptime.Compile).ToArray();
            DateOk = new bool[_dateFormats.Length];
            DateTimeOk = new bool[_dateTimeFormats.Length];
            Array.Fill(DateOk, true);
            Array.Fill(DateTimeOk, true);
            if (isId && options.PrimaryKey) _ids = [];
            _maxIds = options.MaxTrackedValues;
        }

        private readonly int _maxIds;
        public string Name { get; }
        public bool IsId { get; }
        public long Empty;
        public long Count;
        public bool AllDistinct => _ids is not null && !_idsOverflow && !_duplicate;
        private bool _idsOverflow, _duplicate;

        public bool Boolean = true, BooleanFr = true, Int = true, Num = true, NumComma = true, NumCommaSpaced = true, IsoDateTime = true,
            IsoDate = true, IsoTime = true, Geo = true, IsUuid = true, IsEmail = true, IsUri = true;
        public readonly bool[] DateOk;
        public readonly bool[] DateTimeOk;
        public bool SawComma, SawSpaceGroup;
        private HashSet<string>? _distinct = new(StringComparer.Ordinal);

        public void Add(string cell)
        {
            Count++;
            if (_distinct is not null)
            {
                _distinct.Add(cell);
                if (_distinct.Count > _enumMax) _distinct = null;
            }
            if (_ids is not null && !_idsOverflow && !_duplicate)
            {
                var h = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(cell.AsSpan()));
                if (!_ids.Add(h)) _duplicate = true;
                else if (_ids.Count > _maxIds) { _idsOverflow = true; _ids.Clear(); }
            }
            if (Boolean) Boolean = TrueWords.Contains(cell) || FalseWords.Contains(cell);
            if (BooleanFr)
            {
                if (OuiWords.Contains(cell)) _ouiSeen.Add(cell);
                else if (NonWords.Contains(cell)) _nonSeen.Add(cell);
                else BooleanFr = false;
            }
            // Codes with leading zeros (postal codes, INSEE codes) stay text: a number would lose the zeros.
            if (cell.Length > 1 && cell[0] == '0' && char.IsAsciiDigit(cell[1])) Int = Num = NumComma = NumCommaSpaced = false;
            if (Int) Int = cell.Trim() == cell && Integer.TryRead(cell, out _);
            if (Num) Num = cell.Trim() == cell && Number.TryRead(cell, out var nv) && !NumericValues.IsNaN(nv) && !(nv.IsDouble && double.IsInfinity(nv.Double));
            if (NumComma)
            {
                NumComma = cell.Trim() == cell && NumberComma.TryRead(cell, out var v) && !v.IsDouble;
                if (NumComma && cell.Contains(',')) SawComma = true;
            }
            if (NumCommaSpaced)
            {
                NumCommaSpaced = cell.Trim() == cell && NumberCommaSpaced.TryRead(cell, out var v) && !v.IsDouble && !cell.Contains("  ");
                if (NumCommaSpaced && cell.Contains(' ')) SawSpaceGroup = true;
            }
            if (IsoDateTime) IsoDateTime = DateTime.TryRead(cell, out _);
            if (IsoDate) IsoDate = cell.Length == 10 && Date.TryRead(cell, out _);
            for (var k = 0; k < DateOk.Length; k++)
                if (DateOk[k]) DateOk[k] = _dateFormats[k].TryParse(cell, out _);
            for (var k = 0; k < DateTimeOk.Length; k++)
                if (DateTimeOk[k]) DateTimeOk[k] = _dateTimeFormats[k].TryParse(cell, out _);
            if (IsoTime) IsoTime = Time.TryRead(cell, out _);
            if (Geo) Geo = cell.Contains(',') && GeoPoint.TryRead(cell, out _);
            if (IsUuid) IsUuid = Uuid.TryRead(cell, out _) && cell.Length == 36;
            if (IsEmail) IsEmail = Email.TryRead(cell, out _);
            if (IsUri) IsUri = Uri.TryRead(cell, out _) && cell.Contains("://");
        }

        public JsonObject ToJson(int rowCount, InferOptions options)
        {
            var o = new JsonObject { ["name"] = Name };
            string type;
            string? format = null;
            if (Count == 0) type = "string";
            else if (Boolean) type = "boolean";
            else if (BooleanFr && _ouiSeen.Count > 0 && _nonSeen.Count > 0)
            {
                type = "boolean";
                o["trueValues"] = new JsonArray(_ouiSeen.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                o["falseValues"] = new JsonArray(_nonSeen.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            else if (Int) type = "integer";
            else if (Num) type = "number";
            else if (NumComma && SawComma) { type = "number"; o["decimalChar"] = ","; }
            else if (NumCommaSpaced && SawComma) { type = "number"; o["decimalChar"] = ","; if (SawSpaceGroup) o["groupChar"] = " "; }
            else if (IsoDate) type = "date";
            else if (Array.IndexOf(DateOk, true) is var d and >= 0) { type = "date"; format = _dateFormatNames[d]; }
            else if (IsoDateTime) type = "datetime";
            else if (Array.IndexOf(DateTimeOk, true) is var dt and >= 0) { type = "datetime"; format = _dateTimeFormatNames[dt]; }
            else if (IsoTime) type = "time";
            else if (Geo) type = "geopoint";
            else if (IsUuid) { type = "string"; format = "uuid"; }
            else if (IsEmail) { type = "string"; format = "email"; }
            else if (IsUri) { type = "string"; format = "uri"; }
            else type = "string";
            o["type"] = type;
            if (format is not null) o["format"] = format;
            var constraints = new JsonObject();
            if (options.Required && rowCount > 0 && Empty == 0) constraints["required"] = true;
            if (type == "string" && format is null && _distinct is not null && Count >= options.EnumMinRows && _distinct.Count > 0)
                constraints["enum"] = new JsonArray(_distinct.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            if (constraints.Count > 0) o["constraints"] = constraints;
            return o;
        }
    }
}
