using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// <c>GET /admin/</c> in a real browser (headless Debian chromium through Playwright): the page loads, each trend chart
/// has one series per key, the numbers shown equal <c>/admin/stats</c>, and the latest requests are listed. The
/// screenshot goes to artifacts/dashboard.png.
/// </summary>
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    private static readonly string[] Keys = ["vk_dashboard_alpha_key_00001", "vk_dashboard_beta_key_000001"];

    private TestDatabase database = null!;
    private GatewayHostFactory factory = null!;
    private Uri address = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await DebianChromium.EnsureInstalledAsync();
        database = await TestDatabase.CreateMigratedAsync();
        foreach (var key in Keys)
        {
            await HostTestData.AddKeyAsync(database, key);
        }

        factory = new GatewayHostFactory(database.ConnectionString, new Dictionary<string, string?> { ["GatewayHost:SeedDemoData"] = "false" });
        address = KestrelHost.Start(factory);
        playwright = await Playwright.CreateAsync();
        browser = await DebianChromium.LaunchAsync(playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task The_dashboard_shows_the_stats_of_the_admin_API_a_series_per_key_and_the_latest_requests()
    {
        // Traffic: 5 answers for the first key, 3 answers and 1 invalid request for the second.
        using var http = new HttpClient { BaseAddress = address };
        await SendAsync(http, Keys[0], HostTestData.ValidChat, 5);
        await SendAsync(http, Keys[1], HostTestData.ValidChat, 3);
        await SendAsync(http, Keys[1], """{"model":"demo-echo"}""", 1);
        // The admin API and the page both need a signed-in admin (issue 18): the API through the test admin's cookie, the
        // page through the login form, as a person would.
        using var admin = await factory.CreateAdminClientAsync();
        using (var flush = await admin.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                external.Add(request.Url);
            }
        };
        await page.GotoAsync(new Uri(address, "/admin/").ToString());
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/admin/login"), "without a session the page sends the browser to the login form");
        await page.FillAsync("input[name=username]", GatewayHostFactory.AdminUsername);
        await page.FillAsync("input[name=password]", GatewayHostFactory.AdminPassword);
        await Task.WhenAll(page.WaitForURLAsync(new Uri(address, "/admin/").ToString()), page.ClickAsync("button[type=submit], input[type=submit]"));
        var response = await page.GotoAsync(new Uri(address, "/admin/").ToString());
        await page.WaitForSelectorAsync("body[data-state='ready'], body[data-state='error']");
        var state = await page.GetAttributeAsync("body", "data-state");
        Assert.That(state, Is.EqualTo("ready"), await page.TextContentAsync("#error"));

        var screenshot = RepositoryRoot.Combine("artifacts", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        // The page's own window, asked of the API directly.
        var from = await page.GetAttributeAsync("#stats", "data-from");
        var to = await page.GetAttributeAsync("#stats", "data-to");
        using var stats = JsonDocument.Parse(await admin.GetStringAsync(
            $"/admin/stats?from={Uri.EscapeDataString(from!)}&to={Uri.EscapeDataString(to!)}"));
        var shown = new Dictionary<string, string>();
        foreach (var card in await page.Locator("#stats .stat").AllAsync())
        {
            shown[(await card.GetAttributeAsync("data-stat"))!] = (await card.GetAttributeAsync("data-value"))!;
        }

        using var hourly = JsonDocument.Parse(await admin.GetStringAsync(
            $"/admin/trend?interval=hour&from={Uri.EscapeDataString(from!)}&to={Uri.EscapeDataString(to!)}"));
        var hourlySeries = await SeriesAsync(page, "#hourly-chart");
        var dailySeries = await SeriesAsync(page, "#daily-chart");
        var keyNames = Keys.Select(k => "test key " + k).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(response!.Status, Is.EqualTo(200));
            Assert.That(external, Is.Empty, "the page loads nothing from another origin");
            Assert.That(stats.RootElement.GetProperty("totalRequests").GetInt64(), Is.EqualTo(9));
            Assert.That(shown.Keys, Is.EquivalentTo(new[]
            {
                "totalRequests", "successfulRequests", "failedRequests", "promptTokensExcludingCacheHits", "completionTokensExcludingCacheHits",
                "totalTokensExcludingCacheHits", "cachedTokens", "averageResponseTimeMs", "cacheHits", "promptCacheHits",
            }));
            foreach (var (name, value) in shown)
            {
                var api = stats.RootElement.GetProperty(name);
                if (api.ValueKind == JsonValueKind.Null)
                {
                    Assert.That(value, Is.Empty, name);
                }
                else
                {
                    // The page holds the JSON number as JavaScript parsed it: the nearest double, as GetDouble reads it.
                    Assert.That(double.Parse(value, CultureInfo.InvariantCulture), Is.EqualTo(api.GetDouble()), name);
                }
            }

            Assert.That(hourlySeries.Keys, Is.EquivalentTo(keyNames), "one hourly series per key");
            Assert.That(dailySeries.Keys, Is.EquivalentTo(keyNames), "one daily series per key");
            Assert.That(hourlySeries["test key " + Keys[0]], Is.EqualTo(5));
            Assert.That(hourlySeries["test key " + Keys[1]], Is.EqualTo(4));
            Assert.That(dailySeries, Is.EqualTo(hourlySeries), "the same requests by day");
            Assert.That(hourly.RootElement.GetProperty("series").GetArrayLength(), Is.EqualTo(hourlySeries.Count));
            Assert.That(await page.Locator("#requests tbody tr[data-id]").CountAsync(), Is.EqualTo(9));
            Assert.That(await page.Locator("#requests tbody td.status-error").CountAsync(), Is.EqualTo(1));
        });
    }

    /// <summary>Each drawn series of a chart: key name → the requests it adds up to.</summary>
    private static async Task<Dictionary<string, long>> SeriesAsync(IPage page, string chart)
    {
        var series = new Dictionary<string, long>();
        foreach (var line in await page.Locator($"{chart} svg polyline.series").AllAsync())
        {
            series[(await line.GetAttributeAsync("data-key-name"))!] = long.Parse((await line.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        }

        return series;
    }

    private static async Task SendAsync(HttpClient http, string keyValue, string body, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = HostTestData.Json(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keyValue);
            using var response = await http.SendAsync(request);
        }
    }
}
