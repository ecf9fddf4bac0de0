using System.Runtime.InteropServices;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Flushes a directory's entries to disk (<c>open</c> + <c>fsync</c> + <c>close</c> on Unix), so a segment renamed into
/// the journal survives a power loss, not only its bytes. .NET has no managed way: a <c>FileStream</c> or
/// <c>File.OpenHandle</c> refuses a directory. On Windows, where NTFS journals the rename itself, it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY: a directory opens for reading on Linux and macOS without O_DIRECTORY

    /// <summary>True when the directory was flushed; false on Windows or when the system refused (the rename stands).</summary>
    public static bool TryFlush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(directory + '\0');
        var descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
        {
            return false;
        }

        try
        {
            return Fsync(descriptor) == 0;
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport with blittable arguments (the path as NUL-terminated UTF-8): no marshalling, no unsafe code.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
