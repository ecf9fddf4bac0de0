using System.Globalization;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.RequestLog;

/// <summary>Reads <see cref="ServerFacts"/> from the database the request log writes to.</summary>
internal sealed class ServerFactsLoader(GatewayDataSource dataSource, SqlModel sql)
{
    /// <summary>Reads the facts; a failure (the server not answering) is the caller's to judge.</summary>
    public async Task<ServerFacts> LoadAsync(CancellationToken cancellationToken)
    {
        var requests = sql.Table<ApiRequest>();
        var tableName = requests.UnquotedName;
        var totalTokens = requests.UnquotedColumn(r => r.TotalTokens);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var packet = new MySqlCommand("SELECT @@max_allowed_packet", connection);
        var maxAllowedPacket = Convert.ToInt64(await packet.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var generated = new MySqlCommand(
            """
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND COLUMN_NAME = @column
              AND (UPPER(EXTRA) LIKE '%GENERATED%' OR COALESCE(GENERATION_EXPRESSION, '') <> '')
            """, connection);
        generated.Parameters.AddWithValue("@table", tableName);
        generated.Parameters.AddWithValue("@column", totalTokens);
        var totalTokensIsPlain = Convert.ToInt64(await generated.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
        return new ServerFacts(
            maxAllowedPacket, totalTokensIsPlain, await CausalReads.IsGaleraNodeAsync(connection, cancellationToken),
            await IsGroupReplicationMemberAsync(connection, cancellationToken));
    }

    // The variable exists only where the group_replication plugin is loaded (never on MariaDB); set, it names the group.
    private static async Task<bool> IsGroupReplicationMemberAsync(MySqlConnection connection, CancellationToken cancellationToken)
        => !string.IsNullOrEmpty(await ServerVariables.ValueAsync(connection, "group_replication_group_name", cancellationToken));
}
