using GatewayPersistence.DependencyInjection;
using MySqlConnector;

namespace GatewayPersistence.UnitTests.DependencyInjection;

/// <summary>What the library's connection string always carries, whatever the host configured.</summary>
public sealed class GatewayDataSourceConnectionStringTests
{
    [Test]
    public void A_pooled_connection_is_always_reset_even_when_the_host_turned_that_off()
    {
        // The request-log writes change session variables and leave a half-way failure to the pool's reset.
        var normalized = new MySqlConnectionStringBuilder(
            GatewayDataSource.NormalizedConnectionString("Server=db;Database=gw;User ID=u;Connection Reset=false"));

        Assert.That(normalized.ConnectionReset, Is.True);
        Assert.That(normalized.AllowLoadLocalInfile, Is.True);
    }
}
