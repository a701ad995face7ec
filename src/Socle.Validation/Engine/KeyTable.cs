using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Socle.Validation.Engine;

/// <summary>
/// Key hash → first row number, as an open-addressing table with linear probing. A slot is 16 bytes: 96 bits of
/// the key's hash and the row number, so an insert costs one cache line. Keys are already uniform hashes: the low
/// bits index the table directly, and an all-zero slot is empty (no key hashes to zero). At most 3/4 full.
/// Truncating hashes to 96 bits keeps false duplicates below one chance in 10^10 at a billion distinct values.
/// </summary>
internal sealed class KeyTable
{
    private Slot[] _slots = new Slot[1024];
    private int _count;

    private struct Slot
    {
        public ulong Low;
        public uint High;
        public int Row;
    }

    public int Count => _count;

    /// <summary>Sizes the table for about this many keys at once, saving the rehashes of growing (a hint: it still grows).</summary>
    public void Reserve(long expected)
    {
        if (_count > 0 || expected <= _slots.Length / 2) return;
        var size = (int)Math.Min(1L << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(expected * 4 / 3 + 1)));
        _slots = new Slot[size];
    }

    /// <summary>Asks the processor to load the key's slot ahead of <see cref="TryAdd"/> (a batch's inserts then overlap their cache misses).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(UInt128 key)
    {
        if (!Sse.IsSupported) return;
        var i = (int)(ulong)key & (_slots.Length - 1);
        Sse.Prefetch0(Unsafe.AsPointer(ref _slots[i]));
    }

    /// <summary>Adds the key with its row; false (and the first row) when the key is already there.</summary>
    public bool TryAdd(UInt128 key, int row, out int firstRow)
    {
        if (_count >= _slots.Length - (_slots.Length >> 2)) Grow();
        var low = (ulong)key;
        var high = (uint)(key >> 64) | 1u; // never all zero
        var mask = _slots.Length - 1;
        var i = (int)low & mask;
        while (true)
        {
            ref var s = ref _slots[i];
            if (s.High == 0)
            {
                s.Low = low;
                s.High = high;
                s.Row = row;
                _count++;
                firstRow = 0;
                return true;
            }
            if (s.Low == low && s.High == high)
            {
                firstRow = s.Row;
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var s in old)
        {
            if (s.High == 0) continue;
            var i = (int)s.Low & mask;
            while (_slots[i].High != 0) i = (i + 1) & mask;
            _slots[i] = s;
        }
    }
}
