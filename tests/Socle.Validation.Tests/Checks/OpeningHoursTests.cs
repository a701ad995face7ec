using Socle.Validation.Checks;

namespace Socle.Validation.Tests.Checks;

public class OpeningHoursTests
{
    [Theory]
    // Everyday French expressions
    [InlineData("24/7")]
    [InlineData("Mo-Fr 08:30-12:00,13:30-17:00")]
    [InlineData("Mo-Fr 08:30-12:00, 13:30-17:00")]
    [InlineData("Mo-Sa 09:00-19:00; Su 09:00-12:00; PH off")]
    [InlineData("Mo-Fr 08:00-18:00; Sa 08:00-12:00; Su,PH off")]
    [InlineData("Tu,Th 14:00-18:00")]
    [InlineData("Mo,We,Fr 09:00-12:00")]
    [InlineData("Mo-Fr 09:00-12:00,14:00-17:30; Jul-Aug off")]
    [InlineData("Mo-Su 00:00-24:00")]
    [InlineData("Mo-Fr 22:00-02:00")]
    [InlineData("Fr 18:00-26:00")]
    [InlineData("Mo-Fr 9:00-17:00")]
    [InlineData("Mo 08:00-12:00 \"sur rendez-vous\"")]
    [InlineData("Mo-Fr 08:00-12:00 open \"accueil\"")]
    [InlineData("PH off")]
    [InlineData("off")]
    [InlineData("unknown \"fermé pour travaux\"")]
    [InlineData("Dec 25 off")]
    [InlineData("Jan 01 off; Dec 24-26 off")]
    [InlineData("Apr-Sep Mo-Su 10:00-19:00; Oct-Mar Mo-Su 10:00-17:00")]
    [InlineData("Jun 15-Sep 15 Mo-Su 10:00-20:00")]
    [InlineData("Mo-Fr 08:00-12:00 || \"sur rendez-vous\"")]
    [InlineData("Mo-Fr 08:00-18:00, We 12:00-14:00 off")]
    [InlineData("Mo[1] 09:00-12:00")]
    [InlineData("Mo[1,3] 09:00-12:00")]
    [InlineData("Mo[-1] 09:00-12:00")]
    [InlineData("Sa[2] +1 day 10:00-12:00")]
    [InlineData("PH +1 day off")]
    [InlineData("SH Mo-Fr 10:00-12:00")]
    [InlineData("sunrise-sunset")]
    [InlineData("Su sunrise-sunset")]
    [InlineData("(sunrise-00:30)-(sunset+01:00)")]
    [InlineData("2024 Jan 01-Mar 31 Mo-Fr 10:00-12:00")]
    [InlineData("2024 Mo-Fr 10:00-12:00")]
    [InlineData("2020-2025 Mo-Fr 08:00-12:00")]
    [InlineData("2024+ Mo-Fr 08:00-12:00")]
    [InlineData("week 1-53/2 Mo 10:00-12:00")]
    [InlineData("week01-10 Sa 09:00-12:00")]
    [InlineData("easter off")]
    [InlineData("Mo-Fr 10:00-18:00+")]
    [InlineData("Mo-Fr 10:00-18:00/30")]
    [InlineData("10:00-18:00/01:30")]
    // The reference's own parser tests (opening-hours-rs)
    [InlineData("12:00+")]
    [InlineData("dusk-dusk+")]
    [InlineData("Jun23:30+")]
    [InlineData("Mo-Fr open \"ring the bell\"")]
    [InlineData("Jan Mo[1]-30")]
    [InlineData("open \"comment\"")]
    [InlineData("\"comment\"")]
    [InlineData("24/7 \"comment\"")]
    [InlineData("Feb Mo[1] +2 days")]
    [InlineData("Feb Mo[1],Tu-Fr")]
    [InlineData("4:00-8:00")]
    [InlineData("04:00 - 08:00")]
    [InlineData("4:00 - 8:00")]
    [InlineData("Mo-Fr 10:00-18:00;Sa-Su 10:00-12:00")]
    [InlineData("mo-fr 10:00-12:00")]       // relaxed: case-insensitive names (a warning in the reference)
    [InlineData("Jan mo-tu OPEN")]
    [InlineData("Easter-Mar 31")]
    [InlineData("DAWN-DUSK")]
    [InlineData("00:00-48:00")]
    public void Accepts(string value) =>
        Assert.Equal(OpeningHoursSyntax.Result.Valid, OpeningHoursSyntax.Validate(value, out _));

    [Theory]
    // Everyday mistakes
    [InlineData("Lundi-Vendredi 9h-18h")]
    [InlineData("Mo-Fr 9h-12h")]
    [InlineData("24h/24")]
    [InlineData("24/24")]
    [InlineData("Mo-Fr 08:00-12:00 14:00-18:00")]   // a comma is missing
    [InlineData("Mo-Fr 08:00-12:00;")]
    [InlineData("Mo-Fr 08:00")]                     // a point in time, not a range
    [InlineData("Mo-Fr 8-12")]
    [InlineData("Mo-Fr: 08:00-12:00")]
    [InlineData("Mo-Fr 08:00-12:00 ; ; Sa off")]
    [InlineData("ph off")]                          // holidays are case-sensitive
    [InlineData("Mo-Fr 08:00-12:60")]
    // The reference's own parser tests (opening-hours-rs)
    [InlineData("not a valid expression")]
    [InlineData("10:00-100:00")]
    [InlineData("10:00-12:00 tomorrow")]
    [InlineData("Mo-Fr open \"ring \"the bell\"\"")]
    [InlineData("1975-4291/37776")]
    [InlineData("open \"comment1\" \"comment2\"")]
    [InlineData("\"comment\" open")]
    [InlineData("Jan 0")]
    [InlineData("Jan 00")]
    [InlineData("Jan 00-15")]
    [InlineData("27:43+")]
    [InlineData("24:11+")]
    [InlineData("27:43-28:00")]
    [InlineData("24:11-28:00")]
    [InlineData("27:43-10:00")]
    [InlineData("24:00+")]
    [InlineData("24:00-10:00")]
    public void Rejects_syntax(string value) =>
        Assert.Equal(OpeningHoursSyntax.Result.Syntax, OpeningHoursSyntax.Validate(value, out _));

    [Theory]
    [InlineData("week15-10")]
    [InlineData("week15-10/3")]
    [InlineData("week 50-10")]
    [InlineData("2020-2010")]
    [InlineData("2020-2010/3")]
    [InlineData("week 1-50/300")]
    [InlineData("00:00-48:01")]
    [InlineData("easter-15 off")]
    public void Rejects_ranges(string value) =>
        Assert.Equal(OpeningHoursSyntax.Result.Range, OpeningHoursSyntax.Validate(value, out _));

    [Fact]
    public void Check_reports_the_error_position()
    {
        var table = new CheckTable("horaires");
        var check = table.Bind("""{"name": "opening-hours-value", "params": {"column": "horaires"}}""");
        Assert.Empty(table.Run(check, "Mo-Fr 08:00-12:00"));
        var error = Assert.Single(table.Run(check, "Mo-Fr 8h-12h"));
        Assert.Equal("opening-hours-value", error.Type);
        Assert.Equal("note.opening-hours.syntax", error.NoteKey);
        Assert.Equal(["8"], error.NoteArgs); // "h" is the 8th character
        Assert.Equal("note.opening-hours.range", Assert.Single(table.Run(check, "2020-2010")).NoteKey);
    }
}
