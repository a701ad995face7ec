namespace Socle.Validation.Types;

/// <summary>What kind of value a <see cref="CellValue"/> holds.</summary>
internal enum ValueKind : byte
{
    None, Text, Integer, Number, Boolean, Date, Time, DateTime, Year, YearMonth, Duration, Geo, Json, List, Any,
}

/// <summary>
/// A typed cell value. A struct so that reading a valid cell allocates nothing for the scalar types.
/// <para>Layout by kind: Integer/Year → <see cref="Long"/> (or <see cref="Object"/> as BigInteger when it overflows);
/// Number → <see cref="Decimal"/>, or <see cref="Double"/> when <see cref="IsDouble"/> (NaN, ±Inf, out of decimal range,
/// floatNumber); Boolean → Long 0/1; Date/DateTime → Long = ticks (UTC for aware datetimes), Time → Long = ticks of day;
/// YearMonth → Long = year*12+month-1; Duration → Object (a comparable duration); Text → <see cref="Object"/> = string
/// only when materialised; Geo/Json/List → Object.</para>
/// </summary>
internal readonly struct CellValue
{
    public ValueKind Kind { get; init; }
    public long Long { get; init; }
    public double Double { get; init; }
    public decimal Decimal { get; init; }
    public bool IsDouble { get; init; }
    public object? Object { get; init; }
    /// <summary>DateTime/Time: the value had a UTC offset, and <see cref="Long"/> is then UTC. Python never finds an aware
    /// and a naive value equal (and cannot order them).</summary>
    public bool IsAware { get; init; }
    /// <summary>Length for minLength/maxLength: code points for text, items for arrays, lists and objects; -1 when not applicable.</summary>
    public int Length { get; init; }
}
