using PhoneNumbers;
using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// <c>phone-number-value</c>: a valid French number (10 digits, <c>01 99 00 27 37</c>), a valid international number
/// (<c>+33 1 99 00 27 37</c>, <c>+44 20 7946 0958</c>) or a valid French short number (<c>115</c>, <c>3949</c>), as
/// libphonenumber decides — Validata's rule.
/// </summary>
internal sealed class PhoneNumberCheck(string code, CheckContext context, int field) : ValueCheck(code, context, field)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ShortNumberInfo Short = ShortNumberInfo.GetInstance();
    private static readonly CellFailure Invalid = new("note.phone-number");

    public static bool IsValid(string text)
    {
        // Validata also tries the number without a default region, which only accepts numbers with an explicit "+"
        // country code: those parse identically with "FR" as the default region, so one parse suffices.
        try
        {
            var number = Util.Parse(text, "FR");
            return Util.IsValidNumber(number) || Short.IsValidShortNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value) =>
        IsValid(text.ToString()) ? null : Invalid;
}
