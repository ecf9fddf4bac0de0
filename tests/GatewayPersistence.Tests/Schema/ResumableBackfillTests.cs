using GatewayPersistence.Schema;

namespace GatewayPersistence.Tests.Schema;

/// <summary>A rollup backfill that died half-way is resumed by the next migration run, whatever that run applies.</summary>
public class ResumableBackfillTests
{
    [Test]
    public async Task A_backfill_left_pending_by_a_crashed_run_is_resumed_by_the_next_run()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // What a run that died during its backfill leaves: rows without rollups, and the pending marker.
        await database.ExecuteAsync($"""
            INSERT INTO api_requests (id, model, prompt_tokens, completion_tokens, status, created_at)
            VALUES ('a', 'm', 1, 1, 'success', 1764000000000), ('b', 'm', 2, 2, 'error', 1764003600000);
            INSERT INTO system_config (`key`, value, description, updated_at)
            VALUES ('{GatewayDatabaseMigrator.BackfillPendingKey}', '1', NULL, 0);
            """);

        var result = await GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion).MigrateAsync();

        Assert.That(result.AppliedMigrations, Is.Empty);
        Assert.That(result.RollupBackfill, Is.Not.Null);
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(2));
        Assert.That(await database.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM system_config WHERE `key` = '{GatewayDatabaseMigrator.BackfillPendingKey}'"), Is.Zero);
    }
}
