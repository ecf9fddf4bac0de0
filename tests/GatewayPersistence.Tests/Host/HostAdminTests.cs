using System.Net;
using System.Text.Json;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// The sample host's admin surface on the real statistics and request repository: traffic from two keys goes through
/// <c>/v1/chat/completions</c> and the request log, <c>POST /admin/flush</c> commits it, and every read below sees it.
/// </summary>
public sealed class HostAdminTests
{
    private const string FirstKey = "vk_admin_tests_first_key_01";
    private const string SecondKey = "vk_admin_tests_second_key_1";

    private TestDatabase database = null!;
    private GatewayHostFactory factory = null!;
    private HttpClient client = null!;
    private VirtualKey first = null!;
    private VirtualKey second = null!;
    private long firstPromptTokens;
    private long allTokens;

    [OneTimeSetUp]
    public async Task SendTrafficAsync()
    {
        database = await TestDatabase.CreateMigratedAsync();
        first = await HostTestData.AddKeyAsync(database, FirstKey);
        second = await HostTestData.AddKeyAsync(database, SecondKey);
        factory = new GatewayHostFactory(database.ConnectionString, new Dictionary<string, string?> { ["GatewayHost:SeedDemoData"] = "false" });
        client = await factory.CreateAdminClientAsync();

        // FirstKey: 3 answered and 1 invalid (an error row); SecondKey: 2 answered.
        foreach (var keyValue in new[] { FirstKey, FirstKey, FirstKey, SecondKey, SecondKey })
        {
            using var response = await SendAsync(keyValue, HostTestData.ValidChat);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var usage = json.RootElement.GetProperty("usage");
            if (keyValue == FirstKey)
            {
                firstPromptTokens += usage.GetProperty("prompt_tokens").GetInt32();
            }

            allTokens += usage.GetProperty("total_tokens").GetInt32();
        }

        using (var invalid = await SendAsync(FirstKey, """{"model":"demo-echo"}"""))
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var flush = await client.PostAsync("/admin/flush", content: null);
        using var flushed = JsonDocument.Parse(await flush.Content.ReadAsStringAsync());
        Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(flushed.RootElement.GetProperty("written").GetInt64(), Is.EqualTo(6));
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task Stats_count_every_request_with_the_statistics_record_names()
    {
        using var stats = await GetJsonAsync("/admin/stats");
        var root = stats.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("totalRequests").GetInt64(), Is.EqualTo(6));
            Assert.That(root.GetProperty("successfulRequests").GetInt64(), Is.EqualTo(5));
            Assert.That(root.GetProperty("failedRequests").GetInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("totalTokensExcludingCacheHits").GetInt64(), Is.EqualTo(allTokens));
            Assert.That(root.GetProperty("cacheHits").GetInt64(), Is.Zero);
            Assert.That(root.GetProperty("averageResponseTimeMs").ValueKind, Is.EqualTo(JsonValueKind.Number));
        });
    }

    [Test]
    public async Task Stats_filtered_by_virtual_key_count_only_that_keys_requests()
    {
        using var stats = await GetJsonAsync($"/admin/stats?virtualKey={first.Id}");
        var root = stats.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("totalRequests").GetInt64(), Is.EqualTo(4));
            Assert.That(root.GetProperty("failedRequests").GetInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("promptTokensExcludingCacheHits").GetInt64(), Is.EqualTo(firstPromptTokens));
        });
    }

    [Test]
    public async Task Stats_filtered_by_an_unknown_model_are_zero()
    {
        using var stats = await GetJsonAsync("/admin/stats?model=no-such-model");

        Assert.That(stats.RootElement.GetProperty("totalRequests").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task Stats_reject_a_window_that_ends_before_it_starts()
    {
        using var response = await client.GetAsync("/admin/stats?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Hourly_trend_has_one_series_per_key_over_every_bucket_of_the_window()
    {
        using var trend = await GetJsonAsync("/admin/trend?interval=hour");
        var root = trend.RootElement;
        var bucketCount = root.GetProperty("bucketStarts").GetArrayLength();
        var series = root.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("virtualKeyId").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("interval").GetString(), Is.EqualTo("Hour"));
            Assert.That(bucketCount, Is.InRange(24, 25), "24 hours ending now, both edge hours included");
            Assert.That(series.Keys, Is.EquivalentTo(new[] { first.Id, second.Id }));
            Assert.That(series[first.Id].GetProperty("virtualKeyName").GetString(), Is.EqualTo(first.Name));
            Assert.That(series[first.Id].GetProperty("points").GetArrayLength(), Is.EqualTo(bucketCount), "empty buckets are filled");
            Assert.That(Sum(series[first.Id], "requests"), Is.EqualTo(4));
            Assert.That(Sum(series[first.Id], "failedRequests"), Is.EqualTo(1));
            Assert.That(Sum(series[second.Id], "successfulRequests"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Daily_trend_filtered_by_key_has_only_that_key()
    {
        using var trend = await GetJsonAsync($"/admin/trend?interval=day&virtualKey={second.Id}");
        var series = trend.RootElement.GetProperty("series");

        Assert.Multiple(() =>
        {
            Assert.That(trend.RootElement.GetProperty("interval").GetString(), Is.EqualTo("Day"));
            Assert.That(series.GetArrayLength(), Is.EqualTo(1));
            Assert.That(series[0].GetProperty("virtualKeyId").GetString(), Is.EqualTo(second.Id));
            Assert.That(Sum(series[0], "requests"), Is.EqualTo(2));
        });
    }

    [TestCase("week")]
    [TestCase("HOUR")]
    public async Task Trend_rejects_an_unknown_interval(string interval)
    {
        using var response = await client.GetAsync($"/admin/trend?interval={interval}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Trend_with_more_buckets_than_allowed_is_a_400()
    {
        using var response = await client.GetAsync("/admin/trend?interval=hour&from=2000-01-01T00:00:00Z&to=2025-01-01T00:00:00Z");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("buckets"));
    }

    [Test]
    public async Task Requests_are_paged_newest_first_with_the_page_record()
    {
        using var firstPage = await GetJsonAsync("/admin/requests?page=1&pageSize=4");
        using var secondPage = await GetJsonAsync("/admin/requests?page=2&pageSize=4");
        var items = firstPage.RootElement.GetProperty("items").EnumerateArray()
            .Concat(secondPage.RootElement.GetProperty("items").EnumerateArray()).ToList();
        var createdAt = items.Select(item => item.GetProperty("createdAt").GetDateTimeOffset()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(firstPage.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(6));
            Assert.That(firstPage.RootElement.GetProperty("totalPages").GetInt32(), Is.EqualTo(2));
            Assert.That(firstPage.RootElement.GetProperty("pageSize").GetInt32(), Is.EqualTo(4));
            Assert.That(secondPage.RootElement.GetProperty("page").GetInt32(), Is.EqualTo(2));
            Assert.That(items, Has.Count.EqualTo(6));
            Assert.That(items.Select(item => item.GetProperty("id").GetString()), Is.Unique);
            Assert.That(createdAt, Is.Ordered.Descending);
        });
    }

    [Test]
    public async Task Limit_and_offset_select_the_same_rows_as_the_page()
    {
        using var byPage = await GetJsonAsync("/admin/requests?page=2&pageSize=2");
        using var byOffset = await GetJsonAsync("/admin/requests?limit=2&offset=2");

        Assert.That(Ids(byOffset), Is.EqualTo(Ids(byPage)).And.Count.EqualTo(2));
    }

    [Test]
    public async Task Requests_filter_by_status_and_by_key()
    {
        using var errors = await GetJsonAsync("/admin/requests?status=error");
        using var secondKeys = await GetJsonAsync($"/admin/requests?virtualKey={second.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(errors.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(errors.RootElement.GetProperty("items")[0].GetProperty("errorMessage").GetString(), Does.StartWith("400:"));
            Assert.That(secondKeys.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(2));
            Assert.That(secondKeys.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("virtualKeyId").GetString()),
                Is.All.EqualTo(second.Id));
        });
    }

    [Test]
    public async Task Requests_are_paged_by_cursor_and_filtered_by_time()
    {
        var ids = new List<string?>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var page = await GetJsonAsync("/admin/requests?pageSize=4" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.That(page.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(6));
            ids.AddRange(Ids(page));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        using var all = await GetJsonAsync("/admin/requests?pageSize=100");
        var times = all.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        var newest = times[0].ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var fromNewest = await GetJsonAsync($"/admin/requests?from={Uri.EscapeDataString(newest)}");
        using var toOldest = await GetJsonAsync($"/admin/requests?to={Uri.EscapeDataString(times[^1].ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        using var badCursor = await client.GetAsync("/admin/requests?cursor=not-a-cursor");

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(2));
            Assert.That(ids, Is.EqualTo(Ids(all)).And.Count.EqualTo(6));
            Assert.That(fromNewest.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(times.Count(t => t >= times[0])));
            Assert.That(Ids(fromNewest), Has.Count.EqualTo(times.Count(t => t >= times[0])));
            Assert.That(toOldest.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(times.Count(t => t <= times[^1])));
            Assert.That(badCursor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [TestCase("page=0")]
    [TestCase("pageSize=1001")]
    [TestCase("offset=-1")]
    [TestCase("page=1&limit=10")]
    public async Task Requests_reject_bad_paging(string paging)
    {
        using var response = await client.GetAsync($"/admin/requests?{paging}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private async Task<HttpResponseMessage> SendAsync(string keyValue, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = HostTestData.Json(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keyValue);
        return await client.SendAsync(request);
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static long Sum(JsonElement series, string counter)
        => series.GetProperty("points").EnumerateArray().Sum(point => point.GetProperty(counter).GetInt64());

    private static List<string?> Ids(JsonDocument page)
        => page.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()).ToList();
}
