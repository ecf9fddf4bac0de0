using System.Diagnostics.Metrics;

namespace GatewayPersistence.Retention;

/// <summary>
/// Instruments of the retention on the <c>GatewayPersistence</c> meter (names prefixed
/// <c>gateway_persistence.retention.</c>): rows deleted, bodies cleared, rows still past the cutoff after the last run
/// (non-zero when a run used up its time budget), run duration, runs skipped because another instance held the lock.
/// </summary>
internal sealed class RetentionMetrics : IDisposable
{
    private const string Prefix = "gateway_persistence.retention.";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> rowsDeleted;
    private readonly Counter<long> bodiesCleared;
    private readonly Counter<long> runsSkipped;
    private readonly Histogram<double> runDuration;
    private long rowsRemaining;

    /// <param name="meterFactory">The host's meter factory; without one the metrics own their meter.</param>
    public RetentionMetrics(IMeterFactory? meterFactory = null)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(RequestLog.RequestLogMetrics.MeterName) ?? new Meter(RequestLog.RequestLogMetrics.MeterName);
        rowsDeleted = meter.CreateCounter<long>(Prefix + "rows_deleted", "{row}", "Raw request-log rows deleted by row retention.");
        bodiesCleared = meter.CreateCounter<long>(Prefix + "bodies_cleared", "{row}", "Rows whose request and response bodies body retention cleared.");
        runsSkipped = meter.CreateCounter<long>(Prefix + "runs_skipped", "{run}", "Runs skipped because another instance held the retention lock.");
        runDuration = meter.CreateHistogram<double>(Prefix + "run_duration", "s", "Duration of one retention run.");
        meter.CreateObservableGauge(Prefix + "rows_remaining", () => Volatile.Read(ref rowsRemaining), "{row}",
            "Rows older than the row cutoff still present after the last run (left for the next run by the time budget).");
    }

    /// <summary>Rows past the cutoff after the last run.</summary>
    public long RowsRemaining => Volatile.Read(ref rowsRemaining);

    public void RecordRun(RetentionRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.HeldLock)
        {
            runsSkipped.Add(1);
            return;
        }

        rowsDeleted.Add(result.RowsDeleted);
        bodiesCleared.Add(result.BodiesCleared);
        runDuration.Record(result.Duration.TotalSeconds);
        Volatile.Write(ref rowsRemaining, result.RowsRemaining);
    }

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
