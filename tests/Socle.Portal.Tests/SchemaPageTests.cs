using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>
/// <c>/schemas/</c>: the demo's schemas with the published datasets that follow them and their conformance rate, the
/// same as <c>/api/1/schemas/</c> (compared on the demo's own schemas, which no other test touches).
/// </summary>
public sealed class SchemaPageTests(PortalFixture portal)
{
    [Fact]
    public async Task The_schemas_page_lists_the_datasets_following_each_schema_and_its_conformance_rate()
    {
        var api = JsonNode.Parse(await portal.Http.GetStringAsync("/api/1/schemas/", TestContext.Current.CancellationToken))!.AsArray()
            .Select(s => s!.AsObject()).Where(s => s["name"]!.GetValue<string>().StartsWith("demo/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        // The demo validates its schema-bound files at start: some schemas have a verdict, and some files fail theirs.
        Assert.Contains(api, s => s["conformance"] is not null);
        Assert.Contains(api, s => s["invalid"]!.GetValue<int>() > 0);

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/schemas/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Schémas");
        await Expect(page.Locator("nav.fr-nav a[aria-current=page]")).ToHaveTextAsync("Schémas");
        foreach (var s in api)
        {
            var row = page.Locator($"#schemas tr[data-schema='{s["name"]!.GetValue<string>()}']");
            await Expect(row.Locator("th a")).ToHaveTextAsync(s["title"]!.GetValue<string>());
            var titles = s["followed_by"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()).ToList();
            Assert.Equal(titles, await row.Locator(".socle-schema-datasets a").AllInnerTextsAsync());
            var rate = s["conformance"];
            await Expect(row.Locator(".socle-schema-conformance strong")).ToHaveCountAsync(rate is null ? 0 : 1);
            if (rate is not null) await Expect(row.Locator(".socle-schema-conformance strong")).ToHaveTextAsync($"{rate} % conformes");
            await Expect(row.Locator(".socle-schema-conformance")).ToContainTextAsync(
                $"valides : {s["valid"]} · non valides : {s["invalid"]} · non validés : {s["not_validated"]}");
        }

        // A schema's link serves the registered file; its datasets' links open their pages.
        var first = api[0]["name"]!.GetValue<string>();
        var schema = JsonNode.Parse(await portal.Http.GetStringAsync($"/api/1/schemas/{first}/schema.json", TestContext.Current.CancellationToken))!;
        Assert.NotNull(schema["fields"]);
        var csv = await portal.Http.GetStringAsync("/api/1/schemas.csv", TestContext.Current.CancellationToken);
        Assert.StartsWith("name,title,registered,datasets,resources,valid,invalid,not_validated,conformance\r\n", csv);
        Assert.Contains(first, csv);
        await PortalFixture.ScreenshotAsync(page, "schemas");
    }
}
