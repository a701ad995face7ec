using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Socle.Validation.Dialect;

namespace Socle.Validation.Sources;

/// <summary>What <see cref="CheckedTextReader"/> does with bytes that are not valid in the encoding.</summary>
internal enum InvalidBytesMode
{
    /// <summary>Hand out the text before them, then throw <see cref="EncodingErrorException"/> (frictionless: the task stops with an encoding-error).</summary>
    Throw,
    /// <summary>
    /// Hand out the complete lines before them, then end the text as if the file ended there;
    /// <see cref="CheckedTextReader.FirstInvalid"/> says why. A Sep reader then yields every record before the bad line
    /// (with <see cref="Throw"/>, the records Sep had buffered are lost with the exception), and the engine reports
    /// the encoding-error after them. Check <see cref="CheckedTextReader.FirstInvalid"/> at the end: without that
    /// check a file would look shorter than it is.
    /// </summary>
    Stop,
    /// <summary>Decode them as U+FFFD, count them and remember the first in <see cref="CheckedTextReader.FirstInvalid"/>.</summary>
    Replace,
}

/// <summary>
/// A <see cref="TextReader"/> (what Sep reads from) that decodes a byte stream in a <see cref="DetectedEncoding"/>,
/// skips its BOM, and knows exactly where bytes were not valid in that encoding: offset from the start of the file,
/// text line, the bytes themselves (<see cref="InvalidBytes"/>). The encoding is decided on the first 64 KiB but a
/// file can change later, which is how mixed encodings show:
/// <list type="bullet">
/// <item>UTF-8: invalid sequences (e.g. a Windows-1252 « é » = E9 in a UTF-8 file) are errors.</item>
/// <item>Provisional UTF-8 (the sample was pure ASCII): the first non-ASCII bytes decide; if they are not UTF-8 the
/// reader switches to Windows-1252 (<see cref="SwitchedAt"/>), which is what a large French export whose first
/// accent comes late needs.</item>
/// <item>Windows-1252 guessed from the content: its five undefined bytes (81 8D 8F 90 9D) are errors, and so are
/// UTF-8 encoded French letters and punctuation (« Ã© » for « é », « â€™ » for « ’ »): mixed encodings.</item>
/// <item>UTF-16: unpaired surrogates and an odd last byte are errors.</item>
/// <item>Other named encodings: what their .NET decoder rejects.</item>
/// </list>
/// <see cref="BytesRead"/> can be read from another thread for progress.
/// </summary>
internal sealed class CheckedTextReader : TextReader
{
    private const int DefaultBufferSize = 1 << 16;
    private static readonly SearchValues<byte> Undefined1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);
    private static readonly SearchValues<byte> Utf8Leads = SearchValues.Create([0xC2, 0xC3, 0xC5, 0xE2]);

    private enum Mode { Utf8Provisional, Utf8, Windows1252, Utf16Le, Utf16Be, Other }

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ReadOnlyMemory<byte> _prefix;
    private int _prefixPos;
    private readonly byte[] _bytes;
    private int _bStart, _bEnd;
    private long _bAbs; // file offset of _bytes[0]
    private bool _inputEnded;
    private int _toSkip;
    private readonly char[] _chars;
    private int _cPos, _cEnd;
    private Mode _mode;
    private Decoder? _decoder;
    private bool _checkMixed;
    private readonly bool _countLines;
    private long _lf, _cr; // newline bytes before _bAbs + _bStart
    private InvalidBytes? _pending;
    private long _lastRecorded = -1;
    private long _position;
    private readonly InvalidBytesMode _onInvalid;

    /// <summary>How many characters a decode step may write, leaving room for up to 3 replacement characters.</summary>
    private int CharLimit => _chars.Length - 4;

    /// <summary>
    /// Decodes <paramref name="stream"/>. When the first bytes were already read (to detect the encoding from a stream
    /// that cannot seek), pass them as <paramref name="prefix"/>: they are read first and offsets count from them.
    /// </summary>
    public CheckedTextReader(Stream stream, DetectedEncoding encoding, InvalidBytesMode onInvalid = InvalidBytesMode.Throw,
        bool leaveOpen = false, ReadOnlyMemory<byte> prefix = default, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _prefix = prefix;
        _onInvalid = onInvalid;
        bufferSize = Math.Max(bufferSize, 16);
        _bytes = new byte[bufferSize];
        _chars = new char[bufferSize + 4]; // room for a replacement after a full decode
        _toSkip = encoding.BomLength;
        CurrentEncoding = encoding.Encoding;
        EncodingName = encoding.Name;
        _mode = encoding.Encoding.CodePage switch
        {
            65001 => encoding.AsciiOnly && !encoding.Certain ? Mode.Utf8Provisional : Mode.Utf8,
            1252 => Mode.Windows1252,
            1200 => Mode.Utf16Le,
            1201 => Mode.Utf16Be,
            _ => Mode.Other,
        };
        // Guessed Windows-1252 also looks for UTF-8 sequences; a user who named Windows-1252 is trusted.
        _checkMixed = _mode == Mode.Windows1252 && !encoding.Certain;
        _countLines = _mode is Mode.Utf8Provisional or Mode.Utf8 or Mode.Windows1252 || encoding.Encoding.IsSingleByte;
        if (_mode == Mode.Other)
        {
            var strict = (Encoding)encoding.Encoding.Clone();
            strict.DecoderFallback = DecoderFallback.ExceptionFallback;
            _decoder = strict.GetDecoder();
        }
    }

    /// <summary>The encoding the text is being decoded in (changes once if provisional UTF-8 turns out Windows-1252).</summary>
    public Encoding CurrentEncoding { get; private set; }

    /// <summary>Name of <see cref="CurrentEncoding"/> for reports.</summary>
    public string EncodingName { get; private set; }

    /// <summary>Offset where provisional UTF-8 (ASCII sample) was found to be Windows-1252; null if it did not happen.</summary>
    public long? SwitchedAt { get; private set; }

    /// <summary>Bytes of the file consumed by the decoder so far (BOM included). Safe to read from another thread.</summary>
    public long BytesRead => Volatile.Read(ref _position);

    /// <summary>Invalid bytes met so far (in <see cref="InvalidBytesMode.Replace"/> mode, all of them).</summary>
    public long InvalidByteCount { get; private set; }

    /// <summary>The first invalid bytes met, or null.</summary>
    public InvalidBytes? FirstInvalid { get; private set; }

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_cPos == _cEnd && !FillChars()) return 0;
        var n = Math.Min(buffer.Length, _cEnd - _cPos);
        _chars.AsSpan(_cPos, n).CopyTo(buffer);
        _cPos += n;
        return n;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read()
    {
        if (_cPos == _cEnd && !FillChars()) return -1;
        return _chars[_cPos++];
    }

    public override int Peek()
    {
        if (_cPos == _cEnd && !FillChars()) return -1;
        return _chars[_cPos];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _stream.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Decodes the next characters into <see cref="_chars"/>; false at the end of the input.</summary>
    private bool FillChars()
    {
        _cPos = _cEnd = 0;
        while (true)
        {
            if (_pending is { } p && _bAbs + _bStart >= p.Offset)
            {
                if (_onInvalid == InvalidBytesMode.Stop) return false; // stays at the end
                _pending = null;
                throw new EncodingErrorException(p);
            }
            if (_bStart == _bEnd)
            {
                if (_inputEnded) return false;
                ReadBytes();
                continue;
            }
            var progress = DecodeChunk(final: _inputEnded);
            if (_cEnd > 0) return true;
            if (!progress && _pending is null)
            {
                if (_inputEnded) throw new InvalidOperationException("decoder made no progress at the end of the input");
                ReadBytes();
            }
        }
    }

    /// <summary>Moves unconsumed bytes to the front and reads more (from the prefix first, then the stream).</summary>
    private void ReadBytes()
    {
        if (_bStart > 0)
        {
            var left = _bEnd - _bStart;
            if (left > 0) Buffer.BlockCopy(_bytes, _bStart, _bytes, 0, left);
            _bAbs += _bStart;
            _bStart = 0;
            _bEnd = left;
        }
        while (_bEnd < _bytes.Length)
        {
            int n;
            if (_prefixPos < _prefix.Length)
            {
                n = Math.Min(_prefix.Length - _prefixPos, _bytes.Length - _bEnd);
                _prefix.Span.Slice(_prefixPos, n).CopyTo(_bytes.AsSpan(_bEnd));
                _prefixPos += n;
            }
            else
            {
                n = _stream.Read(_bytes, _bEnd, _bytes.Length - _bEnd);
                if (n == 0) { _inputEnded = true; return; }
            }
            _bEnd += n;
            return; // one read at a time: a pipe or a network stream gives what it has
        }
    }

    /// <summary>Consumes <paramref name="n"/> bytes from <see cref="_bStart"/>, counting line breaks.</summary>
    private void Consume(int n)
    {
        if (n <= 0) return;
        if (_countLines)
        {
            var span = _bytes.AsSpan(_bStart, n);
            _lf += span.Count((byte)'\n');
            _cr += span.Count((byte)'\r');
        }
        _bStart += n;
        Volatile.Write(ref _position, _bAbs + _bStart);
    }

    /// <summary>1-based line of the byte at <paramref name="index"/> in the buffer (LF counted, or CR for old Mac files).</summary>
    private long? LineAt(int index)
    {
        if (!_countLines) return null;
        var before = _bytes.AsSpan(_bStart, index - _bStart);
        var lf = _lf + before.Count((byte)'\n');
        var cr = _cr + before.Count((byte)'\r');
        return 1 + (lf > 0 ? lf : cr);
    }

    /// <summary>Decodes some bytes of the buffer. Returns whether it consumed bytes or produced characters.</summary>
    private bool DecodeChunk(bool final)
    {
        if (_toSkip > 0)
        {
            var n = Math.Min(_toSkip, _bEnd - _bStart);
            _toSkip -= n;
            _bStart += n;
            Volatile.Write(ref _position, _bAbs + _bStart);
            return true;
        }
        return _mode switch
        {
            Mode.Utf8Provisional => DecodeProvisional(final),
            Mode.Utf8 => DecodeUtf8(final),
            Mode.Windows1252 => Decode1252(final),
            Mode.Utf16Le or Mode.Utf16Be => DecodeUtf16(final),
            _ => DecodeOther(final),
        };
    }

    private bool DecodeProvisional(bool final)
    {
        var src = _bytes.AsSpan(_bStart, _bEnd - _bStart);
        var firstNonAscii = src.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        var ascii = firstNonAscii < 0 ? src.Length : firstNonAscii;
        if (ascii > 0)
        {
            var n = Math.Min(ascii, CharLimit);
            Encoding.Latin1.GetChars(src[..n], _chars);
            _cEnd = n;
            Consume(n);
            return true;
        }
        // The first non-ASCII bytes of the file decide.
        var status = Rune.DecodeFromUtf8(src, out _, out _);
        if (status == OperationStatus.NeedMoreData && !final) return false;
        if (status == OperationStatus.Done)
        {
            _mode = Mode.Utf8;
            return DecodeUtf8(final);
        }
        _mode = Mode.Windows1252;
        CurrentEncoding = EncodingDetector.Windows1252;
        EncodingName = EncodingDetector.Windows1252Name;
        SwitchedAt = _bAbs + _bStart;
        _checkMixed = true;
        return Decode1252(final);
    }

    private bool DecodeUtf8(bool final)
    {
        var src = _bytes.AsSpan(_bStart, _bEnd - _bStart);
        var status = System.Text.Unicode.Utf8.ToUtf16(src, _chars.AsSpan(0, CharLimit), out var read, out var written,
            replaceInvalidSequences: false, isFinalBlock: final);
        _cEnd = written;
        Consume(read);
        if (status == OperationStatus.InvalidData)
        {
            var rest = src[read..];
            Rune.DecodeFromUtf8(rest, out _, out var bad);
            Invalid(_bStart, Math.Clamp(bad, 1, rest.Length), mixed: false);
            return true;
        }
        return read > 0 || written > 0;
    }

    private bool Decode1252(bool final)
    {
        var src = _bytes.AsSpan(_bStart, _bEnd - _bStart);
        var stop = src.Length;
        var undefined = src.IndexOfAny(Undefined1252);
        if (undefined >= 0) stop = undefined;
        var mixed = -1;
        var mixedLength = 0;
        if (_checkMixed)
        {
            mixed = FindUtf8Sequence(src[..stop], final || stop < src.Length, out mixedLength, out var cut);
            if (mixed >= 0) stop = mixed;
            else if (cut >= 0) stop = cut; // a possible UTF-8 sequence cut by the buffer's end: decide with more bytes
        }
        var n = Math.Min(stop, CharLimit);
        EncodingDetector.Windows1252.GetChars(src[..n], _chars);
        _cEnd = n;
        Consume(n);
        if (n < stop || stop == src.Length) return n > 0;
        if (stop == mixed) Invalid(_bStart, mixedLength, mixed: true);
        else if (stop == undefined) Invalid(_bStart, 1, mixed: false);
        else return n > 0; // cut sequence: wait for more bytes
        return true;
    }

    /// <summary>
    /// First UTF-8 encoded French letter or punctuation in Windows-1252 bytes (C2 A0–BF, C3 80–BF, C5 92/93,
    /// E2 80 93–A6, E2 82 AC), or -1; <paramref name="cut"/> is where a candidate is cut by the end of the bytes.
    /// </summary>
    internal static int FindUtf8Sequence(ReadOnlySpan<byte> src, bool final, out int length, out int cut)
    {
        cut = -1;
        length = 0;
        var from = 0;
        while (true)
        {
            var k = src[from..].IndexOfAny(Utf8Leads);
            if (k < 0) return -1;
            k += from;
            var lead = src[k];
            var need = lead == 0xE2 ? 3 : 2;
            if (k + need > src.Length)
            {
                // A cut candidate matters only if what there is of it still matches.
                var matches = k + 1 == src.Length || lead != 0xE2 || src[k + 1] is 0x80 or 0x82;
                if (!final && matches) cut = k;
                return -1;
            }
            var b1 = src[k + 1];
            var ok = lead switch
            {
                0xC2 => b1 is >= 0xA0 and <= 0xBF,
                0xC3 => b1 is >= 0x80 and <= 0xBF,
                0xC5 => b1 is 0x92 or 0x93,
                _ => (b1 == 0x80 && src[k + 2] is >= 0x93 and <= 0xA6) || (b1 == 0x82 && src[k + 2] == 0xAC),
            };
            if (ok) { length = need; return k; }
            from = k + 1;
        }
    }

    private bool DecodeUtf16(bool final)
    {
        var src = _bytes.AsSpan(_bStart, _bEnd - _bStart);
        var units = Math.Min(src.Length / 2, CharLimit);
        if (units == 0)
        {
            if (!final) return false;
            Invalid(_bStart, src.Length, mixed: false); // odd last byte
            return true;
        }
        var dst = _chars.AsSpan(0, units);
        MemoryMarshal.Cast<byte, char>(src[..(units * 2)]).CopyTo(dst);
        if ((_mode == Mode.Utf16Be) == BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<char, ushort>(dst);
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        var s = dst.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (s >= 0)
        {
            var paired = char.IsHighSurrogate(dst[s]) && s + 1 < units && char.IsLowSurrogate(dst[s + 1]);
            if (paired) { s += 2; }
            else if (char.IsHighSurrogate(dst[s]) && s + 1 == units && (units * 2 + 2 <= src.Length || !final))
            {
                units = s; // the pair is cut by the end of the chunk: decode it with the next one
                break;
            }
            else
            {
                _cEnd = s;
                Consume(s * 2);
                Invalid(_bStart, 2, mixed: false);
                return true;
            }
            if (s >= units) break;
            var next = dst[s..units].IndexOfAnyInRange('\uD800', '\uDFFF');
            s = next < 0 ? -1 : s + next;
        }
        _cEnd = units;
        Consume(units * 2);
        return units > 0;
    }

    private bool DecodeOther(bool final)
    {
        var src = _bytes.AsSpan(_bStart, _bEnd - _bStart);
        try
        {
            _decoder!.Convert(src, _chars.AsSpan(0, CharLimit), final, out var used, out var produced, out _);
            _cEnd = produced;
            Consume(used);
            return used > 0 || produced > 0;
        }
        catch (DecoderFallbackException e)
        {
            _decoder!.Reset();
            var at = Math.Clamp(e.Index, 0, src.Length);
            if (at > 0)
            {
                _decoder.Convert(src[..at], _chars.AsSpan(0, CharLimit), true, out var used, out var produced, out _);
                _cEnd = produced;
                Consume(used);
            }
            var length = Math.Clamp(e.BytesUnknown?.Length ?? 1, 1, _bEnd - _bStart);
            Invalid(_bStart, length, mixed: false);
            return true;
        }
    }

    /// <summary>Invalid bytes at <paramref name="index"/> (= <see cref="_bStart"/>, all before it consumed).</summary>
    private void Invalid(int index, int length, bool mixed)
    {
        var offset = _bAbs + index;
        var info = new InvalidBytes(offset, LineAt(index), _bytes.AsSpan(index, length).ToArray(), EncodingName, mixed);
        if (offset > _lastRecorded)
        {
            _lastRecorded = offset;
            InvalidByteCount += length;
            FirstInvalid ??= info;
        }
        if (_onInvalid == InvalidBytesMode.Throw)
        {
            _pending = info;
            return;
        }
        if (_onInvalid == InvalidBytesMode.Stop)
        {
            _pending = info;
            // Keep back the start of the bad line (when it began in this chunk): no half record at the end.
            var lastBreak = _chars.AsSpan(0, _cEnd).LastIndexOfAny('\n', '\r');
            _cEnd = lastBreak + 1;
            return;
        }
        if (mixed)
        {
            // Keep what the bytes mean in the file's encoding; the error is recorded.
            var n = EncodingDetector.Windows1252.GetChars(_bytes.AsSpan(index, length), _chars.AsSpan(_cEnd));
            _cEnd += n;
        }
        else
        {
            _chars[_cEnd++] = '\uFFFD';
        }
        Consume(length);
    }
}
