using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using nietras.SeparatedValues;

namespace Socle.Validation.Engine;

/// <summary>
/// A run of consecutive rows copied out of the parser's buffer (one memory copy, no string per cell), with their
/// row numbers. Batches are checked on worker threads and consumed in order on the reading thread, which can still
/// read a row's cells when a later stage needs them (a duplicate key found in row order). Reused from batch to batch.
/// </summary>
internal sealed class RowBatch
{
    public const int MaxRows = 4096;
    private const int InitialChars = 512 * 1024;
    private const int MaxChars = 4 * 1024 * 1024;
    private const int MaxCells = 1024 * 1024;

    private char[] _chars = new char[InitialChars];
    private int _charsUsed;
    private int[] _cellStart = new int[MaxRows * 8];
    private int[] _cellLength = new int[MaxRows * 8];
    private int _cellsUsed;
    private readonly int[] _rowFirstCell = new int[MaxRows];
    private readonly int[] _rowCellCount = new int[MaxRows];

    public int Count { get; private set; }
    /// <summary>Row number of the first row (the header is row 1).</summary>
    public int FirstRowNumber { get; private set; }
    public RowOutcome[] Outcomes { get; } = new RowOutcome[MaxRows];
    /// <summary>Key hashes of the rows: <c>keyCount</c> per row.</summary>
    private UInt128[] Keys { get; set; } = [];

    public Span<UInt128> KeysOf(int row, int keyCount) => AllKeys(keyCount).Slice(row * keyCount, keyCount);

    /// <summary>The key hashes of every row of the batch, in row order.</summary>
    public Span<UInt128> AllKeys(int keyCount)
    {
        if (Keys.Length < MaxRows * keyCount) Keys = new UInt128[MaxRows * keyCount];
        return Keys.AsSpan(0, Count * keyCount);
    }
    /// <summary>Whether a row's last cell spans lines (see <see cref="TableReader.UnterminatedQuoteRow"/>).</summary>
    public bool LastCellMultiLine(int row) =>
        _rowCellCount[row] > 0 && Cell(_rowFirstCell[row] + _rowCellCount[row] - 1).IndexOfAny('\n', '\r') >= 0;

    public void Reset(int firstRowNumber)
    {
        Count = 0;
        _charsUsed = 0;
        _cellsUsed = 0;
        FirstRowNumber = firstRowNumber;
    }

    /// <summary>
    /// Copies a Sep row in; false when the batch is full (an empty batch grows to take any row). The row's text is
    /// copied in one move and each cell kept as an offset into it: Sep unescapes quoted cells in place, so their
    /// spans lie within the row's. A cell that does not (should Sep ever unescape elsewhere) is copied after it.
    /// </summary>
    public bool TryAdd(SepReader.Row row)
    {
        var n = row.ColCount;
        if (Count == MaxRows) return false;
        var text = row.Span;
        if (!Reserve(n, text.Length)) return false;
        var start = _charsUsed;
        var first = _cellsUsed;
        ref var origin = ref MemoryMarshal.GetReference(text);
        var outside = false;
        // Cells first: reading a quoted cell unescapes it in Sep's buffer, which the row copy must then see.
        for (var i = 0; i < n; i++)
        {
            var cell = row[i].Span;
            var offset = (long)Unsafe.ByteOffset(ref origin, ref MemoryMarshal.GetReference(cell)) / sizeof(char);
            if (offset < 0 || offset + cell.Length > text.Length) { outside = true; break; }
            _cellStart[first + i] = start + (int)offset;
            _cellLength[first + i] = cell.Length;
        }
        if (outside)
        {
            for (var i = 0; i < n; i++)
            {
                var cell = row[i].Span;
                if (_charsUsed + cell.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charsUsed + cell.Length));
                Put(cell);
            }
        }
        else
        {
            text.CopyTo(_chars.AsSpan(start));
            _charsUsed += text.Length;
            _cellsUsed += n;
        }
        _rowFirstCell[Count] = first;
        _rowCellCount[Count] = n;
        Count++;
        return true;
    }

    /// <summary>Copies a row of strings in; false when the batch is full.</summary>
    public bool TryAdd(string[] cells)
    {
        if (Count == MaxRows) return false;
        var needed = 0;
        foreach (var c in cells) needed += c.Length;
        if (!Reserve(cells.Length, needed)) return false;
        _rowFirstCell[Count] = _cellsUsed;
        _rowCellCount[Count] = cells.Length;
        foreach (var c in cells) Put(c);
        Count++;
        return true;
    }

    /// <summary>Room for one more row: grows the buffers up to a bound, past which a non-empty batch is full.</summary>
    private bool Reserve(int cells, int chars)
    {
        if (_charsUsed + chars > _chars.Length)
        {
            if (Count > 0 && _charsUsed + chars > MaxChars) return false;
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charsUsed + chars));
        }
        if (_cellsUsed + cells > _cellStart.Length)
        {
            if (Count > 0 && _cellsUsed + cells > MaxCells) return false;
            var size = Math.Max(_cellStart.Length * 2, _cellsUsed + cells);
            Array.Resize(ref _cellStart, size);
            Array.Resize(ref _cellLength, size);
        }
        return true;
    }

    private void Put(ReadOnlySpan<char> text)
    {
        text.CopyTo(_chars.AsSpan(_charsUsed));
        _cellStart[_cellsUsed] = _charsUsed;
        _cellLength[_cellsUsed] = text.Length;
        _charsUsed += text.Length;
        _cellsUsed++;
    }

    private ReadOnlySpan<char> Cell(int index) => _chars.AsSpan(_cellStart[index], _cellLength[index]);

    /// <summary>Characters held, for estimating a file's row count from its size.</summary>
    public int CharCount => _charsUsed;

    public BatchCells Row(int row) => new(this, _rowFirstCell[row], _rowCellCount[row]);

    public string[] CellsOf(int row)
    {
        var a = new string[_rowCellCount[row]];
        for (var i = 0; i < a.Length; i++) a[i] = Cell(_rowFirstCell[row] + i).ToString();
        return a;
    }

    /// <summary>The cells of one row of a batch.</summary>
    internal readonly ref struct BatchCells(RowBatch batch, int first, int count) : ICells
    {
        public int Count => count;
        public ReadOnlySpan<char> this[int index] => batch.Cell(first + index);
    }
}
