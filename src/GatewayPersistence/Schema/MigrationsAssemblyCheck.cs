using System.Reflection;
using GatewayPersistence.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Schema;

/// <summary>
/// Before a migration starts, checks that the assembly holding the migrations can be loaded. EF Core loads it lazily,
/// deep inside <c>Migrate</c>: a host that references the library but not the migrations package would stop with a bare
/// <see cref="FileNotFoundException"/> naming neither the package nor what to do about it.
/// </summary>
internal static class MigrationsAssemblyCheck
{
    /// <summary>The NuGet package (and project) that carries <see cref="GatewayDbContextOptionsFactory.MigrationsAssembly"/>.</summary>
    public const string PackageId = "GatewayPersistence.Migrations";

    /// <summary>Throws a <see cref="GatewaySchemaException"/> naming the package to add when the migrations assembly is missing.</summary>
    public static void EnsureLoadable(DbContext context, ILogger logger)
    {
        var options = context.GetService<IDbContextOptions>();
        var assemblyName = options.Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()?.MigrationsAssembly
            ?? context.GetType().Assembly.GetName().Name!;
        try
        {
            // The same load EF Core's MigrationsAssembly does, only earlier and with the answer a host needs.
            _ = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            logger.LogMigrationsAssemblyMissing(assemblyName);
            throw new GatewaySchemaException(Describe(assemblyName), exception);
        }
    }

    /// <summary>What to tell the host: which package to add, at which version, and how to do without it.</summary>
    internal static string Describe(string assemblyName)
    {
        if (!string.Equals(assemblyName, GatewayDbContextOptionsFactory.MigrationsAssembly, StringComparison.Ordinal))
        {
            return $"Cannot migrate the gateway database: the migrations assembly '{assemblyName}' cannot be loaded. "
                + "Add the package or project that contains it to this host.";
        }

        var version = LibraryVersion();
        return $"Cannot migrate the gateway database: the migrations assembly '{assemblyName}' is not part of this host. "
            + $"Add the NuGet package '{PackageId}' at the version of 'GatewayPersistence' ({version}): "
            + $"dotnet add package {PackageId} --version {version} "
            + $"(or <PackageReference Include=\"{PackageId}\" Version=\"{version}\" />, or a project reference to "
            + $"migrations/{PackageId}). Without it, set GatewayPersistence:MigrateOnStartup to false and migrate from a shell.";
    }

    /// <summary>The library's package version (its informational version without the commit suffix).</summary>
    private static string LibraryVersion()
    {
        var assembly = typeof(GatewayDbContext).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational is { Length: > 0 }
            ? informational.Split('+')[0]
            : assembly.GetName().Version?.ToString(3) ?? "the same version";
    }
}
