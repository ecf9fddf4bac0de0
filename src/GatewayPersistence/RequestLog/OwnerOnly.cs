namespace GatewayPersistence.RequestLog;

/// <summary>
/// File options for the journal and the dead-letter files: they hold request bodies, so on Unix they are created
/// readable and writable by the owner only (0600), whatever the process umask.
/// </summary>
internal static class OwnerOnly
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static FileStreamOptions Append() => Options(FileMode.Append);

    public static FileStreamOptions CreateNew() => Options(FileMode.CreateNew);

    /// <summary>A lock file held open with no sharing: an exclusive <c>flock</c> on Unix, a share-mode lock on Windows.</summary>
    public static FileStreamOptions ExclusiveLock() => Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    private static FileStreamOptions Options(FileMode mode, FileAccess access = FileAccess.Write, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = 64 * 1024 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        return options;
    }
}
