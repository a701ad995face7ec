using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
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

    /// <summary>Long: the values are compared by <see cref="CellValue.Long"/> (the reader's own order; an integer
    /// beyond a long falls back to the reader). Decimal: number, compared as decimals, against a bound that is an
    /// integer without converting it. General: the reader's Compare.</summary>
    private enum RangeMode : byte { General, Long, Decimal }

    /// <summary>Bounds of the quick decimal comparison are integers below this (in absolute value).</summary>
    private const long MaxLongBound = 1_000_000_000_000_000_000;

    private static readonly string[] LengthTypes = ["string", "array", "object", "list"];
    private static readonly string[] RangeTypes = ["integer", "number", "date", "time", "datetime", "year", "yearmonth", "duration"];

    private readonly CellReader _reader;
    private readonly ValueKind _kind;
    private readonly Rule[] _checks;
    private readonly string[] _notes;
    private readonly int _minLength, _maxLength;
    // minimum, maximum, exclusiveMinimum, exclusiveMaximum (index: rule - Rule.Minimum; Kind None when absent),
    // how they compare (see Ordered), and each as a long when the quick comparison can use it.
    private readonly CellValue[] _bounds;
    private readonly RangeMode _range;
    private readonly long[] _boundLongs;
    private readonly Regex? _pattern;
    // A Regex keeps one matcher state; threads sharing it would build a new one per match. One copy per thread.
    private readonly ThreadLocal<Regex>? _patternPerThread;
    private readonly bool _textEnum;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _enumText;
    // The same strings when they are few: compared in turn, quicker than hashing.
    private readonly string[]? _enumFew;
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
        _bounds =
        [
            Bound(field, reader, "minimum", c.Minimum), Bound(field, reader, "maximum", c.Maximum),
            Bound(field, reader, "exclusiveMinimum", c.ExclusiveMinimum), Bound(field, reader, "exclusiveMaximum", c.ExclusiveMaximum),
        ];
        _range = Mode(kind, _bounds);
        _boundLongs = [.. _bounds.Select(b => LongOf(_range, b))];
        // Decimals are compared in place only when their layout is the one expected.
        if (_range == RangeMode.Decimal && !DecimalLayout.Known) Array.Fill(_boundLongs, long.MinValue);
        _pattern = c.Pattern is null ? null : PatternCache.Get(field.Name, c.Pattern);
        if (_pattern is { } compiled)
            _patternPerThread = new ThreadLocal<Regex>(() => compiled is SharedCodeRegex shared
                ? new SharedCodeRegex(shared)
                : new Regex(compiled.ToString(), compiled.Options, compiled.MatchTimeout));
        _textEnum = kind is ValueKind.Text or ValueKind.Any;
        _enumText = enumText;
        if (_textEnum && enumText.Set is { Count: <= 8 } few) _enumFew = [.. few];
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
    // Compiled fully optimised at once (see IntegerReader.TryRead).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Check(ReadOnlySpan<char> cell, in CellValue value, List<ConstraintFailure> failures)
    {
        var checks = _checks;
        for (var i = 0; i < checks.Length; i++)
        {
            var check = checks[i];
            bool ok;
            if (check is >= Rule.Minimum and <= Rule.ExclusiveMaximum)
            {
                ok = Ordered(value, check - Rule.Minimum, out var cmp) && check switch
                {
                    Rule.Minimum => cmp >= 0,
                    Rule.Maximum => cmp <= 0,
                    Rule.ExclusiveMinimum => cmp > 0,
                    _ => cmp < 0,
                };
            }
            else
            {
                ok = check switch
                {
                    Rule.MinLength => Length(cell, value) >= _minLength,
                    Rule.MaxLength => Length(cell, value) <= _maxLength,
                    Rule.Pattern => MatchPattern(cell),
                    _ => InEnum(cell, value),
                };
            }
            if (!ok) failures.Add(new ConstraintFailure(Name(check), _notes[i]));
        }
    }

    private static int Length(ReadOnlySpan<char> cell, in CellValue value) =>
        value.Kind is ValueKind.None or ValueKind.Text or ValueKind.Any || value.Length < 0 ? Py.CodePoints(cell) : value.Length;

    /// <summary>The range comparison the field's values and bounds allow.</summary>
    private static RangeMode Mode(ValueKind kind, CellValue[] bounds)
    {
        switch (kind)
        {
            // Their readers order by Long alone (an integer also holds a BigInteger in Object when it is huge).
            case ValueKind.Integer or ValueKind.Year or ValueKind.Date or ValueKind.YearMonth or ValueKind.DateTime or ValueKind.Time:
                foreach (var b in bounds)
                    if (b.Kind != ValueKind.None && (b.Kind != kind || b.Object is not null)) return RangeMode.General;
                return RangeMode.Long;
            case ValueKind.Number:
                foreach (var b in bounds)
                    if (b.Kind != ValueKind.None && (b.Kind != kind || b.IsDouble || b.Object is not null)) return RangeMode.General;
                return RangeMode.Decimal;
            default:
                return RangeMode.General;
        }
    }

    /// <summary>A bound as a long for the quick comparison; for a number, only when it is an integer of at most
    /// 18 digits (long.MinValue otherwise: compare as decimals).</summary>
    private static long LongOf(RangeMode mode, in CellValue bound)
    {
        if (bound.Kind == ValueKind.None) return 0;
        if (mode == RangeMode.Long) return bound.Long;
        if (mode == RangeMode.Decimal && decimal.Truncate(bound.Decimal) == bound.Decimal && Math.Abs(bound.Decimal) < MaxLongBound)
            return (long)bound.Decimal;
        return long.MinValue;
    }

    /// <summary>Compares a value with a bound (index in <see cref="_bounds"/>); false when Python could not order
    /// them (NaN, naive vs aware).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Ordered(in CellValue value, int index, out int cmp)
    {
        ref readonly var bound = ref _bounds[index];
        var boundLong = _boundLongs[index];
        if (_range == RangeMode.Long)
        {
            if (_kind is ValueKind.DateTime or ValueKind.Time && value.IsAware != bound.IsAware) { cmp = 0; return false; }
            if (value.Object is null) { cmp = value.Long.CompareTo(boundLong); return true; }
        }
        else if (_range == RangeMode.Decimal && !value.IsDouble && value.Object is null)
        {
            // Not NaN (a decimal); as NumericValues.Compare: decimal order.
            cmp = boundLong != long.MinValue ? CompareToInteger(value.Decimal, boundLong) : value.Decimal.CompareTo(bound.Decimal);
            return true;
        }
        return OrderedGeneral(value, bound, out cmp);
    }

    private bool OrderedGeneral(in CellValue value, in CellValue bound, out int cmp)
    {
        cmp = 0;
        if (_kind == ValueKind.Number && NumericValues.IsNaN(value)) return false;
        if (_kind is ValueKind.DateTime or ValueKind.Time && value.IsAware != bound.IsAware) return false;
        cmp = _reader.Compare(value, bound);
        return true;
    }

    private static readonly long[] Pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    /// <summary>Largest |b| with b × 10^scale in a long.</summary>
    private static readonly long[] MaxFactor = [.. Pow10.Select(p => long.MaxValue / p)];

    /// <summary><c>d.CompareTo(b)</c>: sign × mantissa against b × 10^scale, without decimal arithmetic when the
    /// mantissa fits a long and b × 10^scale too (the decimal comparison otherwise). Only when
    /// <see cref="DecimalLayout.Known"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CompareToInteger(decimal d, long b)
    {
        ref readonly var bits = ref Unsafe.As<decimal, DecimalLayout>(ref d);
        if (b == 0) return (bits.Lo | bits.Hi) == 0 ? 0 : (bits.Flags >> 31) | 1;
        var scale = (bits.Flags >> 16) & 0xFF;
        if (bits.Hi == 0 && bits.Lo <= long.MaxValue && scale <= 18 && Math.Abs(b) <= MaxFactor[scale])
        {
            var mantissa = (long)bits.Lo;
            return (bits.Flags < 0 ? -mantissa : mantissa).CompareTo(b * Pow10[scale]);
        }
        return d.CompareTo(b);
    }

    /// <summary>System.Decimal's fields (the OLE DECIMAL layout: flags with sign and scale, high 32 bits, low 64 bits of
    /// the mantissa), read in place; checked once against decimal.GetBits.</summary>
    private readonly struct DecimalLayout
    {
        public readonly int Flags;
        public readonly uint Hi;
        public readonly ulong Lo;

        public static readonly bool Known = Check();

        private static bool Check()
        {
            var d = new decimal(0x11223344, 0x55667788, 0x0A0B0C0D, true, 7);
            var bits = decimal.GetBits(d);
            var l = Unsafe.As<decimal, DecimalLayout>(ref d);
            return Unsafe.SizeOf<DecimalLayout>() == sizeof(decimal) && l.Flags == bits[3] && l.Hi == (uint)bits[2]
                && l.Lo == (((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MatchPattern(ReadOnlySpan<char> cell)
    {
        try { return _patternPerThread!.Value!.IsMatch(cell); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool InEnum(ReadOnlySpan<char> cell, in CellValue value)
    {
        if (_enumFew is { } few)
        {
            foreach (var item in few)
                if (item.Length == cell.Length && cell.SequenceEqual(item)) return true;
            return false;
        }
        if (_textEnum) return InEnumText(cell);
        foreach (var item in _enumValues)
            if (_reader.ValueEquals(value, item)) return true;
        return false;
    }

    private bool InEnumText(ReadOnlySpan<char> cell) => _enumText.Contains(cell);

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
        // A pattern that cannot backtrack much runs about twice as fast compiled to IL, with the same verdicts
        // (NonBacktracking supports every construct such a pattern may hold).
        if (r.Options.HasFlag(RegexOptions.NonBacktracking) && BacktracksLittle(translated))
            r = new SharedCodeRegex(translated, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        if (Cache.Count < 10_000) Cache[pattern] = r;
        return r;
    }

    /// <summary>Most choices a pattern that <see cref="BacktracksLittle"/> may leave to the backtracking engine,
    /// besides its one unbounded loop: product of (max - min + 1) of its bounded quantifiers and of its alternations'
    /// branch counts.</summary>
    private const int MaxChoices = 256;

    /// <summary>Widest bounded quantifier (max - min) counted as bounded; wider ones count as unbounded.</summary>
    private const int MaxSpread = 16;

    /// <summary>
    /// A conservative syntactic test that backtracking on <paramref name="p"/> (a .NET pattern anchored at its
    /// start) costs at most linear time in the text's length: only plain atoms (characters, escapes other than
    /// backreferences, classes without subtraction), groups (capturing, named or (?:)), alternation and quantifiers;
    /// no quantifier applies to a quantifier or to a group holding a quantifier or an alternation, except '?' (an
    /// optional group is an alternation with an empty branch: two choices); at most one
    /// quantifier is unbounded (or wider than <see cref="MaxSpread"/>); the other choices multiply to at most
    /// <see cref="MaxChoices"/>. Anything else (lookarounds, backreferences, inline options, atomic or conditional
    /// groups, comments, nested quantifiers...) answers false.
    /// </summary>
    internal static bool BacktracksLittle(string p)
    {
        // Per open group: (holds a quantifier, holds an alternation, branch count); index 0 is the whole pattern.
        var groups = new List<(bool Quantified, bool Alternation, int Branches)> { (false, false, 1) };
        var unbounded = 0;
        long choices = 1;
        // What a quantifier would apply to: 0 nothing, 1 a plain atom, 2 a group that holds a quantifier or alternation.
        var last = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= p.Length) return false;
                    var e = p[++i];
                    // Backreferences (\1, \k<n>) and \cX (X may be '[') are not judged; \p{..} and \P{..} are one atom.
                    if (e is >= '1' and <= '9' or 'k' or 'c') return false;
                    if (e is 'p' or 'P')
                    {
                        var close = p.IndexOf('}', i);
                        if (close < 0) return false;
                        i = close;
                    }
                    last = 1;
                    break;
                case '[':
                {
                    var j = i + 1;
                    if (j < p.Length && p[j] == '^') j++;
                    if (j < p.Length && p[j] == ']') j++;
                    for (; j < p.Length && p[j] != ']'; j++)
                    {
                        if (p[j] == '\\') j++;
                        else if (p[j] == '[') return false; // subtraction or an unusual class: not judged
                    }
                    if (j >= p.Length) return false;
                    i = j;
                    last = 1;
                    break;
                }
                case '(':
                    if (i + 1 < p.Length && p[i + 1] == '?')
                    {
                        // (?:...) and named groups only.
                        if (i + 2 < p.Length && p[i + 2] == ':') i += 2;
                        else if (i + 3 < p.Length && p[i + 2] is '<' or '\'' && (char.IsAsciiLetter(p[i + 3]) || p[i + 3] == '_'))
                        {
                            var end = p.IndexOf(p[i + 2] == '<' ? '>' : '\'', i + 3);
                            if (end < 0) return false;
                            for (var k = i + 3; k < end; k++)
                                if (!(char.IsAsciiLetterOrDigit(p[k]) || p[k] == '_')) return false;
                            i = end;
                        }
                        else return false;
                    }
                    groups.Add((false, false, 1));
                    last = 0;
                    break;
                case ')':
                {
                    if (groups.Count == 1) return false;
                    var g = groups[^1];
                    groups.RemoveAt(groups.Count - 1);
                    choices *= g.Branches;
                    if (choices > MaxChoices) return false;
                    var parent = groups[^1];
                    groups[^1] = (parent.Quantified || g.Quantified, parent.Alternation || g.Alternation, parent.Branches);
                    last = g.Quantified || g.Alternation ? 2 : 1;
                    break;
                }
                case '|':
                {
                    var g = groups[^1];
                    groups[^1] = (g.Quantified, true, g.Branches + 1);
                    last = 0;
                    break;
                }
                case '*' or '+' or '?' or '{':
                {
                    int min, max; // max -1: unbounded
                    if (c == '{')
                    {
                        // .NET reads '{' as a literal unless digits follow; digits not forming a count: not judged.
                        if (i + 1 >= p.Length || !char.IsAsciiDigit(p[i + 1]))
                        {
                            last = 1;
                            break;
                        }
                        if (!TryCount(p, ref i, out min, out max)) return false;
                    }
                    else
                    {
                        min = c == '+' ? 1 : 0;
                        max = c == '?' ? 1 : -1;
                    }
                    // An optional group (X)? is (X|): two choices, whatever X holds; other quantifiers apply to atoms
                    // or to groups without quantifier or alternation only.
                    if (last == 0 || (last == 2 && (min, max) != (0, 1))) return false;
                    if (i + 1 < p.Length && p[i + 1] == '?') i++; // lazy: the same choices
                    if (max < 0 || max - min > MaxSpread) unbounded++;
                    else choices *= max - min + 1;
                    if (unbounded > 1 || choices > MaxChoices) return false;
                    for (var k = 0; k < groups.Count; k++) groups[k] = (true, groups[k].Alternation, groups[k].Branches);
                    last = 0;
                    break;
                }
                default:
                    last = 1;
                    break;
            }
        }
        if (groups.Count != 1) return false;
        choices *= groups[0].Branches;
        return choices <= MaxChoices;
    }

    /// <summary>A counted quantifier {m}, {m,} or {m,n} (m, n of at most 9 digits) at <paramref name="i"/>, moved to
    /// its '}'.</summary>
    private static bool TryCount(string p, ref int i, out int min, out int max)
    {
        min = 0;
        max = 0;
        var j = i + 1;
        if (!ReadInt(p, ref j, out min)) return false;
        if (j < p.Length && p[j] == '}') max = min;
        else if (j < p.Length && p[j] == ',')
        {
            j++;
            if (j < p.Length && p[j] == '}') max = -1;
            else if (!ReadInt(p, ref j, out max) || j >= p.Length || p[j] != '}' || max < min) return false;
        }
        else return false;
        i = j;
        return true;
    }

    private static bool ReadInt(string p, ref int j, out int value)
    {
        value = 0;
        var start = j;
        while (j < p.Length && char.IsAsciiDigit(p[j]) && j - start < 9) value = value * 10 + (p[j++] - '0');
        return j > start && (j == p.Length || !char.IsAsciiDigit(p[j]));
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

/// <summary>
/// A <see cref="RegexOptions.Compiled"/> regex whose copies share its compiled code (its runner factory: the way
/// generated regexes are built) but not its matcher state: one copy per thread without compiling the pattern again.
/// </summary>
internal sealed class SharedCodeRegex : Regex
{
    public SharedCodeRegex(string pattern, RegexOptions options) : base(pattern, options) { }

    public SharedCodeRegex(SharedCodeRegex source)
    {
        pattern = source.pattern;
        roptions = source.roptions;
        factory = source.factory;
        internalMatchTimeout = source.internalMatchTimeout;
        capsize = source.capsize;
        caps = source.caps;
        capnames = source.capnames;
        capslist = source.capslist;
    }
}
