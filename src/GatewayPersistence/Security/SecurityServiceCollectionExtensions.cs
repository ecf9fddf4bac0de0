using GatewayPersistence.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In the DependencyInjection namespace (though the file lives with the security services) so AddGatewayPersistence
// calls it without another using.
namespace GatewayPersistence.DependencyInjection;

/// <summary>Registers the password service and the provider-key protector (called by <c>AddGatewayPersistence</c>).</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IGatewayPasswordHasher"/>, <see cref="IProviderKeyProtector"/>, <see cref="IProviderKeyReencryption"/>
    /// and the start-up validation of <see cref="GatewaySecurityOptions"/>. A host may register its own hasher or
    /// protector before calling <c>AddGatewayPersistence</c>.
    /// </summary>
    internal static IServiceCollection AddGatewaySecurity(this IServiceCollection services)
    {
        services.TryAddSingleton<IGatewayPasswordHasher, GatewayPasswordHasher>();
        services.TryAddSingleton<IProviderKeyProtector, ProviderKeyProtector>();
        services.TryAddSingleton<IProviderKeyReencryption, ProviderKeyReencryption>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayPersistenceOptions>, SecurityOptionsValidator>());
        return services;
    }
}
