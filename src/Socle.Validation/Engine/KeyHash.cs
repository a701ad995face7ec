using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Socle.Validation.Engine;

/// <summary>
/// Keys of unique fields, primary keys and foreign keys are kept as 128-bit hashes of their canonical text: 16 bytes
/// per distinct value whatever its length, and a collision chance far below one in 10^18 at a billion rows.
/// Zero stands for "no value" (all cells missing).
/// </summary>
internal static class KeyHash
{
    public static UInt128 Of(ReadOnlySpan<char> text)
    {
        var h = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text));
        return h == UInt128.Zero ? UInt128.One : h;
    }
}
