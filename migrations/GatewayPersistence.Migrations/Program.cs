using GatewayPersistence.Migrations;
using GatewayPersistence.Schema;

// `dotnet run --project migrations/GatewayPersistence.Migrations` — migrates the database named by GATEWAY_MYSQL with the
// adoption-aware migrator: it adopts a database the TypeScript gateway created (which `dotnet ef database update` would
// fail on, its tables already existing), then applies every pending migration, under a MySQL named lock.
// `... -- requeue <file>...` re-ingests dead-letter files of the request log (DeadLetterRequeueCommand).
var connectionString = Environment.GetEnvironmentVariable(DesignTimeGatewayDbContextFactory.ConnectionStringVariable);
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine($"Set {DesignTimeGatewayDbContextFactory.ConnectionStringVariable} to the connection string of the database to migrate.");
    return 2;
}

// Verbs other than the default migration; one case each, so that verbs added in parallel merge.
switch (args.FirstOrDefault())
{
    case "requeue":
        return await DeadLetterRequeueCommand.RunAsync(connectionString, args[1..]);
}

try
{
    var result = await GatewayDatabaseMigrator.Create(connectionString).MigrateAsync();
    Console.WriteLine(result.AdoptedLegacyDatabase
        ? $"Adopted a database created by the TypeScript gateway (legacy schema version {result.LegacySchemaVersion})."
        : "No legacy database to adopt.");
    foreach (var change in result.AdoptionChanges)
    {
        Console.WriteLine($"  {change}");
    }

    Console.WriteLine(result.AppliedMigrations.Count == 0
        ? "The database is up to date."
        : $"Applied {result.AppliedMigrations.Count} migration(s): {string.Join(", ", result.AppliedMigrations)}");
    if (result.RollupBackfill is { } backfill)
    {
        Console.WriteLine($"Built the hourly rollup from {backfill.RowsProcessed} existing request row(s).");
    }

    return 0;
}
catch (GatewaySchemaException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
