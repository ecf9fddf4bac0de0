using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Builds the <see cref="WritePath"/> from the server's facts on the first write that reaches the database, and again
/// after every outage (<see cref="Invalidate"/>): a reconnect may reach another server (failover) with another
/// <c>max_allowed_packet</c> or <c>local_infile</c>. Until the server answers, every write tries again; a failure then
/// means the database is unavailable.
/// </summary>
internal sealed class WritePathProvider(
    ServerFactsLoader factsLoader, SqlModel sql, RequestLogOptions options, GatewayDataSource dataSource,
    IApiRequestRollupWriter rollupWriter, RequestLogMetrics metrics, ILogger<ApiRequestRowPreparer> preparerLogger,
    ILogger<WritePathProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim buildGate = new(1, 1);
    private WritePath? current;

    /// <summary>The write path in use, once the database has answered.</summary>
    public WritePath? Current => Volatile.Read(ref current);

    /// <summary>The write path; null when the server's facts could not be read (logged).</summary>
    public async Task<WritePath?> GetAsync(CancellationToken cancellationToken)
    {
        if (Current is { } ready)
        {
            return ready;
        }

        // Concurrent first batches wait for one read instead of each asking the server.
        await buildGate.WaitAsync(CancellationToken.None);
        try
        {
            return current ?? await BuildAsync(cancellationToken);
        }
        finally
        {
            buildGate.Release();
        }
    }

    /// <summary>Forgets the facts: the next write reads them again (called when the database comes back).</summary>
    public void Invalidate() => Volatile.Write(ref current, null);

    public void Dispose() => buildGate.Dispose();

    private int CommandTimeoutSeconds => (int)Math.Clamp(Math.Ceiling(options.CommandTimeout.TotalSeconds), 1, int.MaxValue);

    private async Task<WritePath?> BuildAsync(CancellationToken cancellationToken)
    {
        try
        {
            var facts = await factsLoader.LoadAsync(cancellationToken);
            var layout = ApiRequestColumnLayout.Create(sql, options, facts);
            if (layout.BodyByteLimit < options.BodyByteLimit)
            {
                logger.LogBodyLimitLowered(options.BodyByteLimit, layout.BodyByteLimit, facts.MaxAllowedPacket);
            }

            logger.LogReady(facts.MaxAllowedPacket, layout.BatchByteCap, facts.TotalTokensIsPlain);
            var path = new WritePath(
                layout,
                new ApiRequestRowPreparer(layout, metrics, preparerLogger),
                new StatementCutter(options.MaxBatchRows, layout.BatchByteCap),
                new ApiRequestBatchTransaction(dataSource, layout, rollupWriter, CommandTimeoutSeconds, facts),
                new BulkWriterSwitch(layout, options.WriteMode, CommandTimeoutSeconds));
            Volatile.Write(ref current, path);
            return path;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever the reason (unknown database, access denied, host blocked, a server that is not ready), the rows
            // cannot be written now: the caller journals them; nothing escapes to the flush loop.
            logger.LogUnavailable(0, exception.Message);
            return null;
        }
    }
}
