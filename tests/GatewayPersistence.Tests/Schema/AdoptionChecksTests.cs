using GatewayPersistence.Schema;

namespace GatewayPersistence.Tests.Schema;

/// <summary>
/// Adoption checks what the library relies on beyond column types, before any change: the InnoDB engine, the primary
/// key on id, utf8mb4 text, and no duplicates where it adds a unique index.
/// </summary>
public class AdoptionChecksTests
{
    [TestCase("ALTER TABLE system_config MODIFY `key` VARCHAR(200) NOT NULL, ENGINE=MyISAM", "system_config: uses the myisam engine")]
    [TestCase("ALTER TABLE api_requests DROP PRIMARY KEY", "api_requests.id: is not the table's primary key")]
    [TestCase("ALTER TABLE api_requests MODIFY model VARCHAR(255) CHARACTER SET latin1 NULL", "api_requests.model: uses the latin1 character set")]
    public async Task A_shape_the_library_cannot_rely_on_is_refused_before_any_change(string change, string expected)
    {
        await using var database = await LegacyAdoptionTests.CreateLegacyDatabaseAsync(LegacyAdoptionTests.LegacyShape.Newer);
        await database.ExecuteAsync(change);

        var error = Assert.ThrowsAsync<GatewaySchemaException>(() => Migrator(database).MigrateAsync());

        Assert.That(error!.Problems.Select(problem => problem.ToString()), Has.Some.StartWith(expected));
        Assert.That(await NothingAdoptedAsync(database), Is.True);
    }

    [Test]
    public async Task Duplicates_where_adoption_adds_a_unique_index_are_refused_before_any_change()
    {
        await using var database = await LegacyAdoptionTests.CreateLegacyDatabaseAsync(LegacyAdoptionTests.LegacyShape.Newer);
        await database.ExecuteAsync("""
            ALTER TABLE virtual_keys DROP INDEX key_hash;
            UPDATE virtual_keys SET key_hash = 'same-hash';
            """);

        var error = Assert.ThrowsAsync<GatewaySchemaException>(() => Migrator(database).MigrateAsync());

        Assert.That(error!.Problems.Select(problem => problem.ToString()), Has.Some.StartWith("virtual_keys.key_hash: holds 1 duplicated value(s)"));
        Assert.That(await NothingAdoptedAsync(database), Is.True);
    }

    private static async Task<bool> NothingAdoptedAsync(TestDatabase database)
        => await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('__EFMigrationsHistory', 'api_request_hourly_rollups')") == 0;

    private static GatewayDatabaseMigrator Migrator(TestDatabase database)
        => GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion);
}
