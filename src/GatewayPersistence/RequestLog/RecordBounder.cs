using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Gives the journal and the dead-letter file records as the database would store them
/// (<see cref="ApiRequestRowPreparer.Bound"/>), so a 16 MB body costs the disk a cut body, and replay or requeue
/// writes the row a live write would have written.
/// </summary>
/// <remarks>
/// The live write path's preparer is used once the server has answered (its limits are the server's). Before that (a
/// database down since start) the preparer of a layout built from the model alone, as for the largest
/// <c>max_allowed_packet</c> a server takes, is used: its limits are never below the live ones, and preparing the
/// record again at replay cuts it further if that server needs it. When the model itself cannot be read (no server
/// version configured and no server to ask), the record is kept whole: losing it would be worse than its size. An
/// append may run on the thread of <c>Enqueue</c> (a full overflow buffer), which must not wait for the server: while
/// the version would have to be asked, that is done in the background and the records meanwhile are kept whole.
/// </remarks>
internal sealed class RecordBounder(
    WritePathProvider writePaths, SqlModel sql, GatewayServerVersionProvider versions, RequestLogOptions options, RequestLogMetrics metrics,
    ILogger<ApiRequestRowPreparer> logger)
{
    private int warming;

    /// <summary>The largest <c>max_allowed_packet</c> MariaDB and MySQL accept (1 GiB).</summary>
    private const long LargestPacket = 1L << 30;

    private ApiRequestRowPreparer? offline;

    /// <summary>The records bounded (the same list when no preparer can be had).</summary>
    public IReadOnlyList<ApiRequestRecord> Bound(IReadOnlyList<ApiRequestRecord> records)
    {
        if (records.Count == 0 || Preparer() is not { } preparer)
        {
            return records;
        }

        var bounded = new ApiRequestRecord[records.Count];
        for (var index = 0; index < records.Count; index++)
        {
            bounded[index] = preparer.Bound(records[index]);
        }

        return bounded;
    }

    /// <summary>One record bounded (itself when no preparer can be had).</summary>
    public ApiRequestRecord Bound(ApiRequestRecord record) => Preparer() is { } preparer ? preparer.Bound(record) : record;

    private ApiRequestRowPreparer? Preparer()
    {
        if (writePaths.Current is { } path)
        {
            return path.Preparer;
        }

        if (Volatile.Read(ref offline) is { } ready)
        {
            return ready;
        }

        if (!versions.IsKnown)
        {
            // Building the model would ask the server for its version: not on this thread.
            if (Interlocked.Exchange(ref warming, 1) == 0)
            {
                _ = Task.Run(() =>
                {
                    try
                    {
                        _ = versions.ServerVersion;
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        logger.LogRecordsKeptWhole(exception.Message);
                    }
                    finally
                    {
                        Volatile.Write(ref warming, 0);
                    }
                });
            }

            return null;
        }

        try
        {
            var layout = ApiRequestColumnLayout.Create(sql, options, LargestPacket, totalTokensIsPlain: false);
            var preparer = new ApiRequestRowPreparer(layout, metrics, logger);
            Interlocked.CompareExchange(ref offline, preparer, null);
            return Volatile.Read(ref offline);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The model needs the server version, which needs the server: tried again on the next append.
            logger.LogRecordsKeptWhole(exception.Message);
            return null;
        }
    }
}
