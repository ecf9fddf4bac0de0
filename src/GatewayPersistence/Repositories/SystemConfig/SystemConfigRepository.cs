using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="ISystemConfigRepository" />
internal sealed class SystemConfigRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<SystemConfigEntry>(contextFactory, timeProvider), ISystemConfigRepository
{
    public Task<IReadOnlyList<SystemConfigEntry>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(entries => entries.OrderBy(e => e.Key), limit, cancellationToken);

    public Task<SystemConfigEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
        => FindAsync(e => e.Key == key, cancellationToken);

    public Task<string?> GetValueAsync(string key, CancellationToken cancellationToken = default)
        => ReadAsync(context => context.SystemConfig.Where(e => e.Key == key).Select(e => (string?)e.Value)
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);

    public async Task SetAsync(string key, string value, Optional<string?> description = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var table = SqlModel.For(context).Table<SystemConfigEntry>();
        ColumnRules.Validate(table.Property(nameof(SystemConfigEntry.Key)), key);
        ColumnRules.Validate(table.Property(nameof(SystemConfigEntry.Value)), value);
        var givenDescription = description.HasValue ? description.Value : null;
        ColumnRules.Validate(table.Property(nameof(SystemConfigEntry.Description)), givenDescription);

        var keyColumn = table.Column(e => e.Key);
        var valueColumn = table.Column(e => e.Value);
        var descriptionColumn = table.Column(e => e.Description);
        var updatedAtColumn = table.Column(e => e.UpdatedAt);
        // One statement, so two writers racing on a new key cannot both insert (the legacy read-then-write could).
        var sql = $"INSERT INTO {table.Name} ({keyColumn}, {valueColumn}, {descriptionColumn}, {updatedAtColumn}) "
            + "VALUES (@key, @value, @description, @updatedAt) "
            + $"ON DUPLICATE KEY UPDATE {valueColumn} = @value, {updatedAtColumn} = @updatedAt"
            + (description.HasValue ? $", {descriptionColumn} = @description" : "");
        await context.Database.ExecuteSqlRawAsync(sql, [
            new MySqlParameter("@key", key),
            new MySqlParameter("@value", value),
            new MySqlParameter("@description", (object?)givenDescription ?? DBNull.Value),
            new MySqlParameter("@updatedAt", Now().ToUnixTimeMilliseconds()),
        ], cancellationToken);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(e => e.Key == key, cancellationToken);
}
