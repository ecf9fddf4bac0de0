using Microsoft.Extensions.Options;

namespace GatewayPersistence.DependencyInjection;

/// <summary>The server version, configured or detected once per process (detection is a round trip).</summary>
internal sealed class GatewayServerVersionProvider(IOptions<GatewayPersistenceOptions> options, GatewayDataSource dataSource)
{
    private readonly Lazy<ServerVersion> serverVersion = new(() =>
    {
        var settings = options.Value;
        return string.IsNullOrWhiteSpace(settings.ServerVersion)
            ? ServerVersion.AutoDetect(dataSource.DataSource)
            : ServerVersion.Parse(settings.ServerVersion);
    });

    public ServerVersion ServerVersion => serverVersion.Value;
}
