using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Constraints;

/// <summary>A constraint a valid cell failed: its name as in the schema ("minLength") and its value as text ("5").</summary>
internal readonly record struct ConstraintFailure(string Name, string Value);

/// <summary>
/// Checks the value constraints of one field (minLength, maxLength, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum, pattern, enum) on cells that were read without a type error. <c>required</c> and <c>unique</c>
/// are the engine's: they need to see missing cells and other rows. Immutable, thread-safe.
/// Contract:
///   static ConstraintChecker? Create(Field field, CellReader reader)   // null when the field has none of these
///   void Check(ReadOnlySpan&lt;char&gt; cell, in CellValue value, List&lt;ConstraintFailure&gt; failures)
/// <para>As frictionless-py v5 (schema/field.py): the constraints a type supports are checked in that type's
/// <c>supported_constraints</c> order (string: minLength, maxLength, pattern, enum; integer, number, date, time,
/// datetime, year, yearmonth: minimum, maximum, enum; array, object: minLength, maxLength, enum; list: minLength,
/// maxLength; others: enum); every failed one is reported, with the constraint's value as Python prints it
/// (<c>str()</c> of the JSON value). A constraint the type does not support makes the schema invalid, as in v5.
/// Socle extensions over v5: exclusiveMinimum/exclusiveMaximum (Table Schema v2, checked after maximum) and
/// minimum/maximum on durations.</para>
/// </summary>
internal sealed partial class ConstraintChecker
{
    private enum Rule : byte { MinLength, MaxLength, Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, Pattern, Enum }

    private static readonly string[] LengthTypes = ["string", "array", "object", "list"];
    private static readonly string[] RangeTypes = ["integer", "number", "date", "time", "datetime", "year", "yearmonth", "duration"];

    private readonly CellReader _reader;
    private readonly ValueKind _kind;
    private readonly Rule[] _checks;
    private readonly string[] _notes;
    private readonly int _minLength, _maxLength;
    private readonly CellValue _minimum, _maximum, _exclusiveMinimum, _exclusiveMaximum;
    private readonly Regex? _pattern;
    // A Regex keeps one matcher state; threads sharing it would build a new one per match. One copy per thread.
    private readonly ThreadLocal<Regex>? _patternPerThread;
    private readonly bool _textEnum;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _enumText;
    private readonly CellValue[] _enumValues;

    private ConstraintChecker(CellReader reader, ValueKind kind, List<(Rule, string)> checks, FieldConstraints c, Field field,
        FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> enumText, CellValue[] enumValues)
    {
        _reader = reader;
        _kind = kind;
        _checks = checks.Select(x => x.Item1).ToArray();
        _notes = checks.Select(x => x.Item2).ToArray();
        _minLength = c.MinLength ?? 0;
        _maxLength = c.MaxLength ?? int.MaxValue;
        _minimum = Bound(field, reader, "minimum", c.Minimum);
        _maximum = Bound(field, reader, "maximum", c.Maximum);
        _exclusiveMinimum = Bound(field, reader, "exclusiveMinimum", c.ExclusiveMinimum);
        _exclusiveMaximum = Bound(field, reader, "exclusiveMaximum", c.ExclusiveMaximum);
        _pattern = c.Pattern is null ? null : PatternCache.Get(field.Name, c.Pattern);
        if (_pattern is { } compiled)
            _patternPerThread = new ThreadLocal<Regex>(() => new Regex(compiled.ToString(), compiled.Options, compiled.MatchTimeout));
        _textEnum = kind is ValueKind.Text or ValueKind.Any;
        _enumText = enumText;
        _enumValues = enumValues;
    }

    /// <summary>The checker of a field, or null when it has no value constraint. Throws <see cref="SchemaException"/>
    /// for a constraint the type does not support or a value that does not read as the field's type.</summary>
    public static ConstraintChecker? Create(Field field, CellReader reader)
    {
        var c = field.Constraints;
        // frictionless-py v5 reads a field without "type" as a string field (DEFAULT_FIELD_TYPE_SPECS_V1): its
        // string constraints apply. The schema reader gives it type "any", which reads cells the same way.
        var type = field.Type == "any" && !DeclaresType(field) ? "string" : field.Type;
        var typed = reader as TypeReader;
        var kind = typed?.Kind ?? ValueKind.Any;

        void Require(bool supported, string name)
        {
            if (!supported) throw new SchemaException("schema.unsupported-constraint", field.Name, name, type);
        }

        var checks = new List<(Rule, string)>();
        var lengthOk = LengthTypes.Contains(type);
        var rangeOk = RangeTypes.Contains(type);
        if (c.MinLength is not null) { Require(lengthOk, "minLength"); checks.Add((Rule.MinLength, Note(field, "minLength", c.MinLength))); }
        if (c.MaxLength is not null) { Require(lengthOk, "maxLength"); checks.Add((Rule.MaxLength, Note(field, "maxLength", c.MaxLength))); }
        if (c.Minimum is not null) { Require(rangeOk, "minimum"); checks.Add((Rule.Minimum, Note(field, "minimum", c.Minimum))); }
        if (c.Maximum is not null) { Require(rangeOk, "maximum"); checks.Add((Rule.Maximum, Note(field, "maximum", c.Maximum))); }
        if (c.ExclusiveMinimum is not null) { Require(rangeOk, "exclusiveMinimum"); checks.Add((Rule.ExclusiveMinimum, Note(field, "exclusiveMinimum", c.ExclusiveMinimum))); }
        if (c.ExclusiveMaximum is not null) { Require(rangeOk, "exclusiveMaximum"); checks.Add((Rule.ExclusiveMaximum, Note(field, "exclusiveMaximum", c.ExclusiveMaximum))); }
        if (c.Pattern is not null) { Require(type == "string", "pattern"); checks.Add((Rule.Pattern, Note(field, "pattern", c.Pattern))); }
        if (c.Enum is not null) { Require(type != "list", "enum"); checks.Add((Rule.Enum, Note(field, "enum", c.Enum))); }
        if (checks.Count == 0) return null;

        var textEnum = kind is ValueKind.Text or ValueKind.Any;
        FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> enumText = default;
        var enumValues = Array.Empty<CellValue>();
        if (c.Enum is { } en)
        {
            if (textEnum)
            {
                // A cell is a str: it equals the enum's strings that the field reads (other items became None).
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in en.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String && reader.TryReadJson(item, out _)) set.Add(item.GetString()!);
                enumText = set.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            }
            else
            {
                var values = new List<CellValue>();
                foreach (var item in en.EnumerateArray())
                    if (reader.TryReadJson(item, out var v)) values.Add(v);
                enumValues = [.. values];
            }
        }
        return new ConstraintChecker(reader, kind, checks, c, field, enumText, enumValues);
    }

    private static bool DeclaresType(Field field) =>
        field.Descriptor.ValueKind != JsonValueKind.Object || field.Descriptor.TryGetProperty("type", out _);

    /// <summary>What frictionless prints: <c>str()</c> of the constraint's JSON value.</summary>
    private static string Note(Field field, string name, object value)
    {
        if (field.Descriptor.ValueKind == JsonValueKind.Object && field.Descriptor.TryGetProperty("constraints", out var cs)
            && cs.ValueKind == JsonValueKind.Object && cs.TryGetProperty(name, out var raw))
            return Py.Str(PyJson.FromElement(raw));
        return value switch
        {
            JsonElement e => Py.Str(PyJson.FromElement(e)),
            int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    private static CellValue Bound(Field field, CellReader reader, string name, JsonElement? raw)
    {
        if (raw is not { } e) return default;
        if (!reader.TryReadJson(e, out var v) || v.Kind == ValueKind.None || (v.Kind == ValueKind.Number && NumericValues.IsNaN(v)))
            throw new SchemaException("schema.bad-constraint", field.Name, name, e.GetRawText(), reader.TypeLabel);
        return v;
    }

    /// <summary>Adds one failure per failed constraint, in frictionless' order.</summary>
    public void Check(ReadOnlySpan<char> cell, in CellValue value, List<ConstraintFailure> failures)
    {
        for (var i = 0; i < _checks.Length; i++)
        {
            var check = _checks[i];
            var ok = check switch
            {
                Rule.MinLength => Length(cell, value) >= _minLength,
                Rule.MaxLength => Length(cell, value) <= _maxLength,
                Rule.Minimum => Ordered(value, _minimum, out var c1) && c1 >= 0,
                Rule.Maximum => Ordered(value, _maximum, out var c2) && c2 <= 0,
                Rule.ExclusiveMinimum => Ordered(value, _exclusiveMinimum, out var c3) && c3 > 0,
                Rule.ExclusiveMaximum => Ordered(value, _exclusiveMaximum, out var c4) && c4 < 0,
                Rule.Pattern => MatchPattern(cell),
                _ => InEnum(cell, value),
            };
            if (!ok) failures.Add(new ConstraintFailure(Name(check), _notes[i]));
        }
    }

    private int Length(ReadOnlySpan<char> cell, in CellValue value) =>
        value.Kind is ValueKind.None or ValueKind.Text or ValueKind.Any || value.Length < 0 ? Py.CodePoints(cell) : value.Length;

    /// <summary>Compares a value with a bound; false when Python could not order them (NaN, naive vs aware).</summary>
    private bool Ordered(in CellValue value, in CellValue bound, out int cmp)
    {
        cmp = 0;
        if (_kind == ValueKind.Number && NumericValues.IsNaN(value)) return false;
        if (_kind is ValueKind.DateTime or ValueKind.Time && value.IsAware != bound.IsAware) return false;
        cmp = _reader.Compare(value, bound);
        return true;
    }

    private bool MatchPattern(ReadOnlySpan<char> cell)
    {
        try { return _patternPerThread!.Value!.IsMatch(cell); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    private bool InEnum(ReadOnlySpan<char> cell, in CellValue value)
    {
        if (_textEnum) return _enumText.Contains(cell);
        foreach (var item in _enumValues)
            if (_reader.ValueEquals(value, item)) return true;
        return false;
    }

    private static string Name(Rule c) => c switch
    {
        Rule.MinLength => "minLength",
        Rule.MaxLength => "maxLength",
        Rule.Minimum => "minimum",
        Rule.Maximum => "maximum",
        Rule.ExclusiveMinimum => "exclusiveMinimum",
        Rule.ExclusiveMaximum => "exclusiveMaximum",
        Rule.Pattern => "pattern",
        _ => "enum",
    };
}

/// <summary>
/// Compiled <c>pattern</c> constraints, shared by all validations. Table Schema patterns are XML Schema style:
/// implicitly anchored on the whole value, so the pattern is wrapped as <c>^(?:p)$</c>. (frictionless v5 compiles
/// <c>"^{0}$".format(p)</c>, which anchors a top-level alternation <c>a|b</c> on its outer branches only and lets
/// "abc" pass; Socle follows the spec there.) Python-only syntax ((?P&lt;n&gt;…), (?P=n), \Z) is translated.
/// </summary>
internal static class PatternCache
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static Regex Get(string fieldName, string pattern)
    {
        if (Cache.TryGetValue(pattern, out var r)) return r;
        var translated = "^(?:" + Translate(pattern) + ")$";
        try
        {
            // Linear time whatever the pattern: no timeout needed (and a timeout costs on every match).
            try { r = new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking); }
            catch (NotSupportedException) { r = new Regex(translated, RegexOptions.CultureInvariant, Timeout); }
        }
        catch (ArgumentException e)
        {
            throw new SchemaException("schema.bad-pattern", fieldName, pattern, e.Message);
        }
        if (Cache.Count < 10_000) Cache[pattern] = r;
        return r;
    }

    /// <summary>Python regex syntax to .NET where they differ.</summary>
    internal static string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 8);
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                var n = p[i + 1];
                if (!inClass && n == 'Z') sb.Append("\\z");
                else sb.Append(c).Append(n);
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == '[') sb.Append("\\[");
                else
                {
                    if (c == ']') inClass = false;
                    sb.Append(c);
                }
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < p.Length && p[i + 1] == '^') { sb.Append('^'); i++; }
                if (i + 1 < p.Length && p[i + 1] == ']') { sb.Append("\\]"); i++; }
                continue;
            }
            if (c == '(' && p.AsSpan(i).StartsWith("(?P<"))
            {
                sb.Append("(?<");
                i += 3;
                continue;
            }
            if (c == '(' && p.AsSpan(i).StartsWith("(?P="))
            {
                var end = p.IndexOf(')', i);
                if (end > 0)
                {
                    sb.Append("\\k<").Append(p, i + 4, end - i - 4).Append('>');
                    i = end;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
