using System.Diagnostics;
using System.Diagnostics.Metrics;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Where the pipeline's batch transactions spend their time, measured on the pipeline as it ships (no switch turns a
/// part off, so nothing is timed that production does not do): every statement MySqlConnector executes is an
/// <c>Execute</c> activity of its <c>MySqlConnector</c> activity source, timed from send to last result and tagged with
/// its text; each is classed by that text as the foreign-key check (<c>... LOCK IN SHARE MODE</c>), the load (<c>LOAD
/// DATA</c>, the rows streamed within it) or a rollup upsert. The transactions' own time is the pipeline's
/// <c>flush_duration</c> histogram (one value per committed statement, its transaction from open to commit); what the
/// classed statements do not cover is the rest of the transaction: taking the pooled connection, BEGIN, COMMIT and the
/// client work between statements (counting the rollup deltas). Times are connection-seconds: with batches written
/// concurrently they add up to more than the wall time, so the split is given as shares of the transaction time.
/// </summary>
internal sealed class StatementTimer : IDisposable
{
    private readonly ActivityListener activities;
    private readonly MeterListener meters;
    private readonly Lock gate = new();
    private volatile bool recording;
    private double foreignKeySeconds;
    private double loadSeconds;
    private double rollupSeconds;
    private double otherStatementSeconds;
    private double transactionSeconds;
    private int transactions;

    public StatementTimer()
    {
        activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MySqlConnector",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(activities);
        meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RequestLogMetrics.MeterName && instrument.Name.EndsWith(".flush_duration", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (recording)
            {
                lock (gate)
                {
                    transactionSeconds += seconds;
                    transactions++;
                }
            }
        });
        meters.Start();
    }

    /// <summary>Starts counting from zero.</summary>
    public void Start()
    {
        lock (gate)
        {
            foreignKeySeconds = loadSeconds = rollupSeconds = otherStatementSeconds = transactionSeconds = 0;
            transactions = 0;
        }

        recording = true;
    }

    /// <summary>Stops counting and returns what was counted since <see cref="Start"/>.</summary>
    public CostSplit Stop()
    {
        recording = false;
        lock (gate)
        {
            return new CostSplit(transactions, transactionSeconds, foreignKeySeconds, loadSeconds, rollupSeconds, otherStatementSeconds);
        }
    }

    public void Dispose()
    {
        activities.Dispose();
        meters.Dispose();
    }

    private void Stopped(Activity activity)
    {
        if (!recording || activity.OperationName != "Execute")
        {
            return;
        }

        var text = activity.GetTagItem("db.statement") as string ?? "";
        var seconds = activity.Duration.TotalSeconds;
        lock (gate)
        {
            if (text.StartsWith("LOAD DATA", StringComparison.OrdinalIgnoreCase))
            {
                loadSeconds += seconds;
            }
            else if (text.Contains("LOCK IN SHARE MODE", StringComparison.OrdinalIgnoreCase))
            {
                foreignKeySeconds += seconds;
            }
            else if (text.StartsWith("INSERT INTO", StringComparison.OrdinalIgnoreCase) && text.Contains("rollups", StringComparison.OrdinalIgnoreCase))
            {
                rollupSeconds += seconds;
            }
            else
            {
                otherStatementSeconds += seconds;
            }
        }
    }
}
