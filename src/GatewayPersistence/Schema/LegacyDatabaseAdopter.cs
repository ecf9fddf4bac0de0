using GatewayPersistence.Sql;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayPersistence.Schema;

/// <summary>
/// Adopts a database the TypeScript gateway created (its tables present, no <c>__EFMigrationsHistory</c>): brings it to
/// the baseline migration's shape by adding only what is missing (tables, nullable or defaulted columns, indexes), after
/// verifying every existing column, and records the baseline as applied. It never drops, renames or rewrites data, and it
/// changes nothing when any table or column cannot be adopted.
/// </summary>
internal sealed class LegacyDatabaseAdopter(GatewayDbContext context)
{
    private const string LegacyVersionTable = "schema_migrations";

    /// <summary>What adoption found and did.</summary>
    public sealed record Outcome(bool Adopted, int? LegacySchemaVersion, IReadOnlyList<string> Changes)
    {
        public static readonly Outcome NotLegacy = new(false, null, []);
    }

    public async Task<Outcome> AdoptIfLegacyAsync(CancellationToken cancellationToken)
    {
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = database.GetDbConnection();
            var live = await LiveSchema.ReadAsync(connection, cancellationToken);
            if (await context.GetService<IHistoryRepository>().ExistsAsync(cancellationToken))
            {
                return Outcome.NotLegacy;
            }

            var baseline = LoadBaseline();
            var baselineTables = baseline.Migration.UpOperations.OfType<CreateTableOperation>().ToList();
            if (!baselineTables.Any(table => live.HasTable(table.Name)))
            {
                return Outcome.NotLegacy; // an empty database: plain migrations create everything
            }

            var legacyVersion = live.HasTable(LegacyVersionTable) ? await ReadLegacyVersionAsync(cancellationToken) : null;
            var (operations, problems) = Plan(baseline.Migration.UpOperations, live);
            problems.AddRange(await FindNullsTheModelCannotReadAsync(baselineTables, live, cancellationToken));
            problems.AddRange(await FindDuplicatesBeforeUniqueIndexesAsync(operations, live, cancellationToken));
            if (problems.Count > 0)
            {
                throw new GatewaySchemaException(
                    "This database was created by the TypeScript gateway but cannot be adopted; nothing was changed.", problems);
            }

            var commands = context.GetService<IMigrationsSqlGenerator>().Generate(operations, baseline.TargetModel);
            await context.GetService<IMigrationCommandExecutor>()
                .ExecuteNonQueryAsync(commands, context.GetService<IRelationalConnection>(), cancellationToken);

            var history = context.GetService<IHistoryRepository>();
            await database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
            await database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline.Id, EfProductVersion())), cancellationToken);

            return new Outcome(true, legacyVersion, operations.Select(Describe).ToList());
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    private static (List<MigrationOperation> Operations, List<SchemaProblem> Problems) Plan(
        IReadOnlyList<MigrationOperation> baselineOperations, LiveSchema live)
    {
        var missingTables = new List<MigrationOperation>();
        var addedColumns = new List<MigrationOperation>();
        var addedIndexes = new List<MigrationOperation>();
        var problems = new List<SchemaProblem>();
        var createdTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var operation in baselineOperations)
        {
            switch (operation)
            {
                case CreateTableOperation table when !live.HasTable(table.Name):
                    missingTables.Add(table);
                    createdTables.Add(table.Name);
                    break;
                case CreateTableOperation table:
                    problems.AddRange(VerifyTable(table, live));
                    foreach (var column in table.Columns)
                    {
                        var existing = live.FindColumn(table.Name, column.Name);
                        if (existing is null)
                        {
                            if (CanAdd(column))
                            {
                                addedColumns.Add(column);
                            }
                            else
                            {
                                problems.Add(new SchemaProblem(table.Name, column.Name,
                                    $"is missing and cannot be added: the model needs it as {column.ColumnType} NOT NULL without a default"));
                            }

                            continue;
                        }

                        if (VerifyExisting(column, existing) is { } reason)
                        {
                            problems.Add(new SchemaProblem(table.Name, column.Name, reason));
                        }
                    }

                    break;
                case CreateIndexOperation index when createdTables.Contains(index.Table):
                    missingTables.Add(index);
                    break;
                case CreateIndexOperation index when !live.HasIndex(index.Table, index.Name):
                    addedIndexes.Add(index);
                    break;
                case CreateIndexOperation { IsUnique: true } index
                    when live.IndexesOf(index.Table).Any(existing => string.Equals(existing.Name, index.Name, StringComparison.OrdinalIgnoreCase) && !existing.IsUnique)
                         && !IsUniqueIn(live, index.Table, index.Columns):
                    problems.Add(new SchemaProblem(index.Table, string.Join(", ", index.Columns),
                        $"has index {index.Name}, but it is not unique; the library relies on these values being unique"));
                    break;
            }
        }

        return ([.. missingTables, .. addedColumns, .. addedIndexes], problems);
    }

    /// <summary>
    /// What the library relies on beyond column types, checked before any change: the InnoDB engine (batch writes and
    /// rollups are transactions), the primary key (idempotent retries need a unique id), utf8mb4 text (another
    /// character set stores what it cannot hold as '?', and LOAD DATA LOCAL turns that error into a warning).
    /// </summary>
    private static IEnumerable<SchemaProblem> VerifyTable(CreateTableOperation table, LiveSchema live)
    {
        if (live.Engines.TryGetValue(table.Name, out var engine) && engine.Length > 0 && engine != "innodb")
        {
            yield return new SchemaProblem(table.Name, null,
                $"uses the {engine} engine; the library needs InnoDB (its writes are transactions): ALTER TABLE {table.Name} ENGINE=InnoDB, then retry");
        }

        if (table.PrimaryKey is { } key && !live.IndexesOf(table.Name).Any(index => index.IsPrimaryKey && index.HasColumns(key.Columns)))
        {
            yield return new SchemaProblem(table.Name, string.Join(", ", key.Columns),
                "is not the table's primary key; the library relies on it being unique (idempotent retries of a batch)");
        }

        foreach (var column in table.Columns)
        {
            if (live.FindColumn(table.Name, column.Name) is { CharacterSet: { } characterSet } && characterSet != "utf8mb4")
            {
                yield return new SchemaProblem(table.Name, column.Name,
                    $"uses the {characterSet} character set; the library needs utf8mb4 (other sets store characters they cannot hold as '?')");
            }
        }
    }

    private static bool IsUniqueIn(LiveSchema live, string table, IEnumerable<string> columns)
        => live.IndexesOf(table).Any(index => index.IsUnique && index.HasColumns(columns));

    /// <summary>
    /// A unique index adoption would add fails on duplicate values after earlier DDL has run, leaving the database
    /// half-adopted: the duplicates are found first, and block adoption before any change.
    /// </summary>
    private async Task<List<SchemaProblem>> FindDuplicatesBeforeUniqueIndexesAsync(
        IEnumerable<MigrationOperation> operations, LiveSchema live, CancellationToken cancellationToken)
    {
        var problems = new List<SchemaProblem>();
        var sql = SqlModel.For(context);
        foreach (var index in operations.OfType<CreateIndexOperation>().Where(index => index.IsUnique && live.HasTable(index.Table)))
        {
            if (IsUniqueIn(live, index.Table, index.Columns) || index.Columns.Any(column => live.FindColumn(index.Table, column) is null))
            {
                continue;
            }

            // Identifiers come from the migration, never from input.
            var columns = string.Join(", ", index.Columns.Select(sql.Quote));
            var query = $"SELECT COUNT(*) AS `Value` FROM (SELECT 1 AS one FROM {sql.Quote(index.Table)} GROUP BY {columns} HAVING COUNT(*) > 1) AS duplicates";
            var duplicates = await context.Database.SqlQueryRaw<long>(query).SingleAsync(cancellationToken);
            if (duplicates > 0)
            {
                problems.Add(new SchemaProblem(index.Table, string.Join(", ", index.Columns),
                    $"holds {duplicates} duplicated value(s), but adoption adds the unique index {index.Name}; make them unique and retry"));
            }
        }

        return problems;
    }

    private static bool CanAdd(AddColumnOperation column)
        => column.IsNullable || column.DefaultValue is not null || column.DefaultValueSql is not null || column.ComputedColumnSql is not null;

    private static string? VerifyExisting(AddColumnOperation expected, LiveColumn actual)
    {
        if (expected.ComputedColumnSql is not null)
        {
            // total_tokens: a STORED generated column on newer legacy databases, a plain one on older. Both serve;
            // the request-log writer fills the plain one itself.
            return actual.DataType == "int" || actual.DataType == "bigint" ? null : $"is {actual.ColumnType}, expected an integer";
        }

        if (actual.IsGenerated)
        {
            return "is a generated column, but the library writes this column";
        }

        return ColumnTypeCompatibility.Check(expected.ColumnType ?? "", actual);
    }

    /// <summary>
    /// A nullable legacy column mapped to a non-nullable property (the TINYINT flags, NOT NULL text) reads fine until a
    /// row holds NULL there; such a row would fail every query, so it blocks adoption instead.
    /// </summary>
    private async Task<List<SchemaProblem>> FindNullsTheModelCannotReadAsync(
        IEnumerable<CreateTableOperation> tables, LiveSchema live, CancellationToken cancellationToken)
    {
        var problems = new List<SchemaProblem>();
        var sql = SqlModel.For(context);
        foreach (var table in tables.Where(t => live.HasTable(t.Name)))
        {
            foreach (var column in table.Columns)
            {
                var existing = live.FindColumn(table.Name, column.Name);
                if (existing is not { IsNullable: true } || !ModelRequiresValue(table.Name, column.Name))
                {
                    continue;
                }

                // Identifiers come from the migration, never from input.
                var query = $"SELECT COUNT(*) AS `Value` FROM {sql.Quote(table.Name)} WHERE {sql.Quote(column.Name)} IS NULL";
                var nulls = await context.Database.SqlQueryRaw<long>(query).SingleAsync(cancellationToken);
                if (nulls > 0)
                {
                    problems.Add(new SchemaProblem(table.Name, column.Name,
                        $"holds NULL in {nulls} row(s), but the model needs a value; set them (e.g. to the column default) and retry"));
                }
            }
        }

        return problems;
    }

    private bool ModelRequiresValue(string table, string column)
    {
        var store = StoreObjectIdentifier.Table(table);
        return context.Model.GetEntityTypes()
            .Where(entity => string.Equals(entity.GetTableName(), table, StringComparison.OrdinalIgnoreCase))
            .SelectMany(entity => entity.GetProperties())
            .Any(property => string.Equals(property.GetColumnName(store), column, StringComparison.OrdinalIgnoreCase) && !property.IsNullable);
    }

    private async Task<int?> ReadLegacyVersionAsync(CancellationToken cancellationToken)
        => await context.Database.SqlQueryRaw<int?>($"SELECT MAX(version) AS `Value` FROM {LegacyVersionTable}")
            .SingleAsync(cancellationToken);

    private (string Id, Migration Migration, IModel? TargetModel) LoadBaseline()
    {
        var assembly = context.GetService<IMigrationsAssembly>();
        var (id, type) = assembly.Migrations.First();
        var migration = assembly.CreateMigration(type, context.Database.ProviderName!);
        IModel? target = migration.TargetModel;
        if (target is IMutableModel mutable)
        {
            target = mutable.FinalizeModel();
        }

        if (target is not null)
        {
            target = context.GetService<IModelRuntimeInitializer>().Initialize(target, designTime: true);
        }

        return (id, migration, target);
    }

    private static string Describe(MigrationOperation operation) => operation switch
    {
        CreateTableOperation table => $"created table {table.Name}",
        AddColumnOperation column => $"added column {column.Table}.{column.Name}",
        CreateIndexOperation index => $"added index {index.Table}.{index.Name}",
        _ => operation.GetType().Name,
    };

    private static string EfProductVersion()
    {
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "9.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
