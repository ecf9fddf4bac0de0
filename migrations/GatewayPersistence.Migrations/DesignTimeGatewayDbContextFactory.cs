using GatewayPersistence.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GatewayPersistence.Migrations;

/// <summary>
/// Lets <c>dotnet ef</c> build a <see cref="GatewayDbContext"/> from the <c>GATEWAY_MYSQL</c> environment variable.
/// </summary>
public sealed class DesignTimeGatewayDbContextFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    /// <summary>Environment variable holding the connection string used by <c>dotnet ef</c>.</summary>
    public const string ConnectionStringVariable = "GATEWAY_MYSQL";

    /// <summary>Optional environment variable with the server version (e.g. <c>10.11.0-mariadb</c>), to work offline.</summary>
    public const string ServerVersionVariable = "GATEWAY_MYSQL_SERVER_VERSION";

    /// <inheritdoc />
    public GatewayDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Set the {ConnectionStringVariable} environment variable to the MySQL connection string dotnet ef should use, " +
                $"e.g. {ConnectionStringVariable}=\"Server=127.0.0.1;Port=3306;Database=llm_gateway;User ID=gateway;Password=...\".");
        }

        var version = Environment.GetEnvironmentVariable(ServerVersionVariable);
        var serverVersion = string.IsNullOrWhiteSpace(version) ? null : ServerVersion.Parse(version);
        return new GatewayDbContext(GatewayDbContextOptionsFactory.Create(connectionString, serverVersion));
    }
}
