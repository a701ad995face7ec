using Socle.Validation.Checks;

namespace Socle.Validation.Engine;

/// <summary>
/// Builds key hashes from a row's typed values, the same way for the rows checked and for the rows a foreign key
/// refers to: values that read equal (number "1.0" and "1") give the same key. Zero means "no value".
/// </summary>
internal static class KeyBuilder
{
    [ThreadStatic] private static char[]? t_buffer;

    public static UInt128 Field(RowView view, Slot?[] slots, int schemaIndex)
    {
        if (view.State(schemaIndex) != CellState.Valid) return UInt128.Zero;
        var reader = slots[schemaIndex]!.Reader;
        return reader.KeyIsText
            ? KeyHash.Of(view.Text(schemaIndex))
            : KeyHash.Of(reader.ToKey(view.Text(schemaIndex), view.Value(schemaIndex)));
    }

    /// <summary>Key of several fields; zero when all are empty (or, with <paramref name="anyNullSkips"/>, when any is).</summary>
    public static UInt128 Composite(RowView view, Slot?[] slots, int[] schemaIndexes, bool anyNullSkips)
    {
        if (schemaIndexes.Length == 1) return Field(view, slots, schemaIndexes[0]);
        var buffer = t_buffer ??= new char[256];
        var used = 0;
        var nulls = 0;
        foreach (var i in schemaIndexes)
        {
            ReadOnlySpan<char> part;
            if (view.State(i) != CellState.Valid) { nulls++; part = "\u0000"; }
            else
            {
                var reader = slots[i]!.Reader;
                part = reader.KeyIsText ? view.Text(i) : reader.ToKey(view.Text(i), view.Value(i));
            }
            if (used + part.Length + 1 > buffer.Length)
            {
                var bigger = new char[Math.Max(buffer.Length * 2, used + part.Length + 1)];
                buffer.AsSpan(0, used).CopyTo(bigger);
                buffer = t_buffer = bigger;
            }
            part.CopyTo(buffer.AsSpan(used));
            used += part.Length;
            buffer[used++] = '\u001F';
        }
        if (nulls == schemaIndexes.Length || (anyNullSkips && nulls > 0)) return UInt128.Zero;
        return KeyHash.Of(buffer.AsSpan(0, used));
    }
}
