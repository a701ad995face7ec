namespace Socle.Validation.Engine;

/// <summary>
/// Key hash → first row number, as an open-addressing table with linear probing. Keys are already uniform 128-bit
/// hashes, so the low bits index the table directly; zero marks an empty slot (no key hashes to zero). About 20
/// bytes per slot, at most 3/4 full: several times faster than a Dictionary of UInt128 for the million-row case.
/// </summary>
internal sealed class KeyTable
{
    private UInt128[] _keys = new UInt128[1024];
    private int[] _rows = new int[1024];
    private int _count;

    public int Count => _count;

    /// <summary>Sizes the table for about this many keys at once, saving the rehashes of growing (a hint: it still grows).</summary>
    public void Reserve(long expected)
    {
        if (_count > 0 || expected <= _keys.Length / 2) return;
        var size = (int)Math.Min(1L << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(expected * 4 / 3 + 1)));
        _keys = new UInt128[size];
        _rows = new int[size];
    }

    /// <summary>Adds the key with its row; false (and the first row) when the key is already there.</summary>
    public bool TryAdd(UInt128 key, int row, out int firstRow)
    {
        if (_count >= _keys.Length - (_keys.Length >> 2)) Grow();
        var mask = _keys.Length - 1;
        var i = (int)(ulong)key & mask;
        while (true)
        {
            var k = _keys[i];
            if (k == UInt128.Zero)
            {
                _keys[i] = key;
                _rows[i] = row;
                _count++;
                firstRow = 0;
                return true;
            }
            if (k == key)
            {
                firstRow = _rows[i];
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldRows = _rows;
        _keys = new UInt128[oldKeys.Length * 2];
        _rows = new int[oldKeys.Length * 2];
        var mask = _keys.Length - 1;
        for (var j = 0; j < oldKeys.Length; j++)
        {
            var key = oldKeys[j];
            if (key == UInt128.Zero) continue;
            var i = (int)(ulong)key & mask;
            while (_keys[i] != UInt128.Zero) i = (i + 1) & mask;
            _keys[i] = key;
            _rows[i] = oldRows[j];
        }
    }
}
