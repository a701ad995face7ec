using System.Globalization;
using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// <c>opening-hours-value</c>: an OpenStreetMap <c>opening_hours</c> expression
/// (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification) that Validata's library (opening-hours-rs)
/// accepts. See <see cref="OpeningHoursSyntax"/>.
/// </summary>
internal sealed class OpeningHoursCheck(string code, CheckContext context, int field) : ValueCheck(code, context, field)
{
    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value) =>
        OpeningHoursSyntax.Validate(text, out var position) switch
        {
            OpeningHoursSyntax.Result.Valid => null,
            OpeningHoursSyntax.Result.Syntax => new CellFailure("note.opening-hours.syntax",
                [(position + 1).ToString(CultureInfo.InvariantCulture)]),
            _ => new CellFailure("note.opening-hours.range"),
        };
}

/// <summary>
/// A recogniser for OSM <c>opening_hours</c>, transcribed from the PEG grammar of opening-hours-rs (the library behind
/// Validata's check, in its relaxed form: case-insensitive day, month and event names, optional spaces around
/// "-", single-digit hours, ...), with the checks its parser adds (inverted year or week ranges, week steps over
/// 255, times past 48:00, a day number after "easter"). Each rule returns the position after its match or -1;
/// choices are ordered and commit like PEG's. No allocation.
/// </summary>
internal static class OpeningHoursSyntax
{
    public enum Result { Valid, Syntax, Range }

    /// <summary>Validates an expression; on a syntax error, <paramref name="position"/> is where parsing got stuck (0-based).</summary>
    public static Result Validate(ReadOnlySpan<char> text, out int position)
    {
        var parser = new Parser(text);
        var end = text.Length == 0 ? -1 : parser.OpeningHours(0);
        if (end == text.Length)
        {
            position = -1;
            return parser.RangeErrors == 0 ? Result.Valid : Result.Range;
        }
        position = Math.Max(parser.Farthest, Math.Max(end, 0));
        return Result.Syntax;
    }

    public static bool IsValid(ReadOnlySpan<char> text) => Validate(text, out _) == Result.Valid;

    private static readonly string[] OtherDays = ["mo", "tu", "we", "th", "fr", "sa"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private ref struct Parser(ReadOnlySpan<char> s)
    {
        private readonly ReadOnlySpan<char> _s = s;

        /// <summary>Semantic errors on the current parse path; rules restore it when they fail.</summary>
        public int RangeErrors;
        /// <summary>The farthest position where a terminal failed to match, for the error message.</summary>
        public int Farthest;

        // ---- terminals

        private bool Ch(int p, char c)
        {
            if (p < _s.Length && _s[p] == c) return true;
            if (p > Farthest) Farthest = p;
            return false;
        }

        private readonly bool Peek(int p, char c) => p < _s.Length && _s[p] == c;

        private bool Range(int p, char lo, char hi)
        {
            if (p < _s.Length && _s[p] >= lo && _s[p] <= hi) return true;
            if (p > Farthest) Farthest = p;
            return false;
        }

        private readonly bool Digit(int p) => p < _s.Length && char.IsAsciiDigit(_s[p]);

        /// <summary>A literal, exactly.</summary>
        private int Lit(int p, string lit)
        {
            if (p + lit.Length <= _s.Length && _s.Slice(p, lit.Length).SequenceEqual(lit)) return p + lit.Length;
            if (p > Farthest) Farthest = p;
            return -1;
        }

        /// <summary>A literal, ignoring ASCII case (pest's ^"...").</summary>
        private int LitI(int p, string lit)
        {
            if (p + lit.Length <= _s.Length && _s.Slice(p, lit.Length).Equals(lit, StringComparison.OrdinalIgnoreCase)) return p + lit.Length;
            if (p > Farthest) Farthest = p;
            return -1;
        }

        private int Fail(int mark)
        {
            RangeErrors = mark;
            return -1;
        }

        private int Space(int p) => Peek(p, ' ') ? p + 1 : p;

        // ---- time domain

        // opening_hours = rule_sequence ~ (any_rule_separator ~ rule_sequence)*
        public int OpeningHours(int p)
        {
            var mark = RangeErrors;
            p = RuleSequence(p);
            if (p < 0) return Fail(mark);
            while (true)
            {
                var m = RangeErrors;
                var q = AnyRuleSeparator(p);
                if (q >= 0) q = RuleSequence(q);
                if (q < 0) { RangeErrors = m; return p; }
                p = q;
            }
        }

        // rule_sequence = !(space? ~ (any_rule_separator | EOI)) ~ selector_sequence ~ space? ~ rules_modifier?
        private int RuleSequence(int p)
        {
            var q = Space(p);
            if (q == _s.Length || AnyRuleSeparator(q) >= 0) return -1;
            var mark = RangeErrors;
            var r = SelectorSequence(p);
            if (r < 0) return Fail(mark);
            r = Space(r);
            var t = RulesModifier(r);
            return t >= 0 ? t : r;
        }

        // any_rule_separator = space? ~ ";" ~ space? | space? ~ "," ~ space | space? ~ "||" ~ space
        private int AnyRuleSeparator(int p)
        {
            var q = Space(p);
            if (Ch(q, ';')) return Space(q + 1);
            if (Ch(q, ',') && Ch(q + 1, ' ')) return q + 2;
            if (Lit(q, "||") >= 0 && Ch(q + 2, ' ')) return q + 3;
            return -1;
        }

        // rules_modifier = comment | rules_modifier_enum ~ (space ~ comment)?
        private int RulesModifier(int p)
        {
            var q = Comment(p);
            if (q >= 0) return q;
            q = LitI(p, "closed");
            if (q < 0) q = LitI(p, "off");
            if (q < 0) q = LitI(p, "open");
            if (q < 0) q = LitI(p, "unknown");
            if (q < 0) return -1;
            if (Ch(q, ' '))
            {
                var c = Comment(q + 1);
                if (c >= 0) return c;
            }
            return q;
        }

        // ---- selectors

        // selector_sequence = "24/7" | wide_range_selectors ~ small_range_selectors?
        private int SelectorSequence(int p)
        {
            var q = Lit(p, "24/7");
            if (q >= 0) return q;
            var mark = RangeErrors;
            q = WideRangeSelectors(p);
            if (q < 0) return Fail(mark);
            var r = SmallRangeSelectors(q);
            return r >= 0 ? r : q;
        }

        // wide_range_selectors = comment ~ ":"
        //   | monthday_selector ~ week_selector? ~ separator_for_readability?
        //   | year_selector? ~ monthday_selector? ~ week_selector? ~ separator_for_readability?
        private int WideRangeSelectors(int p)
        {
            var mark = RangeErrors;
            var q = Comment(p);
            if (q >= 0 && Ch(q, ':')) return q + 1;

            q = MonthdaySelector(p);
            if (q >= 0)
            {
                var w = WeekSelector(q);
                return Readability(w >= 0 ? w : q);
            }
            RangeErrors = mark;

            q = p;
            var r = YearSelector(q);
            if (r >= 0) q = r;
            r = MonthdaySelector(q);
            if (r >= 0) q = r;
            r = WeekSelector(q);
            if (r >= 0) q = r;
            return Readability(q);
        }

        // separator_for_readability? = (" " | ": " | ":")?
        private int Readability(int p)
        {
            if (Peek(p, ' ')) return p + 1;
            if (Peek(p, ':')) return Peek(p + 1, ' ') ? p + 2 : p + 1;
            return p;
        }

        // small_range_selectors = weekday_selector ~ space ~ time_selector | weekday_selector | time_selector
        private int SmallRangeSelectors(int p)
        {
            var q = WeekdaySelector(p);
            if (q >= 0)
            {
                if (Ch(q, ' '))
                {
                    var r = TimeSelector(q + 1);
                    if (r >= 0) return r;
                }
                return q;
            }
            return TimeSelector(p);
        }

        // ---- time selector

        // time_selector = timespan ~ ("," ~ space? ~ timespan)*
        private int TimeSelector(int p)
        {
            var mark = RangeErrors;
            var q = Timespan(p);
            if (q < 0) return Fail(mark);
            while (Ch(q, ','))
            {
                var r = Timespan(Space(q + 1));
                if (r < 0) break;
                q = r;
            }
            return q;
        }

        // timespan = time ~ space? ~ "-" ~ extended_time ~ space? ~ "/" ~ space? ~ (hour_minutes | minute)
        //   | time ~ space? ~ "-" ~ space? ~ extended_time ~ "+"?
        //   | time ~ "+"
        private int Timespan(int p)
        {
            var mark = RangeErrors;
            var t = Time(p);
            if (t < 0) return Fail(mark);
            var a = Space(t);
            if (Ch(a, '-'))
            {
                var m = RangeErrors;
                var e = ExtendedTime(a + 1);
                if (e >= 0)
                {
                    var s = Space(e);
                    if (Ch(s, '/'))
                    {
                        var s2 = Space(s + 1);
                        var h = HourMinutes(s2);
                        if (h >= 0) return h;
                        var mi = Minute(s2);
                        if (mi >= 0) return mi;
                    }
                }
                RangeErrors = m;
                e = ExtendedTime(Space(a + 1));
                if (e >= 0) return Ch(e, '+') ? e + 1 : e;
                RangeErrors = m;
            }
            if (Ch(t, '+')) return t + 1;
            return Fail(mark);
        }

        // time = !"24:00" ~ hour_minutes | variable_time
        private int Time(int p)
        {
            if (!_s[p..].StartsWith("24:00"))
            {
                var q = HourMinutes(p);
                if (q >= 0) return q;
            }
            return VariableTime(p);
        }

        // extended_time = extended_hour_minutes | variable_time
        private int ExtendedTime(int p)
        {
            var q = ExtendedHourMinutes(p);
            return q >= 0 ? q : VariableTime(p);
        }

        // variable_time = "(" ~ event ~ plus_or_minus ~ hour_minutes ~ ")" | event
        private int VariableTime(int p)
        {
            if (Ch(p, '('))
            {
                var q = Event(p + 1);
                if (q >= 0 && (Ch(q, '+') || Ch(q, '-')))
                {
                    var r = HourMinutes(q + 1);
                    if (r >= 0 && Ch(r, ')')) return r + 1;
                }
            }
            return Event(p);
        }

        // event = ^"dawn" | ^"sunrise" | ^"sunset" | ^"dusk"
        private int Event(int p)
        {
            var q = LitI(p, "dawn");
            if (q < 0) q = LitI(p, "sunrise");
            if (q < 0) q = LitI(p, "sunset");
            if (q < 0) q = LitI(p, "dusk");
            return q;
        }

        // hour = '0'..'1' ~ '0'..'9' | "2" ~ '0'..'3' | '0'..'9' ~ !'0'..'9'
        private int Hour(int p)
        {
            if (Range(p, '0', '1') && Digit(p + 1)) return p + 2;
            if (Ch(p, '2') && Range(p + 1, '0', '3')) return p + 2;
            if (Range(p, '0', '9') && !Digit(p + 1)) return p + 1;
            return -1;
        }

        // extended_hour = '0'..'3' ~ '0'..'9' | "4" ~ '0'..'8' | '0'..'9' ~ !'0'..'9'
        private int ExtendedHour(int p)
        {
            if (Range(p, '0', '3') && Digit(p + 1)) return p + 2;
            if (Ch(p, '4') && Range(p + 1, '0', '8')) return p + 2;
            if (Range(p, '0', '9') && !Digit(p + 1)) return p + 1;
            return -1;
        }

        // minute = '0'..'5' ~ '0'..'9'
        private int Minute(int p) => Range(p, '0', '5') && Range(p + 1, '0', '9') ? p + 2 : -1;

        // hour_minutes = hour ~ ":" ~ minute | "24:00"
        private int HourMinutes(int p)
        {
            var h = Hour(p);
            if (h >= 0 && Ch(h, ':'))
            {
                var m = Minute(h + 1);
                if (m >= 0) return m;
            }
            return Lit(p, "24:00");
        }

        // extended_hour_minutes = extended_hour ~ ":" ~ minute; a time past 48:00 is an error.
        private int ExtendedHourMinutes(int p)
        {
            var h = ExtendedHour(p);
            if (h < 0 || !Ch(h, ':')) return -1;
            var m = Minute(h + 1);
            if (m < 0) return -1;
            if (Number(p, h) == 48 && Number(h + 1, m) > 0) RangeErrors++;
            return m;
        }

        // ---- weekday selector

        // weekday_selector = holiday_sequence ~ (("," | space) ~ weekday_sequence)?
        //   | weekday_sequence ~ (("," | space) ~ holiday_sequence)?
        private int WeekdaySelector(int p)
        {
            var q = HolidaySequence(p);
            if (q >= 0)
            {
                if (Ch(q, ',') || Ch(q, ' '))
                {
                    var r = WeekdaySequence(q + 1);
                    if (r >= 0) return r;
                }
                return q;
            }
            q = WeekdaySequence(p);
            if (q < 0) return -1;
            if (Ch(q, ',') || Ch(q, ' '))
            {
                var r = HolidaySequence(q + 1);
                if (r >= 0) return r;
            }
            return q;
        }

        // weekday_sequence = weekday_range ~ ("," ~ weekday_range)*
        private int WeekdaySequence(int p)
        {
            var q = WeekdayRange(p);
            if (q < 0) return -1;
            while (Ch(q, ','))
            {
                var r = WeekdayRange(q + 1);
                if (r < 0) break;
                q = r;
            }
            return q;
        }

        // weekday_range = wday ~ "[" ~ nth_entry ~ ("," ~ nth_entry)* ~ "]" ~ day_offset? | wday ~ "-" ~ wday | wday
        private int WeekdayRange(int p)
        {
            var q = Wday(p);
            if (q < 0) return -1;
            if (Ch(q, '['))
            {
                var r = NthEntry(q + 1);
                if (r >= 0)
                {
                    while (Ch(r, ','))
                    {
                        var t = NthEntry(r + 1);
                        if (t < 0) break;
                        r = t;
                    }
                    if (Ch(r, ']'))
                    {
                        var o = DayOffset(r + 1);
                        return o >= 0 ? o : r + 1;
                    }
                }
            }
            if (Ch(q, '-'))
            {
                var r = Wday(q + 1);
                if (r >= 0) return r;
            }
            return q;
        }

        // holiday_sequence = holiday ~ ("," ~ holiday)*; holiday = "PH" ~ day_offset? | "SH"
        private int HolidaySequence(int p)
        {
            var q = Holiday(p);
            if (q < 0) return -1;
            while (Ch(q, ','))
            {
                var r = Holiday(q + 1);
                if (r < 0) break;
                q = r;
            }
            return q;
        }

        private int Holiday(int p)
        {
            var q = Lit(p, "PH");
            if (q >= 0)
            {
                var o = DayOffset(q);
                return o >= 0 ? o : q;
            }
            return Lit(p, "SH");
        }

        // nth_entry = nth ~ "-" ~ nth | "-" ~ nth | nth; nth = '1'..'5'
        private int NthEntry(int p)
        {
            if (Range(p, '1', '5'))
                return Ch(p + 1, '-') && Range(p + 2, '1', '5') ? p + 3 : p + 1;
            return Ch(p, '-') && Range(p + 1, '1', '5') ? p + 2 : -1;
        }

        // day_offset = space ~ plus_or_minus ~ positive_number ~ space ~ "day" ~ "s"?
        private int DayOffset(int p)
        {
            if (!Ch(p, ' ') || !(Ch(p + 1, '+') || Ch(p + 1, '-'))) return -1;
            var q = PositiveNumber(p + 2);
            if (q < 0 || !Ch(q, ' ')) return -1;
            q = Lit(q + 1, "day");
            if (q < 0) return -1;
            return Peek(q, 's') ? q + 1 : q;
        }

        // wday = !event ~ ^"Su" | ^"Mo" | ^"Tu" | ^"We" | ^"Th" | ^"Fr" | ^"Sa"
        private int Wday(int p)
        {
            var q = LitI(p, "su");
            if (q >= 0 && Event(p) < 0) return q;
            foreach (var day in OtherDays)
            {
                q = LitI(p, day);
                if (q >= 0) return q;
            }
            return -1;
        }

        // ---- week selector

        // week_selector = separator_for_readability? ~ "week" ~ space? ~ week ~ ("," ~ week)*
        private int WeekSelector(int p)
        {
            var mark = RangeErrors;
            var q = Lit(Readability(p), "week");
            if (q < 0) return -1;
            q = Week(Space(q));
            if (q < 0) return Fail(mark);
            while (Ch(q, ','))
            {
                var m = RangeErrors;
                var r = Week(q + 1);
                if (r < 0) { RangeErrors = m; break; }
                q = r;
            }
            return q;
        }

        // week = weeknum ~ ("-" ~ weeknum ~ ("/" ~ positive_number)?)?; inverted ranges and steps over 255 are errors.
        private int Week(int p)
        {
            var q = Weeknum(p);
            if (q < 0) return -1;
            if (!Ch(q, '-')) return q;
            var r = Weeknum(q + 1);
            if (r < 0) return q;
            if (Number(p, q) > Number(q + 1, r)) RangeErrors++;
            if (Ch(r, '/'))
            {
                var s = PositiveNumber(r + 1);
                if (s >= 0)
                {
                    if (Number(r + 1, s) > 255) RangeErrors++;
                    return s;
                }
            }
            return r;
        }

        // weeknum = '1'..'4' ~ '0'..'9' | "5" ~ '0'..'3' | "0"? ~ '1'..'9'
        private int Weeknum(int p)
        {
            if (Range(p, '1', '4') && Digit(p + 1)) return p + 2;
            if (Ch(p, '5') && Range(p + 1, '0', '3')) return p + 2;
            var q = Peek(p, '0') ? p + 1 : p;
            return Range(q, '1', '9') ? q + 1 : -1;
        }

        // ---- month selector

        // monthday_selector = monthday_range ~ ("," ~ monthday_range)*
        private int MonthdaySelector(int p)
        {
            var mark = RangeErrors;
            var q = MonthdayRange(p);
            if (q < 0) return Fail(mark);
            while (Ch(q, ','))
            {
                var m = RangeErrors;
                var r = MonthdayRange(q + 1);
                if (r < 0) { RangeErrors = m; break; }
                q = r;
            }
            return q;
        }

        // monthday_range = date_from ~ date_offset? ~ space? ~ "-" ~ space? ~ date_to ~ date_offset?
        //   | date_from ~ date_offset ~ "+"?
        //   | date_from ~ "+"?
        //   | year? ~ month ~ ("-" ~ month)?
        private int MonthdayRange(int p)
        {
            var mark = RangeErrors;
            var f = DateFrom(p, out var easter);
            if (f >= 0)
            {
                var q = f;
                var o = DateOffset(q);
                if (o >= 0) q = o;
                q = Space(q);
                if (Ch(q, '-'))
                {
                    var t = DateTo(Space(q + 1), easter);
                    if (t >= 0)
                    {
                        var o2 = DateOffset(t);
                        return o2 >= 0 ? o2 : t;
                    }
                }
                RangeErrors = mark;
                o = DateOffset(f);
                if (o >= 0) return Ch(o, '+') ? o + 1 : o;
                return Ch(f, '+') ? f + 1 : f;
            }
            var y = Year(p);
            var m = Month(y >= 0 ? y : p);
            if (m < 0) return Fail(mark);
            if (Ch(m, '-'))
            {
                var m2 = Month(m + 1);
                if (m2 >= 0) return m2;
            }
            return m;
        }

        // date_offset = plus_or_minus ~ wday ~ day_offset | plus_or_minus ~ wday | day_offset
        private int DateOffset(int p)
        {
            if (Ch(p, '+') || Ch(p, '-'))
            {
                var w = Wday(p + 1);
                if (w >= 0)
                {
                    var d = DayOffset(w);
                    return d >= 0 ? d : w;
                }
            }
            return DayOffset(p);
        }

        // date_from = year? ~ " "? ~ ^"easter"
        //   | (year ~ " "?)? ~ month ~ " "? ~ daynum
        //   | (year ~ " "?)? ~ month ~ " " ~ wday ~ "[" ~ "-"? ~ nth ~ "]" ~ !("," ~ !monthday_range)
        private int DateFrom(int p, out bool easter)
        {
            easter = false;
            var y = Year(p);
            var e = LitI(Space(y >= 0 ? y : p), "easter");
            if (e >= 0) { easter = true; return e; }

            var q = y >= 0 ? Space(y) : p;
            var m = Month(q);
            if (m < 0) return -1;
            var d = Daynum(Space(m));
            if (d >= 0) return d;

            if (!Ch(m, ' ')) return -1;
            var w = Wday(m + 1);
            if (w < 0 || !Ch(w, '[')) return -1;
            var n = w + 1;
            if (Peek(n, '-')) n++;
            if (!Range(n, '1', '5') || !Ch(n + 1, ']')) return -1;
            n += 2;
            if (Peek(n, ','))
            {
                var mark = RangeErrors;
                var next = MonthdayRange(n + 1);
                RangeErrors = mark;
                if (next < 0) return -1;
            }
            return n;
        }

        // date_to = date_from | daynum; a day number after "easter" is an error.
        private int DateTo(int p, bool afterEaster)
        {
            var q = DateFrom(p, out _);
            if (q >= 0) return q;
            q = Daynum(p);
            if (q >= 0 && afterEaster) RangeErrors++;
            return q;
        }

        // daynum = daynum_digits ~ !(":" ~ minute ~ !(":" ~ minute))
        // daynum_digits = '1'..'2' ~ '0'..'9' | "3" ~ '0'..'1' | "0"? ~ '1'..'9'
        private int Daynum(int p)
        {
            int q;
            if (Range(p, '1', '2') && Digit(p + 1)) q = p + 2;
            else if (Ch(p, '3') && Range(p + 1, '0', '1')) q = p + 2;
            else
            {
                q = Peek(p, '0') ? p + 1 : p;
                if (!Range(q, '1', '9')) return -1;
                q++;
            }
            if (Peek(q, ':') && Minute(q + 1) >= 0 && !(Peek(q + 3, ':') && Minute(q + 4) >= 0)) return -1;
            return q;
        }

        // month = ^"Jan" | ^"Feb" | ... | ^"Dec"
        private int Month(int p)
        {
            foreach (var month in Months)
            {
                var q = LitI(p, month);
                if (q >= 0) return q;
            }
            return -1;
        }

        // ---- year selector

        // year_selector = year_range ~ ("," ~ year_range)*
        private int YearSelector(int p)
        {
            var mark = RangeErrors;
            var q = YearRange(p);
            if (q < 0) return Fail(mark);
            while (Ch(q, ','))
            {
                var m = RangeErrors;
                var r = YearRange(q + 1);
                if (r < 0) { RangeErrors = m; break; }
                q = r;
            }
            return q;
        }

        // year_range = year ~ "+" | year ~ ("-" ~ year ~ ("/" ~ positive_number)?)?; an inverted range is an error.
        private int YearRange(int p)
        {
            var q = Year(p);
            if (q < 0) return -1;
            if (Ch(q, '+')) return q + 1;
            if (!Ch(q, '-')) return q;
            var r = Year(q + 1);
            if (r < 0) return q;
            if (Number(p, q) > Number(q + 1, r)) RangeErrors++;
            if (Ch(r, '/'))
            {
                var s = PositiveNumber(r + 1);
                if (s >= 0) return s;
            }
            return r;
        }

        // year = "19" ~ ASCII_DIGIT{2} | '2'..'9' ~ ASCII_DIGIT{3}
        private int Year(int p)
        {
            if (Ch(p, '1') && Ch(p + 1, '9') && Digit(p + 2) && Digit(p + 3)) return p + 4;
            if (Range(p, '2', '9') && Digit(p + 1) && Digit(p + 2) && Digit(p + 3)) return p + 4;
            return -1;
        }

        // ---- basic elements

        // positive_number = "0"* ~ ASCII_NONZERO_DIGIT ~ ASCII_DIGIT{,3}
        private int PositiveNumber(int p)
        {
            while (Peek(p, '0')) p++;
            if (!Range(p, '1', '9')) return -1;
            p++;
            for (var i = 0; i < 3 && Digit(p); i++) p++;
            return p;
        }

        // comment = "\"" ~ (!"\"" ~ ANY)+ ~ "\""
        private int Comment(int p)
        {
            if (!Ch(p, '"')) return -1;
            var q = p + 1;
            while (q < _s.Length && _s[q] != '"') q++;
            if (q == p + 1 || !Ch(q, '"')) return -1;
            return q + 1;
        }

        /// <summary>The value of the ASCII digits in [from, to).</summary>
        private readonly int Number(int from, int to)
        {
            var n = 0;
            for (var i = from; i < to; i++) n = n * 10 + (_s[i] - '0');
            return n;
        }
    }
}
