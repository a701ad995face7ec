using System.Globalization;
using System.Numerics;
using System.Text;

namespace Socle.Validation.Types;

/// <summary>
/// Canonical keys of numbers: <c>N:</c> then the sign, the significant digits and a power of ten
/// (<c>N:15e-1</c> for 1.5, 1.50 and 15E-1; <c>N:1e2</c> for 100 and 1E+2; <c>N:0</c> for 0 and -0), so that every
/// number type (integer, number, year, boolean) gives the same key for values Python finds equal. NaN gets a key
/// of its own each time: in Python it equals nothing, not even itself.
/// </summary>
internal static class NumberKeys
{
    public const string Prefix = "\u0001N:";
    private static long s_nanCounter;

    public static string Unique() => "\u0001NaN:" + Interlocked.Increment(ref s_nanCounter).ToString(CultureInfo.InvariantCulture);

    public static string PositiveInfinity => Prefix + "inf";
    public static string NegativeInfinity => Prefix + "-inf";

    public static string OfLong(long v)
    {
        if (v == 0) return Prefix + "0";
        var neg = v < 0;
        var u = neg ? (ulong)(-(v + 1)) + 1 : (ulong)v;
        var exp = 0;
        while (u % 10 == 0) { u /= 10; exp++; }
        return Build(neg, u.ToString(CultureInfo.InvariantCulture), exp);
    }

    public static string OfBig(BigInteger v)
    {
        if (v.IsZero) return Prefix + "0";
        var neg = v.Sign < 0;
        var digits = BigInteger.Abs(v).ToString(CultureInfo.InvariantCulture);
        var trimmed = digits.TrimEnd('0');
        return Build(neg, trimmed, digits.Length - trimmed.Length);
    }

    public static string OfDecimal(decimal d)
    {
        if (d == 0) return Prefix + "0";
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var neg = bits[3] < 0;
        var exp = -scale;
        while (mantissa % 10 == 0) { mantissa /= 10; exp++; }
        return Build(neg, mantissa.ToString(CultureInfo.InvariantCulture), exp);
    }

    /// <summary>A float's exact binary value (Python's Decimal(float) == float holds for that value).</summary>
    public static string OfDouble(double d)
    {
        if (double.IsNaN(d)) return Unique();
        if (double.IsPositiveInfinity(d)) return PositiveInfinity;
        if (double.IsNegativeInfinity(d)) return NegativeInfinity;
        if (d == 0) return Prefix + "0";
        var bits = BitConverter.DoubleToInt64Bits(d);
        var neg = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger digits;
        int exp10;
        if (exponent >= 0)
        {
            digits = new BigInteger(mantissa) << exponent;
            exp10 = 0;
        }
        else
        {
            // m * 2^e = m * 5^-e / 10^-e
            digits = new BigInteger(mantissa) * BigInteger.Pow(5, -exponent);
            exp10 = exponent;
        }
        var text = digits.ToString(CultureInfo.InvariantCulture);
        var trimmed = text.TrimEnd('0');
        return Build(neg, trimmed, exp10 + text.Length - trimmed.Length);
    }

    /// <summary>From significant ASCII digits (leading zeros allowed) and a power of ten.</summary>
    public static string OfDigits(bool negative, ReadOnlySpan<char> digits, long exp)
    {
        var a = 0;
        while (a < digits.Length && digits[a] == '0') a++;
        var b = digits.Length;
        while (b > a && digits[b - 1] == '0') { b--; exp++; }
        if (a == b) return Prefix + "0";
        var sb = new StringBuilder(Prefix.Length + b - a + 8);
        sb.Append(Prefix);
        if (negative) sb.Append('-');
        sb.Append(digits[a..b]);
        if (exp != 0) sb.Append('e').Append(exp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string Build(bool neg, string digits, long exp) =>
        Prefix + (neg ? "-" : "") + digits + (exp != 0 ? "e" + exp.ToString(CultureInfo.InvariantCulture) : "");
}
