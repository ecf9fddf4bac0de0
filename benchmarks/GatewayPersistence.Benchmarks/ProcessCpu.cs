using System.Globalization;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// CPU time from <c>/proc</c>: of this process's reaped children (the <c>mariadb</c> clients of the LOAD DATA rows, which
/// the process's own CPU time does not include), and of the database server when its pid is known
/// (<c>GATEWAY_BENCH_SERVER_PID</c>, set by scripts/bench.sh for the server it starts). CPU per row is far less
/// sensitive to a busy machine than rows per second: on a machine where client and server share the cores, it says
/// what each path costs whatever else runs.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TickSeconds = 1.0 / 100; // USER_HZ, 100 on every Linux configuration in use
    private static readonly int? ServerPid =
        int.TryParse(Environment.GetEnvironmentVariable("GATEWAY_BENCH_SERVER_PID"), out var pid) && File.Exists($"/proc/{pid}/stat") ? pid : null;

    /// <summary>Whether the server's CPU time can be read.</summary>
    public static bool ServerKnown => ServerPid is not null;

    /// <summary>CPU time of the children this process has waited for (utime + stime of the reaped ones).</summary>
    public static TimeSpan Children() => Read("/proc/self/stat", 13) ?? TimeSpan.Zero;

    /// <summary>CPU time of the server process (all its threads); null when unknown.</summary>
    public static TimeSpan? Server() => ServerPid is { } id ? Read($"/proc/{id}/stat", 11) : null;

    /// <summary>Sum of two adjacent tick fields, counted from the field after the command name's closing parenthesis.</summary>
    private static TimeSpan? Read(string path, int field)
    {
        try
        {
            var text = File.ReadAllText(path);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[field], CultureInfo.InvariantCulture) + long.Parse(fields[field + 1], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks * TickSeconds);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
