using Socle.Tabular.Export;

namespace Socle.Tabular.Tests.Export;

public class ExportFormatTests
{
    [Theory]
    [InlineData("csv", ExportFormat.Csv, "text/csv; charset=utf-8")]
    [InlineData("JSON", ExportFormat.Json, "application/json; charset=utf-8")]
    [InlineData("jsonl", ExportFormat.Jsonl, "application/x-ndjson; charset=utf-8")]
    [InlineData("GeoJSON", ExportFormat.GeoJson, "application/geo+json")]
    [InlineData("xlsx", ExportFormat.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("Parquet", ExportFormat.Parquet, "application/vnd.apache.parquet")]
    public void Segments(string segment, ExportFormat expected, string contentType)
    {
        Assert.True(ExportFormats.TryParse(segment, out var f));
        Assert.Equal(expected, f);
        Assert.Equal(contentType, ExportFormats.ContentType(f));
        Assert.Equal(segment.ToLowerInvariant(), ExportFormats.Extension(f));
    }

    [Theory]
    [InlineData("xls")]
    [InlineData("")]
    [InlineData(" csv")]
    [InlineData("Csv.")]
    [InlineData(null)]
    public void UnknownSegments(string? segment) => Assert.False(ExportFormats.TryParse(segment!, out _));

    [Fact]
    public void EveryFormatHasATypeAndAnExtension()
    {
        foreach (var f in Enum.GetValues<ExportFormat>())
        {
            Assert.NotEmpty(ExportFormats.ContentType(f));
            Assert.NotEmpty(ExportFormats.Extension(f));
        }
    }
}
