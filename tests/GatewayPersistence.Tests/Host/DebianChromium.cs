using Microsoft.Playwright;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// Debian's chromium for browser tests, driven by Playwright (whose own browser download cannot work here). Installed
/// with apt-get when missing, as scripts/test.sh installs mariadb-server.
/// </summary>
internal static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>Installs the package when the browser is missing (as root), else fails naming the command.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            Assert.Fail($"{ExecutablePath} is missing: apt-get install -y chromium (or run scripts/test.sh as root, which does).");
        }

        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await ChildProcess.RunAsync("apt-get", ["update", "-qq"], environment: environment, timeout: TimeSpan.FromMinutes(5));
        await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", "chromium"], environment: environment, timeout: TimeSpan.FromMinutes(10));
        Assert.That(ExecutablePath, Does.Exist);
    }

    /// <summary>Launches it headless.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Arguments,
    });
}
