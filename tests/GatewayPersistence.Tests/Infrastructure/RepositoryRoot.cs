namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>The repository's root folder (the one holding GatewayPersistence.sln), found from the test assembly's folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A file or folder below the root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "GatewayPersistence.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GatewayPersistence.sln above {AppContext.BaseDirectory}.");
    }
}
