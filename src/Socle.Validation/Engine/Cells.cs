using nietras.SeparatedValues;

namespace Socle.Validation.Engine;

/// <summary>The cells of one source row, whatever the reader (Sep row, array of strings).</summary>
internal interface ICells
{
    int Count { get; }
    ReadOnlySpan<char> this[int index] { get; }
}

/// <summary>A Sep row, read in place: no string is made for a valid cell.</summary>
internal readonly ref struct SepCells(SepReader.Row row) : ICells
{
    private readonly SepReader.Row _row = row;
    public int Count => _row.ColCount;
    public ReadOnlySpan<char> this[int index] => _row[index].Span;
}

/// <summary>A row held as strings (spreadsheets, the inference sample, other quote characters).</summary>
internal readonly struct ArrayCells(string[] cells) : ICells
{
    private readonly string[] _cells = cells;
    public int Count => _cells.Length;
    public ReadOnlySpan<char> this[int index] => _cells[index];
}

internal static class CellsText
{
    public static string[] ToStrings<T>(scoped in T cells) where T : ICells, allows ref struct
    {
        var a = new string[cells.Count];
        for (var i = 0; i < a.Length; i++) a[i] = cells[i].ToString();
        return a;
    }
}
