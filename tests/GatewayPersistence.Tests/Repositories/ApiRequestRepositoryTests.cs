using System.Globalization;
using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class ApiRequestRepositoryTests
{
    private static ApiRequest Request(string id, DateTimeOffset at, string? key = null, string status = "success", string? ip = null) => new()
    {
        Id = id, VirtualKeyId = key, Status = status, Ip = ip, CreatedAt = at, RequestBody = "req", ResponseBody = "resp",
        PromptTokens = 3, CompletionTokens = 4,
    };

    [Test]
    public async Task Rows_of_keys_with_disable_logging_are_hidden_from_every_read_and_others_stay_visible()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var hidden = await harness.CreateKeyAsync("hidden", disableLogging: true);
        var shown = await harness.CreateKeyAsync("shown");
        var deleted = await harness.CreateKeyAsync("deleted");
        var t = RepositoryHarness.Start;
        await harness.AddApiRequestsAsync(
            Request("no-key", t),
            Request("shown", t.AddSeconds(1), shown.Id),
            Request("deleted-key", t.AddSeconds(2), deleted.Id),
            Request("hidden", t.AddSeconds(3), hidden.Id, ip: "10.0.0.9"));
        await harness.VirtualKeys.DeleteAsync(deleted.Id);
        // A legacy database may hold a row whose key vanished without the foreign key nulling it.
        await harness.Database.ExecuteAsync(
            "SET FOREIGN_KEY_CHECKS = 0; INSERT INTO api_requests (id, virtual_key_id, status, created_at) "
            + $"VALUES ('dangling', 'vk-gone', 'success', {t.AddSeconds(-1).ToUnixTimeMilliseconds()}); SET FOREIGN_KEY_CHECKS = 1;");
        await harness.RebuildRollupsAsync();

        var page = await harness.ApiRequests.GetAllAsync();
        Assert.That(page.Items.Select(r => r.Id), Is.EqualTo(new[] { "deleted-key", "shown", "no-key", "dangling" }));
        Assert.That(page.Total, Is.EqualTo(4));
        Assert.That(await harness.ApiRequests.GetByIdAsync("hidden"), Is.Null);
        Assert.That(await harness.ApiRequests.GetByIdAsync("dangling"), Is.Not.Null);
        Assert.That((await harness.ApiRequests.GetByIdAsync("deleted-key"))!.VirtualKeyId, Is.Null);
        Assert.That(await harness.ApiRequests.GetByVirtualKeyAsync(hidden.Id), Is.Empty);
        Assert.That((await harness.ApiRequests.GetByVirtualKeyAsync(shown.Id)).Select(r => r.Id), Is.EqualTo(new[] { "shown" }));
        Assert.That((await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { VirtualKeyId = hidden.Id })).Total, Is.Zero);
        var last = await harness.ApiRequests.GetLastRequestAsync();
        Assert.That(last, Is.EqualTo(new LastRequestInfo(null, t.AddSeconds(2))), "the hidden newer row is skipped");

        await harness.VirtualKeys.UpdateAsync(hidden.Id, new VirtualKeyPatch { DisableLogging = false });
        Assert.That(await harness.ApiRequests.GetLastRequestAsync(), Is.EqualTo(new LastRequestInfo("10.0.0.9", t.AddSeconds(3))));
    }

    [Test]
    public async Task GetAll_pages_and_filters_by_key_time_range_and_status()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var key = await harness.CreateKeyAsync("k");
        var t = RepositoryHarness.Start;
        await harness.AddApiRequestsAsync(
            Request("r1", t, key.Id),
            Request("r2", t.AddMinutes(1), key.Id, "error"),
            Request("r3", t.AddMinutes(2)),
            Request("r4", t.AddMinutes(3), key.Id),
            Request("r5", t.AddMinutes(4), status: "error"));

        var second = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Limit = 2, Offset = 2 });
        Assert.That(second.Items.Select(r => r.Id), Is.EqualTo(new[] { "r3", "r2" }));
        Assert.That((second.Total, second.Page, second.PageSize, second.TotalPages), Is.EqualTo((5L, 2, 2, 3)));

        var byKey = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { VirtualKeyId = key.Id });
        Assert.That(byKey.Items.Select(r => r.Id), Is.EqualTo(new[] { "r4", "r2", "r1" }));
        var inRange = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Since = t.AddMinutes(1), Until = t.AddMinutes(3) });
        Assert.That(inRange.Items.Select(r => r.Id), Is.EqualTo(new[] { "r4", "r3", "r2" }), "both ends inclusive");
        var errors = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Status = "error" });
        Assert.That(errors.Items.Select(r => r.Id), Is.EqualTo(new[] { "r5", "r2" }));
        var combined = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { VirtualKeyId = key.Id, Status = "success", Since = t.AddSeconds(1) });
        Assert.That(combined.Items.Select(r => r.Id), Is.EqualTo(new[] { "r4" }));
        var empty = await harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Status = "nothing" });
        Assert.That((empty.Items.Count, empty.Total, empty.Page, empty.TotalPages), Is.EqualTo((0, 0L, 1, 0)));

        var read = (await harness.ApiRequests.GetByIdAsync("r1"))!;
        Assert.That((read.TotalTokens, read.RequestBody, read.ResponseBody), Is.EqualTo(((int?)7, "req", "resp")));
        Assert.That(await harness.ApiRequests.GetByIdAsync("absent"), Is.Null);
        Assert.That((await harness.ApiRequests.GetByVirtualKeyAsync(key.Id, limit: 2)).Select(r => r.Id), Is.EqualTo(new[] { "r4", "r2" }));
    }

    [Test]
    public async Task Invalid_page_requests_are_refused()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Limit = 0 }));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Limit = 1001 }));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.ApiRequests.GetAllAsync(new ApiRequestQuery { Offset = -1 }));
        Assert.That(await harness.ApiRequests.GetLastRequestAsync(), Is.Null);
    }

    [Test]
    public async Task Clean_clears_bodies_of_12000_old_rows_in_chunks_and_keeps_every_row()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var old = RepositoryHarness.Start.AddDays(-30).AddMilliseconds(-1).ToUnixTimeMilliseconds();
        await harness.Database.ExecuteAsync(
            "INSERT INTO api_requests (id, status, request_body, response_body, created_at) "
            + $"SELECT CONCAT('old-', numbers.n), 'success', REPEAT('q', 100), REPEAT('a', 100), {old} - numbers.n FROM {BulkRows.Numbers(12_000)}");
        await harness.Database.ExecuteAsync(
            "INSERT INTO api_requests (id, status, request_body, response_body, created_at) "
            + $"SELECT CONCAT('bare-', numbers.n), 'success', NULL, NULL, {old} - numbers.n FROM {BulkRows.Numbers(10)}");
        var boundary = RepositoryHarness.Start.AddDays(-30).ToUnixTimeMilliseconds();
        await harness.Database.ExecuteAsync(
            "INSERT INTO api_requests (id, status, request_body, response_body, created_at) "
            + $"SELECT CONCAT('new-', numbers.n), 'success', 'q', 'a', {boundary} + numbers.n FROM {BulkRows.Numbers(20)}");

        var cleared = await harness.ApiRequests.CleanOldRecordsAsync();

        Assert.That(cleared, Is.EqualTo(12_000));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(12_030), "rows are kept");
        Assert.That(await harness.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM api_requests WHERE request_body IS NOT NULL OR response_body IS NOT NULL"), Is.EqualTo(20));
        Assert.That(await harness.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM api_requests WHERE id LIKE 'new-%' AND request_body = 'q' AND response_body = 'a'"), Is.EqualTo(20));
        Assert.That(harness.ApiRequestLogger.Messages, Has.One.Contains("12000").And.Contains("in 3 statements"));
        Assert.That(await harness.ApiRequests.CleanOldRecordsAsync(), Is.Zero);
        Assert.That(await harness.ApiRequests.CleanOldRecordsAsync(days: 0), Is.EqualTo(20));
    }

    [Test]
    public async Task Database_size_and_server_uptime_match_the_server()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var expectedBytes = await harness.Database.ScalarAsync<double>(
            "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()");
        var size = await harness.ApiRequests.GetDatabaseSizeMbAsync();
        Assert.That(size, Is.GreaterThan(0));
        Assert.That(size, Is.EqualTo(Math.Round(expectedBytes / (1024 * 1024), 2)));

        var before = await UptimeSecondsAsync(harness);
        var uptime = await harness.ApiRequests.GetServerUptimeAsync();
        var after = await UptimeSecondsAsync(harness);
        Assert.That(uptime.TotalSeconds, Is.InRange(before, after));
    }

    private static async Task<double> UptimeSecondsAsync(RepositoryHarness harness)
    {
        await using var connection = await harness.Database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Uptime'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return double.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }
}
