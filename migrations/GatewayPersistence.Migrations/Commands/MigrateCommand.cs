using GatewayPersistence.Schema;

namespace GatewayPersistence.Migrations.Commands;

/// <summary>
/// <c>migrate</c> (the default verb): migrates the database named by <c>GATEWAY_MYSQL</c> with the adoption-aware
/// migrator. It adopts a database the TypeScript gateway created (which <c>dotnet ef database update</c> would fail on,
/// its tables already existing), then applies every pending migration, under a MySQL named lock.
/// </summary>
internal static class MigrateCommand
{
    public const string Verb = "migrate";
    public const string Description = "adopt a TypeScript gateway's database if needed, then apply every pending migration";

    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var connectionString = environment(DesignTimeGatewayDbContextFactory.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"Set {DesignTimeGatewayDbContextFactory.ConnectionStringVariable} to the connection string of the database to migrate.");
            return 2;
        }

        try
        {
            var result = await GatewayDatabaseMigrator.Create(connectionString).MigrateAsync();
            await output.WriteLineAsync(result.AdoptedLegacyDatabase
                ? $"Adopted a database created by the TypeScript gateway (legacy schema version {result.LegacySchemaVersion})."
                : "No legacy database to adopt.");
            foreach (var change in result.AdoptionChanges)
            {
                await output.WriteLineAsync($"  {change}");
            }

            await output.WriteLineAsync(result.AppliedMigrations.Count == 0
                ? "The database is up to date."
                : $"Applied {result.AppliedMigrations.Count} migration(s): {string.Join(", ", result.AppliedMigrations)}");
            if (result.RollupBackfill is { } backfill)
            {
                await output.WriteLineAsync($"Built the hourly rollup from {backfill.RowsProcessed} existing request row(s).");
            }

            return 0;
        }
        catch (GatewaySchemaException schemaError)
        {
            await error.WriteLineAsync(schemaError.Message);
            return 1;
        }
    }
}
