using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// The sample host on a real loopback socket (Kestrel) instead of the in-memory test server, for clients that need one:
/// a browser, and a client that disconnects mid-stream the way a real one does.
/// </summary>
internal static class KestrelHost
{
    /// <summary>Starts <paramref name="factory"/> on Kestrel at a free loopback port and returns its address.</summary>
    public static Uri Start(GatewayHostFactory factory)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
