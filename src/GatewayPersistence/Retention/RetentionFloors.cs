using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Retention;

/// <summary>
/// Reads and raises the retention floors (<see cref="RetentionFloor"/>, table <c>api_request_retention_floors</c>).
/// Every raw read of the request log (the list, the raw edges of statistics and trends) starts at the row floor, so it
/// never reads an hour that retention is deleting or has deleted; statistics answer the hours below it from the rollups.
/// </summary>
internal sealed class RetentionFloors(IDbContextFactory<GatewayDbContext> contextFactory, SqlModel sql)
{
    /// <summary>The row floor in epoch milliseconds (a whole UTC hour), or null when no row was ever purged.</summary>
    public async Task<long?> GetRowFloorAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAsync((MySqlConnection)context.Database.GetDbConnection(), null, sql, RetentionFloor.RowsKind, cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The floor of <paramref name="kind"/> in epoch milliseconds, or null when there is none.</summary>
    public static async Task<long?> ReadAsync(
        MySqlConnection connection, MySqlTransaction? transaction, SqlModel sql, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var floors = sql.Table<RetentionFloor>();
        await using var command = new MySqlCommand(
            $"SELECT {floors.Column(f => f.FloorAt)} FROM {floors.Name} WHERE {floors.Column(f => f.Kind)} = @kind", connection, transaction);
        command.Parameters.AddWithValue("@kind", kind);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            // A database not yet migrated to the retention table has never been purged.
            return null;
        }
    }

    /// <summary>Raises the floor of <paramref name="kind"/> to <paramref name="floor"/> (never lowers it); returns the floor now recorded.</summary>
    public static async Task<long> RaiseAsync(
        MySqlConnection connection, SqlModel sql, string kind, long floor, long now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var floors = sql.Table<RetentionFloor>();
        var floorAt = floors.Column(f => f.FloorAt);
        var updatedAt = floors.Column(f => f.UpdatedAt);
        await using var command = new MySqlCommand(
            $"INSERT INTO {floors.Name} ({floors.Column(f => f.Kind)}, {floorAt}, {updatedAt}) VALUES (@kind, @floor, @now) "
            + $"ON DUPLICATE KEY UPDATE {floorAt} = GREATEST({floorAt}, VALUES({floorAt})), {updatedAt} = VALUES({updatedAt})",
            connection);
        command.Parameters.AddWithValue("@kind", kind);
        command.Parameters.AddWithValue("@floor", floor);
        command.Parameters.AddWithValue("@now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return await ReadAsync(connection, null, sql, kind, cancellationToken) ?? floor;
    }
}
