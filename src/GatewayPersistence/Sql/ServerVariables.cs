using MySqlConnector;

namespace GatewayPersistence.Sql;

/// <summary>Reads a server variable that only some servers have (a plugin's, a build's).</summary>
internal static class ServerVariables
{
    /// <summary>
    /// The session value of <paramref name="name"/>; null when the server has no such variable or it is NULL.
    /// SHOW VARIABLES answers on every server, with no row for a variable the server does not know.
    /// </summary>
    public static async Task<string?> ValueAsync(MySqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SHOW VARIABLES LIKE @name", connection);
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(1) ? reader.GetString(1) : null;
    }
}
