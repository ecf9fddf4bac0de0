using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// The <see cref="IDbContextFactory{GatewayDbContext}"/> dependency injection hands out: the pooled factory behind it is
/// built on the first context asked for, not when a service that holds the factory is constructed.
/// </summary>
/// <remarks>
/// EF needs the server version to build the context options, and detecting it needs the server. Built eagerly, a server
/// that is down or a database not created yet would throw from inside the resolution of every singleton that takes the
/// factory (the request-log flush service among them) and stop the host. Deferred, only the operation that needs a
/// context fails (<see cref="GatewayDatabaseUnavailableException"/>) and the next one tries again: a failed build is not
/// kept.
/// </remarks>
internal sealed class DeferredGatewayContextFactory(IServiceProvider services) : IDbContextFactory<GatewayDbContext>
{
    private PooledDbContextFactory<GatewayDbContext>? inner;

    /// <inheritdoc />
    public GatewayDbContext CreateDbContext() => Inner.CreateDbContext();

    /// <inheritdoc />
    public Task<GatewayDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        => Inner.CreateDbContextAsync(cancellationToken);

    private PooledDbContextFactory<GatewayDbContext> Inner
    {
        get
        {
            if (Volatile.Read(ref inner) is { } ready)
            {
                return ready;
            }

            // The options are a singleton of the container: a resolution that threw is tried again on the next call.
            var built = new PooledDbContextFactory<GatewayDbContext>(services.GetRequiredService<DbContextOptions<GatewayDbContext>>());
            return Interlocked.CompareExchange(ref inner, built, null) ?? built;
        }
    }
}
