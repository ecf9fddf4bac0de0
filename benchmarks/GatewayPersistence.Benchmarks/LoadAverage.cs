using System.Globalization;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The machine's 1-minute load average (<c>/proc/loadavg</c>), printed before and after each measured path so a run on
/// a busy machine can be recognised; null where the file does not exist (not Linux).
/// </summary>
internal static class LoadAverage
{
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string Format(double? value) => value is { } load ? load.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
