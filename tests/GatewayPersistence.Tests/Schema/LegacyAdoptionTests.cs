using System.Globalization;
using GatewayPersistence.Schema;

namespace GatewayPersistence.Tests.Schema;

public class LegacyAdoptionTests
{
    public enum LegacyShape
    {
        Older,
        Newer,
    }

    [TestCase(LegacyShape.Older)]
    [TestCase(LegacyShape.Newer)]
    public async Task Adoption_keeps_every_row_and_brings_the_schema_to_the_spec(LegacyShape shape)
    {
        await using var database = await CreateLegacyDatabaseAsync(shape);
        var columnsBefore = await ColumnsByTableAsync(database);
        var rowsBefore = await DumpRowsAsync(database, columnsBefore);

        var result = await Migrator(database).MigrateAsync();

        Assert.That(result.AdoptedLegacyDatabase, Is.True);
        Assert.That(result.LegacySchemaVersion, Is.EqualTo(shape == LegacyShape.Older ? 1 : 3));
        Assert.That(result.RollupBackfill?.RowsProcessed, Is.EqualTo(3), "the rollup is built from the adopted rows");
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(3));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(total_tokens) FROM api_request_hourly_rollups"), Is.EqualTo(35));
        Assert.That(await DumpRowsAsync(database, columnsBefore), Is.EqualTo(rowsBefore), "rows are unchanged");

        await using var connection = await database.OpenConnectionAsync();
        var actual = await SchemaSnapshot.FromDatabaseAsync(connection, MigrationTests.SpecTables);
        var expected = SchemaSnapshot.FromSpec(LegacySpecSchema.Text);
        expected.UnionWith(SchemaSnapshot.FromSpec(LegacySpecSchema.LaterAdditions));
        if (shape == LegacyShape.Older)
        {
            // The older shape keeps its plain total_tokens: turning it into a generated column would rewrite data.
            expected.Remove("api_requests: total_tokens int GENERATED");
            expected.Add("api_requests: total_tokens int");
        }
        else
        {
            // Harmless differences of real deployments stay as they are.
            expected.Add("models: prompt_config text");
            expected.Add("models: INDEX idx_models_prompt_config (prompt_config:255)");
            expected.Remove("api_requests: created_at bigint NOT NULL");
            expected.Add("api_requests: created_at bigint NOT NULL DEFAULT now");
            expected.Remove("routing_configs: created_at bigint NOT NULL");
            expected.Add("routing_configs: created_at bigint NOT NULL DEFAULT now");
            Assert.That(await database.ScalarAsync<string>("SELECT file_name FROM backup_records"), Is.EqualTo("backup-2024-01-01.sql.gz"));
        }

        Assert.That(actual.Except(expected), Is.Empty, "in the database, not expected");
        Assert.That(expected.Except(actual), Is.Empty, "expected, not in the database");
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(shape == LegacyShape.Older ? 1 : 3));
        await using var context = database.CreateContext();
        Assert.That(context.Database.GetPendingMigrations(), Is.Empty);
    }

    [TestCase(LegacyShape.Older)]
    [TestCase(LegacyShape.Newer)]
    public async Task The_model_reads_every_adopted_row(LegacyShape shape)
    {
        await using var database = await CreateLegacyDatabaseAsync(shape);
        await Migrator(database).MigrateAsync();
        await using var context = database.CreateContext();

        Assert.That(await context.Users.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.Providers.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.Models.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.VirtualKeys.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.SystemConfig.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.RoutingConfigs.CountAsync(), Is.EqualTo(1));
        Assert.That(await context.ExpertRoutingConfigs.CountAsync(), Is.EqualTo(1));
        Assert.That(await context.ExpertRoutingLogs.CountAsync(), Is.EqualTo(2));
        Assert.That(await context.HealthTargets.CountAsync(), Is.EqualTo(2));

        var admin = await context.Users.AsNoTracking().SingleAsync(u => u.Username == "admin");
        Assert.That(admin.CreatedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)));
        Assert.That((await context.Users.AsNoTracking().SingleAsync(u => u.Id == "u2")).Username, Is.EqualTo("ops 運用 👩‍💻"));

        var backup = await context.Providers.AsNoTracking().SingleAsync(p => p.Id == "p2");
        Assert.That(backup.Name, Is.EqualTo("Backup 'quoted' \\ provider"));
        Assert.That(backup.Enabled, Is.False);
        Assert.That(backup.Description, Is.Null);

        var quiet = await context.VirtualKeys.AsNoTracking().SingleAsync(k => k.Id == "k2");
        Assert.That(quiet.DisableLogging, Is.True);
        Assert.That(quiet.Enabled, Is.False);
        Assert.That(quiet.ModelIds, Is.EqualTo("[\"m1\",\"m2\"]"));
        Assert.That(quiet.PiiProtectionEnabled, Is.False, "a later column added by adoption reads its default");

        var requests = await context.ApiRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.That(requests.Select(r => r.TotalTokens), Is.EqualTo(new int?[] { 30, 0, 5 }));
        Assert.That(requests[0].RequestBody, Does.Contain("héllo 👋"));
        Assert.That(requests[1].ResponseTime, Is.Zero);
        Assert.That(requests[2].CacheHit, Is.True);
        Assert.That(requests[2].ResponseTime, Is.Null);

        var targets = await context.HealthTargets.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        Assert.That(targets.Select(t => t.Type), Is.EqualTo(new[] { HealthTargetType.Model, HealthTargetType.VirtualModel }));
        var runs = await context.HealthRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.That(runs.Select(r => r.Status), Is.EqualTo(new[] { HealthRunStatus.Success, HealthRunStatus.Error }));
    }

    [Test]
    public async Task Adopting_twice_is_harmless()
    {
        await using var database = await CreateLegacyDatabaseAsync(LegacyShape.Older);
        await Migrator(database).MigrateAsync();
        await using var connection = await database.OpenConnectionAsync();
        var before = await SchemaSnapshot.FromDatabaseAsync(connection, MigrationTests.SpecTables);

        var again = await Migrator(database).MigrateAsync();

        Assert.That(again.AdoptedLegacyDatabase, Is.False);
        Assert.That(again.AppliedMigrations, Is.Empty);
        Assert.That(await SchemaSnapshot.FromDatabaseAsync(connection, MigrationTests.SpecTables), Is.EqualTo(before));
    }

    [Test]
    public async Task An_incompatible_shape_is_refused_naming_table_and_column_and_nothing_changes()
    {
        await using var database = await CreateLegacyDatabaseAsync(LegacyShape.Older);
        // A column of an incompatible type, and a NOT NULL column without default that is missing.
        await database.ExecuteAsync("ALTER TABLE health_runs MODIFY created_at VARCHAR(20) NOT NULL; ALTER TABLE providers DROP COLUMN base_url;");
        await using var connection = await database.OpenConnectionAsync();
        var schemaBefore = await SchemaSnapshot.FromDatabaseAsync(connection, MigrationTests.SpecTables);
        var rowsBefore = await DumpRowsAsync(database, await ColumnsByTableAsync(database));

        var error = Assert.ThrowsAsync<GatewaySchemaException>(() => Migrator(database).MigrateAsync());
        // The one thing a refused run leaves: the migration lease's own table, taken before adoption looks at anything
        // (instances starting together must be serialised first), and released.
        Assert.That(await database.ScalarAsync<long>(
            $"SELECT COUNT(*) FROM {GatewayPersistence.Coordination.LeaseTable.TableName} WHERE holder IS NOT NULL"), Is.Zero, "the lease was released");
        await database.ExecuteAsync($"DROP TABLE {GatewayPersistence.Coordination.LeaseTable.TableName}");

        Assert.That(error!.Problems.Select(p => $"{p.Table}.{p.Column}"), Is.EquivalentTo(new[] { "health_runs.created_at", "providers.base_url" }));
        Assert.That(error.Message, Does.Contain("health_runs.created_at").And.Contain("providers.base_url"));
        Assert.That(await SchemaSnapshot.FromDatabaseAsync(connection, MigrationTests.SpecTables), Is.EqualTo(schemaBefore));
        Assert.That(await DumpRowsAsync(database, await ColumnsByTableAsync(database)), Is.EqualTo(rowsBefore));
        Assert.That(await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('__EFMigrationsHistory', 'api_request_hourly_rollups')"),
            Is.Zero);
    }

    [Test]
    public async Task A_null_flag_the_model_cannot_read_blocks_adoption()
    {
        await using var database = await CreateLegacyDatabaseAsync(LegacyShape.Newer);
        await database.ExecuteAsync("UPDATE providers SET enabled = NULL WHERE id = 'p2'");

        var error = Assert.ThrowsAsync<GatewaySchemaException>(() => Migrator(database).MigrateAsync());

        Assert.That(error!.Problems, Has.Count.EqualTo(1));
        Assert.That(error.Problems[0].ToString(), Does.StartWith("providers.enabled: holds NULL in 1 row(s)"));
    }

    [Test]
    public async Task A_too_short_varchar_is_refused()
    {
        await using var database = await CreateLegacyDatabaseAsync(LegacyShape.Newer);
        await database.ExecuteAsync("ALTER TABLE api_requests MODIFY user_agent VARCHAR(100)");

        var error = Assert.ThrowsAsync<GatewaySchemaException>(() => Migrator(database).MigrateAsync());

        Assert.That(error!.Problems.Single().ToString(), Does.StartWith("api_requests.user_agent: is varchar(100)"));
    }

    private static GatewayDatabaseMigrator Migrator(TestDatabase database)
        => GatewayDatabaseMigrator.Create(database.ConnectionString, TestDatabaseServer.ServerVersion);

    internal static async Task<TestDatabase> CreateLegacyDatabaseAsync(LegacyShape shape)
    {
        var database = await TestDatabase.CreateEmptyAsync();
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Schema", "Legacy");
        var script = shape == LegacyShape.Older ? "legacy-older.sql" : "legacy-newer.sql";
        await database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(folder, script)));
        await database.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(folder, "legacy-rows.sql")));
        if (shape == LegacyShape.Older)
        {
            // The older gateway wrote total_tokens itself.
            await database.ExecuteAsync("UPDATE api_requests SET total_tokens = prompt_tokens + completion_tokens");
        }
        else
        {
            await database.ExecuteAsync("""
                UPDATE virtual_keys SET intercept_zero_temperature = 1, zero_temperature_replacement = 0.70, pii_protection_enabled = 1 WHERE id = 'k1';
                UPDATE api_requests SET tfft_ms = 300, tffb_ms = 120, ip = '2001:db8::1', user_agent = 'curl/8.5', request_params_json = '{"temperature":0}' WHERE id = 'r1';
                UPDATE models SET protocol = 'openai', model_attributes = '{"context":128000}', prompt_config = 'old' WHERE id = 'm1';
                """);
        }

        return database;
    }

    private static async Task<Dictionary<string, List<string>>> ColumnsByTableAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        var columnsByTable = new Dictionary<string, List<string>>();
        await using var command = new MySqlCommand(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            if (!columnsByTable.TryGetValue(table, out var columns))
            {
                columnsByTable[table] = columns = [];
            }

            columns.Add(reader.GetString(1));
        }

        return columnsByTable;
    }

    /// <summary>Every row of the given tables, each value as text, reading only the given columns.</summary>
    private static async Task<Dictionary<string, List<string>>> DumpRowsAsync(TestDatabase database, Dictionary<string, List<string>> columnsByTable)
    {
        await using var connection = await database.OpenConnectionAsync();
        var dump = new Dictionary<string, List<string>>();
        foreach (var (table, columns) in columnsByTable.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // Table and column names come from information_schema of this test's own database.
            await using var command = new MySqlCommand(
                $"SELECT {string.Join(", ", columns.Select(c => $"`{c}`"))} FROM `{table}` ORDER BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                    $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}")));
            }

            dump[table] = rows;
        }

        return dump;
    }
}
