using System.Collections.Frozen;

namespace Socle.Validation.Engine;

/// <summary>Tells whether a cell is one of a field's missing values; the default [""] costs one length test.</summary>
internal sealed class MissingValues
{
    private readonly bool _emptyOnly;
    private readonly bool _empty;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly bool _hasSet;

    public MissingValues(IReadOnlyList<string> values)
    {
        _empty = values.Contains("");
        _emptyOnly = values.Count == 1 && _empty;
        if (!_emptyOnly && values.Count > 0)
        {
            _lookup = values.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            _hasSet = true;
        }
    }

    public bool IsMissing(ReadOnlySpan<char> cell)
    {
        if (cell.Length == 0) return _empty;
        return !_emptyOnly && _hasSet && _lookup.Contains(cell);
    }
}
