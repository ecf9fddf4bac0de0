using System.Diagnostics;
using System.Globalization;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Brings the server to rest before a timed run: every dirty page flushed and the purge caught up. Idle, InnoDB flushes
/// at <c>innodb_io_capacity</c> pages a second (a few MB/s), so pages an earlier run left dirty could be flushed during a
/// later one. Between ingest runs the wait measured 0-1 s (TRUNCATE drops the table's dirty pages with it); it is kept
/// so that any run starts from a known state, whatever ran on the server before.
/// </summary>
internal static class ServerQuiesce
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Waits until at most <paramref name="dirtyPages"/> pages are dirty and the purge is done; returns the time waited.</summary>
    public static async Task<TimeSpan> WaitAsync(string connectionString, long dirtyPages = 200)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var saved = await ScalarAsync(connection, "SELECT @@GLOBAL.innodb_max_dirty_pages_pct");
        await ExecuteAsync(connection, "SET GLOBAL innodb_max_dirty_pages_pct = 0");
        try
        {
            while (clock.Elapsed < Deadline)
            {
                var dirty = await StatusAsync(connection, "Innodb_buffer_pool_pages_dirty");
                // MariaDB reports the history length as a status variable; MySQL 8 only in INNODB_METRICS (then: not waited for).
                var history = await StatusAsync(connection, "Innodb_history_list_length");
                if (dirty <= dirtyPages && history <= 1_000)
                {
                    break;
                }

                await Task.Delay(250);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SET GLOBAL innodb_max_dirty_pages_pct = {Convert.ToDouble(saved, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Waits until the server's purge has passed every transaction started before this call (the rows a restore just
    /// deleted are gone from the indexes, not only delete-marked: a list page reading through 1.3M of them took 260 ms
    /// instead of 27); returns the time waited. One huge DELETE is one entry of the history list, so its length says
    /// nothing here; the purge position and the transaction counter of <c>SHOW ENGINE INNODB STATUS</c> do.
    /// </summary>
    public static async Task<TimeSpan> WaitForPurgeAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        var (counter, _) = await PurgePositionAsync(connection);
        while (clock.Elapsed < Deadline)
        {
            var (_, purged) = await PurgePositionAsync(connection);
            if (purged is null || counter is null || purged >= counter)
            {
                break;
            }

            await Task.Delay(500);
        }

        return clock.Elapsed;
    }

    private static async Task<(long? Counter, long? Purged)> PurgePositionAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SHOW ENGINE INNODB STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var status = await reader.ReadAsync() ? reader.GetString(2) : "";
        static long? Number(string text, string pattern)
        {
            var match = System.Text.RegularExpressions.Regex.Match(text, pattern);
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }

        return (Number(status, @"Trx id counter (\d+)"), Number(status, @"Purge done for trx's n:o < (\d+)"));
    }

    private static async Task<long> StatusAsync(MySqlConnection connection, string name)
    {
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE @name", connection);
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? long.Parse(reader.GetString(1), CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
