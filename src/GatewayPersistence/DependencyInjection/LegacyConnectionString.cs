using System.Globalization;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// Builds a connection string from the TypeScript gateway's environment variables, so that a host replacing it keeps
/// working when no connection string is configured: <c>MYSQL_HOST</c> (localhost), <c>MYSQL_PORT</c> (3306),
/// <c>MYSQL_USER</c> (root), <c>MYSQL_PASSWORD</c> (required) and <c>MYSQL_DATABASE</c> (llm_gateway).
/// </summary>
internal static class LegacyConnectionString
{
    /// <summary>Host name variable.</summary>
    public const string HostVariable = "MYSQL_HOST";

    /// <summary>Port variable.</summary>
    public const string PortVariable = "MYSQL_PORT";

    /// <summary>User variable.</summary>
    public const string UserVariable = "MYSQL_USER";

    /// <summary>Password variable (required).</summary>
    public const string PasswordVariable = "MYSQL_PASSWORD";

    /// <summary>Database variable.</summary>
    public const string DatabaseVariable = "MYSQL_DATABASE";

    /// <summary>
    /// Applies the fallback to <paramref name="options"/> when it has no connection string yet: sets
    /// <see cref="GatewayPersistenceOptions.ConnectionString"/>, or records why it could not (for validation to report).
    /// </summary>
    /// <param name="options">Options to complete.</param>
    /// <param name="readVariable">Reads one variable (the process environment, or configuration in tests).</param>
    internal static void ApplyTo(GatewayPersistenceOptions options, Func<string, string?> readVariable)
    {
        // Already configured, or an earlier source (configuration) already found the variables incomplete.
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) || options.LegacyFallbackProblem is not null)
        {
            return;
        }

        var built = TryBuild(readVariable, out var problem);
        options.ConnectionString = built;
        options.LegacyFallbackProblem = problem;
    }

    /// <summary>
    /// Builds the connection string, or returns <see langword="null"/> with the reason (no variable set at all, or
    /// <c>MYSQL_PASSWORD</c> missing, or an unparsable port). The reason never contains the password.
    /// </summary>
    internal static string? TryBuild(Func<string, string?> readVariable, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(readVariable);
        string? Read(string name) => readVariable(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

        var host = Read(HostVariable);
        var portText = Read(PortVariable);
        var user = Read(UserVariable);
        var password = readVariable(PasswordVariable);
        var database = Read(DatabaseVariable);
        if (host is null && portText is null && user is null && password is null && database is null)
        {
            problem = null;
            return null;
        }

        if (password is null)
        {
            problem = $"{PasswordVariable} is not set (the legacy variables {HostVariable}, {PortVariable}, {UserVariable}, " +
                      $"{DatabaseVariable} are used only together with it)";
            return null;
        }

        uint port = 3306;
        if (portText is not null && (!uint.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is 0 or > 65535))
        {
            problem = $"{PortVariable} '{portText}' is not a TCP port number";
            return null;
        }

        problem = null;
        return new MySqlConnectionStringBuilder
        {
            Server = host ?? "localhost",
            Port = port,
            UserID = user ?? "root",
            Password = password,
            Database = database ?? "llm_gateway",
            CharacterSet = "utf8mb4",
            // The legacy pool held 10 connections; ours is sized by MySqlConnector's defaults and EF's context pool.
        }.ConnectionString;
    }
}
