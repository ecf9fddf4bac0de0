using GatewayPersistence.Rollups;

namespace GatewayPersistence.Schema;

/// <summary>What <see cref="GatewayDatabaseMigrator.MigrateAsync"/> did.</summary>
/// <param name="AdoptedLegacyDatabase">Whether the database was created by the TypeScript gateway and adopted in this run.</param>
/// <param name="LegacySchemaVersion">The legacy <c>schema_migrations</c> version found, when adopted.</param>
/// <param name="AdoptionChanges">Statements adoption ran before recording the baseline (added columns, indexes, tables).</param>
/// <param name="AppliedMigrations">EF Core migrations applied in this run, in order.</param>
/// <param name="RollupBackfill">
/// The hourly rollup built for rows written before it existed, when this run created the rollup table; otherwise null.
/// </param>
public sealed record DatabaseMigrationResult(
    bool AdoptedLegacyDatabase,
    int? LegacySchemaVersion,
    IReadOnlyList<string> AdoptionChanges,
    IReadOnlyList<string> AppliedMigrations,
    RollupBackfillResult? RollupBackfill);
