using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// SIREN/SIRET numbers as python-stdnum (which Validata uses) reads them: spaces and dots anywhere are separators,
/// surrounding white space is ignored, then only ASCII digits may remain.
/// </summary>
internal static class FrenchIdentifiers
{
    public enum Problem { None, Format, Length, Checksum }

    /// <summary>Copies the digits of <paramref name="text"/> into <paramref name="digits"/>; returns their count, or -1 on a non-digit.</summary>
    private static int Compact(ReadOnlySpan<char> text, Span<byte> digits)
    {
        // stdnum removes ' ' and '.' everywhere, then strips white space at both ends: so leading and trailing runs of
        // spaces, dots and white space go, and inside the number only spaces and dots may be skipped.
        var start = 0;
        var end = text.Length;
        while (start < end && (text[start] is ' ' or '.' || char.IsWhiteSpace(text[start]))) start++;
        while (end > start && (text[end - 1] is ' ' or '.' || char.IsWhiteSpace(text[end - 1]))) end--;
        var n = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is ' ' or '.') continue;
            if (c is < '0' or > '9') return -1;
            if (n < digits.Length) digits[n] = (byte)(c - '0');
            n++;
        }
        return n;
    }

    /// <summary>Luhn checksum over the digits (the last one being the check digit).</summary>
    public static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        for (int i = digits.Length - 1, k = 0; i >= 0; i--, k++)
        {
            var d = digits[i];
            if ((k & 1) == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    public static Problem Siren(ReadOnlySpan<char> text)
    {
        Span<byte> digits = stackalloc byte[9];
        var n = Compact(text, digits);
        if (n <= 0) return Problem.Format;
        if (n != 9) return Problem.Length;
        return Luhn(digits) ? Problem.None : Problem.Checksum;
    }

    public static Problem Siret(ReadOnlySpan<char> text)
    {
        Span<byte> digits = stackalloc byte[14];
        var n = Compact(text, digits);
        if (n <= 0) return Problem.Format;
        if (n != 14) return Problem.Length;
        // La Poste's establishments (SIREN 356000000, except the head office 356 000 000 00048) do not follow Luhn:
        // the sum of their digits is a multiple of 5 instead.
        if (IsLaPoste(digits) && !IsLaPosteHeadOffice(digits))
        {
            var sum = 0;
            foreach (var d in digits) sum += d;
            if (sum % 5 != 0) return Problem.Checksum;
        }
        else if (!Luhn(digits))
            return Problem.Checksum;
        return Luhn(digits[..9]) ? Problem.None : Problem.Checksum;
    }

    private static bool IsLaPoste(ReadOnlySpan<byte> d) =>
        d[0] == 3 && d[1] == 5 && d[2] == 6 && d[3] == 0 && d[4] == 0 && d[5] == 0 && d[6] == 0 && d[7] == 0 && d[8] == 0;

    private static bool IsLaPosteHeadOffice(ReadOnlySpan<byte> d) =>
        d[9] == 0 && d[10] == 0 && d[11] == 0 && d[12] == 4 && d[13] == 8;
}

/// <summary>
/// <c>french-siret-value</c> / <c>siret</c> (14 digits, Luhn, La Poste's exception) and <c>french-siren-value</c> /
/// <c>siren</c> (9 digits, Luhn): one check, told apart by the identifier it validates and the notes it gives.
/// </summary>
internal sealed class FrenchIdentifierCheck : ValueCheck
{
    private readonly Func<ReadOnlySpan<char>, FrenchIdentifiers.Problem> _validate;
    private readonly CellFailure _format;
    private readonly CellFailure _length;
    private readonly CellFailure _checksum;

    private FrenchIdentifierCheck(string code, CheckContext context, int field, string kind,
        Func<ReadOnlySpan<char>, FrenchIdentifiers.Problem> validate) : base(code, context, field)
    {
        _validate = validate;
        _format = new CellFailure($"note.{kind}.format");
        _length = new CellFailure($"note.{kind}.length");
        _checksum = new CellFailure($"note.{kind}.checksum");
    }

    public static FrenchIdentifierCheck Siret(string code, CheckContext context, int field) =>
        new(code, context, field, "siret", t => FrenchIdentifiers.Siret(t));

    public static FrenchIdentifierCheck Siren(string code, CheckContext context, int field) =>
        new(code, context, field, "siren", t => FrenchIdentifiers.Siren(t));

    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value) => _validate(text) switch
    {
        FrenchIdentifiers.Problem.None => null,
        FrenchIdentifiers.Problem.Format => _format,
        FrenchIdentifiers.Problem.Length => _length,
        _ => _checksum,
    };
}
