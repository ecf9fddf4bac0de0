using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Builds the <see cref="WritePath"/> from the server's facts, once, on the first write that reaches the database.
/// Until the server answers, every write tries again; a transient failure then means the database is unavailable.
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

    public void Dispose() => buildGate.Dispose();

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
                new ApiRequestBatchTransaction(dataSource, layout, rollupWriter),
                new BulkWriterSwitch(layout, options.WriteMode));
            Volatile.Write(ref current, path);
            return path;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && RequestLogFailure.IsTransient(exception))
        {
            logger.LogUnavailable(0, exception.Message);
            return null;
        }
    }
}
