using System.Globalization;
using GatewayPersistence.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GatewayPersistence.Tests.Retention;

public class BodyRetentionTests
{
    private const long Hour = 3_600_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-31T10:42:17.123Z", CultureInfo.InvariantCulture);

    // BodyDays = 7: bodies of rows before 2026-01-24T10:00:00Z are cleared.
    private static readonly long BodyCutoff = DateTimeOffset.Parse("2026-01-24T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private const string EverythingButBodies =
        "SELECT CONCAT_WS('|', id, status, model, prompt_tokens, completion_tokens, total_tokens, error_message, ip, created_at) FROM api_requests ORDER BY id";

    [Test]
    public async Task Body_retention_clears_the_bodies_of_old_rows_only_and_keeps_every_row_and_column()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await RetentionHarness.InsertRowsAsync(database, "old-", 1_500, BodyCutoff - (5 * Hour), 10_000);
        await RetentionHarness.InsertRowsAsync(database, "bare-", 20, BodyCutoff - (6 * Hour), 1_000, body: null);
        await RetentionHarness.InsertRowsAsync(database, "new-", 30, BodyCutoff, 60_000);
        var before = await LinesAsync(database, EverythingButBodies);

        await using var harness = new RetentionHarness(database, Now, r => (r.BodyDays, r.ChunkRows, r.ChunkPause) = (7, 400, TimeSpan.Zero));
        var result = await harness.Retention.RunOnceAsync(CancellationToken.None);

        var after = await LinesAsync(database, EverythingButBodies);
        var oldWithBodies = await database.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM api_requests WHERE created_at < {BodyCutoff} AND (request_body IS NOT NULL OR response_body IS NOT NULL)");
        var newIntact = await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM api_requests WHERE id LIKE 'new-%' AND request_body = CONCAT('body-req-', SUBSTRING(id, 5)) "
            + "AND response_body = CONCAT('body-resp-', SUBSTRING(id, 5))");
        var floor = await database.ScalarAsync<long>("SELECT floor_at FROM api_request_retention_floors WHERE kind = 'bodies'");
        Assert.Multiple(() =>
        {
            Assert.That(result.BodiesCleared, Is.EqualTo(1_500), "rows already without bodies are not counted");
            Assert.That(result.RowsDeleted, Is.Zero);
            Assert.That(result.RowFloor, Is.Null);
            Assert.That(result.BodyFloor, Is.EqualTo(BodyCutoff));
            Assert.That(after, Is.EqualTo(before), "every row and every other column kept");
            Assert.That(oldWithBodies, Is.Zero);
            Assert.That(newIntact, Is.EqualTo(30));
            Assert.That(floor, Is.EqualTo(BodyCutoff));
        });

        // The next run starts at the body floor: nothing below it is read again.
        harness.Time.Advance(TimeSpan.FromHours(1));
        var next = await harness.Retention.RunOnceAsync(CancellationToken.None);
        Assert.That((next.BodiesCleared, next.BodyFloor), Is.EqualTo((30L, (long?)(BodyCutoff + Hour))), "the 30 new rows lie in the next hour");
    }

    [Test]
    public async Task The_hosted_service_runs_retention_on_its_schedule_when_configured()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await RetentionHarness.InsertRowsAsync(database, "old-", 50, BodyCutoff - (40 * 24 * Hour), 1_000);
        await RetentionHarness.InsertRowsAsync(database, "new-", 5, Now.ToUnixTimeMilliseconds() - 1_000, 10);
        await using var harness = new RetentionHarness(database, Now, r => (r.RowDays, r.BodyDays, r.Interval) = (30, 7, TimeSpan.FromMilliseconds(200)));
        var service = harness.Services.GetServices<IHostedService>().OfType<RequestLogRetentionService>().Single();

        await service.StartAsync(CancellationToken.None);
        try
        {
            for (var attempt = 0; attempt < 300 && await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests") != 5; attempt++)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(5));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE request_body IS NOT NULL"), Is.EqualTo(5));
    }

    private static async Task<List<string>> LinesAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
