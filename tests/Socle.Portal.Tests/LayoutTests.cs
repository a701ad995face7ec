using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Socle.Portal.Tests;

/// <summary>What every page shares: the DSFR frame, skip links, the language switch, HTML error pages.</summary>
public sealed class LayoutTests(PortalFixture portal)
{
    [Fact]
    public async Task Home_page_is_in_french_and_switches_to_english_and_back()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.Locator(".fr-header__service-title")).ToHaveTextAsync("Socle");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Contenu" })).ToHaveAttributeAsync("href", "#contenu");
        await PortalFixture.ScreenshotAsync(page, "home");

        await page.Locator("#changer-langue").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        // The choice is remembered: a plain link keeps English.
        await page.GotoAsync("/datasets/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#changer-langue")).ToHaveTextAsync("Français");
        await page.Locator("#changer-langue").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
    }

    [Fact]
    public async Task An_unknown_page_is_an_html_404_at_its_address_while_the_api_keeps_problem_json()
    {
        var html = new HttpRequestMessage(HttpMethod.Get, "/nulle-part/");
        html.Headers.Accept.ParseAdd("text/html");
        var page = await portal.Http.SendAsync(html);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.ToString());
        Assert.Contains("Page non trouvée", await page.Content.ReadAsStringAsync());

        var api = await portal.Http.GetAsync("/api/1/nulle-part/");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Static_assets_are_served_with_long_caching_when_versioned()
    {
        var home = await portal.Http.GetStringAsync("/");
        var css = System.Text.RegularExpressions.Regex.Match(home, "href=\"(/static/vendor/dsfr/dsfr\\.min\\.css\\?v=[0-9a-f]+)\"").Groups[1].Value;
        Assert.NotEmpty(css);
        var r = await portal.Http.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("immutable", r.Headers.CacheControl?.ToString());
    }
}
