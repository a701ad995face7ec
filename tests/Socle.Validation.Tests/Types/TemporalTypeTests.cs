using Socle.Validation.Types;

namespace Socle.Validation.Tests.Types;

/// <summary>date, time, datetime, year, yearmonth, duration: frictionless-py's test files plus CPython strptime facts.</summary>
public class TemporalTypeTests
{
    [Theory]
    [InlineData("default", "2019-01-01", true)]
    [InlineData("default", "2020-1-5", true)]
    [InlineData("default", "2020-01- 5", true)]
    [InlineData("default", "2019-02-29", false)]
    [InlineData("default", "2020-02-29", true)]
    [InlineData("default", "2019-13-01", false)]
    [InlineData("default", "10/06/2014", false)]
    [InlineData("default", "2019-01-01 ", false)]
    [InlineData("default", " 2019-01-01", false)]
    [InlineData("default", "2019-01-01T00:00:00", false)]
    [InlineData("default", "0000-01-01", false)]
    [InlineData("default", "\u0662\u0660\u0662\u0660-01-01", true)]
    [InlineData("any", "10th Jan 1969", true)]
    [InlineData("any", "2019-01-01", true)]
    [InlineData("any", "invalid", false)]
    [InlineData("%d/%m/%y", "21/11/06", true)]
    [InlineData("%d/%m/%y", "21/11/06 16:30", false)]
    [InlineData("%d/%m/%Y", "05/13/2020", false)]
    [InlineData("%d/%m/%Y", "5/3/2020", true)]
    [InlineData("%Y-%m-%d", "2020-01-01", true)]
    [InlineData("%Y", "2020", true)]
    [InlineData("%Y/%m/%d", "2020/12/31", true)]
    [InlineData("%b %d %Y", "JAN 05 2020", true)]
    [InlineData("%B %d", "february 29", false)]
    [InlineData("%Y %j", "2021 366", true)]
    [InlineData("%Y%m%d", "2020115", true)]
    [InlineData("%m%d", "123", true)]
    [InlineData("%Y  %m", "2020 \t 1", true)]
    [InlineData("%d %d", "1 2", false)]
    [InlineData("%Q", "2020", false)]
    [InlineData("%Y-%", "2020-", false)]
    [InlineData("invalid", "invalid", true)]
    [InlineData("INVALID", "invalid", true)]
    [InlineData("fmt:%d/%m/%y", "21/11/06", true)]
    [InlineData("%Y %U %w", "2020 10 3", true)]
    [InlineData("%G %V %u", "2020 10 3", true)]
    [InlineData("%V", "10", false)]
    [InlineData("%x", "03/17/99", true)]
    public void Date(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("date", format, cell));

    [Theory]
    [InlineData("%Y %j", "2021 366", "2022-01-01")]
    [InlineData("%Y %U %w", "2020 10 3", "2020-03-11")]
    [InlineData("%G %V %u", "2020 10 3", "2020-03-04")]
    [InlineData("%m%d", "123", "1900-12-03")]
    [InlineData("%y", "69", "1969-01-01")]
    [InlineData("%y", "68", "2068-01-01")]
    [InlineData("%Y%m%d", "2020115", "2020-11-05")]
    [InlineData("default", "2020-1-5", "2020-01-05")]
    public void Date_values(string format, string cell, string iso)
    {
        var v = Fld.Read(Fld.Reader("date", format), cell);
        Assert.Equal(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).DayNumber, v.Long);
    }

    [Theory]
    [InlineData("default", "2014-01-01T06:00:00", true)]
    [InlineData("default", "2014-01-01T06:00:00Z", true)]
    [InlineData("default", "2014-01-01T06:00:00+01:00", true)]
    [InlineData("default", "2014-01-01T06:00:00+1:00", false)]
    [InlineData("default", "Mon 1st Jan 2014 9 am", false)]
    [InlineData("default", "invalid", false)]
    [InlineData("default", "2014-01-01 06:00:00", true)]
    [InlineData("default", "2014-01-01x06:00:00", true)]
    [InlineData("default", "2014-01-01T06:00", false)]
    [InlineData("default", "2014-01-01T06:00:00.123456789", true)]
    [InlineData("default", "2014-01-01T06:00:00,5", true)]
    [InlineData("default", "2014-01-01T24:00:00", true)]
    [InlineData("default", "2014-01-01T24:00:01", false)]
    [InlineData("default", "2014-01-01T06:00:00+0100", true)]
    [InlineData("default", "2014-01-01T06:00:00+01", true)]
    [InlineData("default", "2014-01-01T06:00:00+24:00", false)]
    [InlineData("default", "2014-01-01T06:00:00-00:00", true)]
    [InlineData("default", "2014-02-30T06:00:00", false)]
    [InlineData("default", "2014-01-01T06:00:60", false)]
    [InlineData("default", "2019-W01-1T12:00:00", true)]
    [InlineData("default", "2014-01-01T06:00:00é", false)]
    [InlineData("any", "2014-01-01T06:00:00", true)]
    [InlineData("any", "2014-01-01T06:00:00Z", true)]
    [InlineData("any", "10th Jan 1969 9 am", true)]
    [InlineData("any", "invalid", false)]
    [InlineData("%d/%m/%y %H:%M", "21/11/06 16:30", true)]
    [InlineData("%H:%M %d/%m/%y", "21/11/06 16:30", false)]
    [InlineData("%d/%m/%y %H:%M", "invalid", false)]
    [InlineData("invalid", "21/11/06 16:30", false)]
    [InlineData("fmt:%d/%m/%y %H:%M", "21/11/06 16:30", true)]
    [InlineData("fmt:%H:%M %d/%m/%y", "21/11/06 16:30", false)]
    [InlineData("%Y-%m-%dT%H:%M:%S%z", "2020-01-01T10:00:00+01:00", true)]
    [InlineData("%Y-%m-%dT%H:%M:%S%z", "2020-01-01T10:00:00Z", true)]
    [InlineData("%Y-%m-%dT%H:%M:%S%z", "2020-01-01T10:00:00z", false)]
    [InlineData("%Y-%m-%dT%H:%M:%S%z", "2020-01-01T10:00:00+01:0030", false)]
    [InlineData("%Y-%m-%dT%H:%M:%S%z", "2020-01-01T10:00:00+0100", true)]
    [InlineData("%Y-%m-%dT%H:%M:%S.%f", "2020-01-01T00:00:00.5", true)]
    [InlineData("%Y-%m-%dT%H:%M:%S.%f", "2020-01-01T00:00:00.1234567", false)]
    [InlineData("%I %p", "12 am", true)]
    [InlineData("%I:%M %p", "13:00 pm", false)]
    [InlineData("%H", "24", false)]
    [InlineData("%c", "Tue Mar 17 22:44:55 1999", true)]
    [InlineData("%d/%m/%Y %H:%M:%S %Z", "01/01/2020 10:00:00 UTC", true)]
    [InlineData("%d/%m/%Y %H:%M:%S %Z", "01/01/2020 10:00:00 CET", false)]
    public void DateTime(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("datetime", format, cell));

    [Fact]
    public void DateTime_values_compare_as_instants()
    {
        var r = Fld.Reader("datetime");
        var utc = Fld.Read(r, "2014-01-01T06:00:00Z");
        var plusOne = Fld.Read(r, "2014-01-01T07:00:00+01:00");
        var naive = Fld.Read(r, "2014-01-01T06:00:00");
        Assert.True(r.ValueEquals(utc, plusOne));
        Assert.False(r.ValueEquals(utc, naive));
        Assert.Equal(r.ToKey("", utc), r.ToKey("", plusOne));
        Assert.NotEqual(r.ToKey("", utc), r.ToKey("", naive));
        Assert.Equal(Fld.Key(r, "2014-01-02T00:00:00"), Fld.Key(r, "2014-01-01T24:00:00"));
        var p = Fld.Reader("datetime", "%d/%m/%y %H:%M");
        Assert.Equal(Fld.Key(p, "21/11/06 16:30"), Fld.Key(r, "2006-11-21T16:30:00"));
        Assert.Equal(Fld.Key(r, "2014-01-01T06:00:00.5"), Fld.Key(r, "2014-01-01T06:00:00.500000"));
    }

    [Theory]
    [InlineData("default", "06:00:00", true)]
    [InlineData("default", "06:00:00Z", true)]
    [InlineData("default", "06:00:00+01:00", true)]
    [InlineData("default", "06:00:00+1:00", false)]
    [InlineData("default", "09:00", false)]
    [InlineData("default", "3 am", false)]
    [InlineData("default", "3.00", false)]
    [InlineData("default", "invalid", false)]
    [InlineData("default", "06:00:00.250", true)]
    [InlineData("default", "24:00:00", true)]
    [InlineData("default", "25:00:00", false)]
    [InlineData("default", "06:60:00", false)]
    [InlineData("any", "06:00:00", true)]
    [InlineData("any", "06:00:00Z", true)]
    [InlineData("any", "3:00 am", true)]
    [InlineData("any", "some night", false)]
    [InlineData("%H:%M", "06:00", true)]
    [InlineData("%M:%H", "06:50", false)]
    [InlineData("%H:%M", "3:00 am", false)]
    [InlineData("%H:%M", "some night", false)]
    [InlineData("fmt:%H:%M", "06:00", true)]
    [InlineData("%Hh%M", "10h30", true)]
    [InlineData("%H:%M:%S%z", "10:00:00+01:00", true)]
    public void Time(string format, string cell, bool valid) => Assert.Equal(valid, Fld.Reads("time", format, cell));

    [Fact]
    public void Time_values()
    {
        var r = Fld.Reader("time");
        Assert.Equal(TimeSpan.FromHours(6).Ticks, Fld.Read(r, "06:00:00").Long);
        Assert.Equal(TimeSpan.FromHours(6).Ticks + 2_500_000, Fld.Read(r, "06:00:00.25").Long);
        Assert.True(r.ValueEquals(Fld.Read(r, "06:00:00Z"), Fld.Read(r, "07:00:00+01:00")));
        Assert.False(r.ValueEquals(Fld.Read(r, "06:00:00Z"), Fld.Read(r, "06:00:00")));
        Assert.Equal(Fld.Key(r, "06:00:00"), Fld.Key(Fld.Reader("time", "%H:%M"), "06:00"));
    }

    [Theory]
    [InlineData("2000", true)]
    [InlineData("3.14", false)]
    [InlineData("20000", false)]
    [InlineData("-200", false)]
    [InlineData(" 199", true)]
    [InlineData("+199", true)]
    [InlineData("1_00", true)]
    [InlineData("0000", true)]
    [InlineData("99", false)]
    public void Year(string cell, bool valid) => Assert.Equal(valid, Fld.Reads("year", "default", cell));

    [Theory]
    [InlineData("2000-10", true)]
    [InlineData("2000-13-20", false)]
    [InlineData("2000-13", false)]
    [InlineData("2000-0", false)]
    [InlineData("2000-1", true)]
    [InlineData(" 2000 - 01 ", true)]
    [InlineData("13", false)]
    [InlineData("3.14", false)]
    [InlineData("-2000-01", false)]
    public void YearMonth(string cell, bool valid) => Assert.Equal(valid, Fld.Reads("yearmonth", "default", cell));

    [Fact]
    public void YearMonth_values_order_and_keys()
    {
        var r = Fld.Reader("yearmonth");
        Assert.True(r.Compare(Fld.Read(r, "2000-12"), Fld.Read(r, "2001-01")) < 0);
        Assert.Equal(Fld.Key(r, "2000-1"), Fld.Key(r, "2000-01"));
    }

    [Theory]
    [InlineData("P1Y10M3DT5H11M7S", true)]
    [InlineData("P1Y", true)]
    [InlineData("P1M", true)]
    [InlineData("PT1S", true)]
    [InlineData("P1M1Y", false)]
    [InlineData("P-1Y", false)]
    [InlineData("year", false)]
    [InlineData("P", false)]
    [InlineData("PT", true)]
    [InlineData("P1W", true)]
    [InlineData("-P1D", true)]
    [InlineData("P1.5Y", true)]
    [InlineData("PT0,5S", true)]
    [InlineData("P1DT", true)]
    [InlineData("p1d", false)]
    [InlineData("P1D\n", true)]
    [InlineData("P1D ", false)]
    [InlineData("P9999999999D", false)]
    public void Duration(string cell, bool valid) => Assert.Equal(valid, Fld.Reads("duration", "default", cell));

    [Fact]
    public void Duration_equality()
    {
        var r = Fld.Reader("duration");
        Assert.Equal(Fld.Key(r, "PT1H"), Fld.Key(r, "PT60M"));
        Assert.Equal(Fld.Key(r, "P1D"), Fld.Key(r, "PT24H"));
        Assert.Equal(Fld.Key(r, "P1Y"), Fld.Key(r, "P12M"));
        Assert.NotEqual(Fld.Key(r, "P1M"), Fld.Key(r, "P30D"));
        Assert.True(r.ValueEquals(Fld.Read(r, "PT0.5S"), Fld.Read(r, "PT0,5S")));
        Assert.True(r.Compare(Fld.Read(r, "P1D"), Fld.Read(r, "PT23H")) > 0);
    }

    [Fact]
    public void Date_keys_are_by_value()
    {
        var iso = Fld.Reader("date");
        var fr = Fld.Reader("date", "%d/%m/%Y");
        Assert.Equal(Fld.Key(iso, "2020-01-05"), Fld.Key(fr, "05/01/2020"));
        Assert.Equal(Fld.Key(iso, "2020-01-05"), Fld.Key(iso, "2020-1-5"));
        Assert.NotEqual(Fld.Key(iso, "2020-01-05"), Fld.Key(Fld.Reader("datetime"), "2020-01-05T00:00:00"));
    }
}
