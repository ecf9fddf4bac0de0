using GatewayPersistence.Schema;

namespace GatewayPersistence.Tests.Schema;

public class MigrationTests
{
    internal static readonly string[] SpecTables =
    [
        "users", "providers", "models", "virtual_keys", "system_config", "api_requests", "routing_configs",
        "expert_routing_configs", "expert_routing_logs", "health_targets", "health_runs",
    ];

    [Test]
    public async Task Migrating_an_empty_database_creates_exactly_the_spec_schema()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var result = await GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion).MigrateAsync();

        Assert.That(result.AdoptedLegacyDatabase, Is.False);
        Assert.That(result.AppliedMigrations, Has.Count.EqualTo(await AllMigrationCountAsync(database)));
        Assert.That(result.RollupBackfill?.RowsProcessed, Is.Zero);
        await using var connection = await database.OpenConnectionAsync();
        var actual = await SchemaSnapshot.FromDatabaseAsync(connection, SpecTables);
        var expected = SchemaSnapshot.FromSpec(LegacySpecSchema.Text);
        expected.UnionWith(SchemaSnapshot.FromSpec(LegacySpecSchema.LaterAdditions));
        Assert.That(actual.Except(expected), Is.Empty, "in the database, not in the spec");
        Assert.That(expected.Except(actual), Is.Empty, "in the spec, not in the database");
    }

    [Test]
    public async Task Every_table_and_text_column_is_utf8mb4_unicode_ci()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var connection = await database.OpenConnectionAsync();
        await using var tables = new MySqlCommand(
            "SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> '__EFMigrationsHistory'",
            connection);
        var collations = new Dictionary<string, string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                collations[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.That(collations.Keys, Is.SupersetOf(SpecTables));
        Assert.That(collations.Values, Is.All.EqualTo("utf8mb4_unicode_ci"));

        // JSON columns are utf8mb4_bin on MariaDB by definition; every other text column uses the table collation.
        await using var columns = new MySqlCommand("""
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND COLLATION_NAME <> 'utf8mb4_unicode_ci'
              AND COLUMN_NAME NOT IN ('request_params_json', 'response_meta_json') AND TABLE_NAME <> '__EFMigrationsHistory'
            """, connection);
        Assert.That(Convert.ToInt64(await columns.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.Zero);
    }

    [Test]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var context = database.CreateContext();
        Assert.That(context.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public async Task Migrating_twice_changes_nothing()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var migrator = GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion);
        await migrator.MigrateAsync();
        await using var connection = await database.OpenConnectionAsync();
        var before = await SchemaSnapshot.FromDatabaseAsync(connection, SpecTables);

        var second = await migrator.MigrateAsync();

        Assert.That(second.AppliedMigrations, Is.Empty);
        Assert.That(second.AdoptedLegacyDatabase, Is.False);
        Assert.That(await SchemaSnapshot.FromDatabaseAsync(connection, SpecTables), Is.EqualTo(before));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.EqualTo(await AllMigrationCountAsync(database)));
    }

    [Test]
    public async Task Instances_migrating_at_once_migrate_once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () => GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion).MigrateAsync())));

        var migrationCount = await AllMigrationCountAsync(database);
        Assert.That(results.Count(r => r.AppliedMigrations.Count == migrationCount), Is.EqualTo(1), "exactly one instance applied the migrations");
        Assert.That(results.Count(r => r.AppliedMigrations.Count == 0), Is.EqualTo(3), "the others found nothing left to do");
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.EqualTo(migrationCount));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT MigrationId) FROM __EFMigrationsHistory"), Is.EqualTo(migrationCount));
    }

    private static async Task<int> AllMigrationCountAsync(TestDatabase database)
    {
        await using var context = database.CreateContext();
        return context.Database.GetMigrations().Count();
    }
}
