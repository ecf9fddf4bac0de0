using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Whether the request log may use the database: a Polly circuit breaker around each batch. A batch that finds the
/// database unavailable (a statement failed past its retry budget, or the server's facts could not be read) opens the
/// circuit: the pool is cleared and batches go to the journal without touching the database. Once
/// <see cref="RequestLogOptions.ProbeInterval"/> has passed, the next batch goes through half-open as the probe, one
/// attempt per statement; when it is written the circuit closes.
/// </summary>
/// <remarks>
/// Polly decides on a failure ratio over a window of at least two outcomes: with a ratio of 0 and the smallest window
/// Polly allows, a failed batch opens the circuit as soon as the window holds one other outcome since start-up or since
/// the circuit last closed. The very first batch of either period that fails therefore leaves the circuit closed and
/// the next batch tries the database once more before the circuit opens.
/// </remarks>
internal sealed class DatabaseAvailability
{
    // Polly refuses a BreakDuration outside [0.5 s, 1 day]; the generator gives the configured interval, however short.
    private static readonly TimeSpan ShortestBreak = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestBreak = TimeSpan.FromDays(1);

    // Polly times the break on the system clock; the host's TimeProvider dates files and may be frozen in tests.
    private readonly TimeProvider clock = TimeProvider.System;
    private readonly CircuitBreakerStateProvider state = new();
    private readonly CircuitBreakerManualControl control = new();
    private readonly ResiliencePipeline<bool> circuit;
    private long probeDueAtUtcTicks;

    public DatabaseAvailability(RequestLogOptions options, GatewayDataSource dataSource, ILogger<DatabaseAvailability> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        circuit = new ResiliencePipelineBuilder<bool> { TimeProvider = clock }.AddCircuitBreaker(new CircuitBreakerStrategyOptions<bool>
        {
            // The batch says whether the database answered; an exception out of a batch is no sign that it did.
            ShouldHandle = new PredicateBuilder<bool>().HandleResult(false).Handle<Exception>(),
            FailureRatio = 0,
            MinimumThroughput = 2,
            SamplingDuration = LongestBreak,
            BreakDuration = Clamp(options.ProbeInterval, ShortestBreak, LongestBreak),
            BreakDurationGenerator = _ => ValueTask.FromResult(options.ProbeInterval),
            StateProvider = state,
            ManualControl = control,
            OnOpened = async arguments =>
            {
                var now = clock.GetUtcNow();
                var due = arguments.BreakDuration >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + arguments.BreakDuration;
                Interlocked.Exchange(ref probeDueAtUtcTicks, due.UtcTicks);
                // Pooled connections to a server that went away are dead: the probe must open a fresh one.
                await dataSource.ClearPoolAsync();
            },
            OnClosed = _ =>
            {
                logger.LogAvailable();
                return default;
            },
        }).Build();
    }

    /// <summary>Whether batches currently go to the journal because the database did not answer (circuit not closed).</summary>
    public bool IsUnavailable => state.CircuitState != CircuitState.Closed;

    /// <summary>Whether a write would reach the database now: the circuit is closed, or open with its probe due.</summary>
    public bool CanTry => state.CircuitState switch
    {
        CircuitState.Closed => true,
        CircuitState.Open => clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref probeDueAtUtcTicks),
        _ => false, // half-open: the probe is in flight
    };

    /// <summary>
    /// Runs <paramref name="write"/> through the circuit; false when the circuit kept it from the database (nothing was
    /// attempted). The write gets whether it is a probe (one attempt per statement) and returns whether the database
    /// answered.
    /// </summary>
    /// <param name="write">The batch's write.</param>
    /// <param name="force">Try the database even while the circuit is open and no probe is due (a flush waits for it).</param>
    public async Task<bool> TryWriteAsync(Func<bool, Task<bool>> write, bool force)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (force && !CanTry)
        {
            // An open circuit would refuse until the break is over; a flush must not wait for that, so this probe goes
            // around the circuit and closes it when the database answers.
            if (await write(true) && IsUnavailable)
            {
                await control.CloseAsync();
            }

            return true;
        }

        try
        {
            // The circuit never sees the batch's cancellation: a cancelled batch is spilled by the caller, not thrown.
            await circuit.ExecuteAsync(async _ => await write(IsUnavailable), CancellationToken.None);
            return true;
        }
        catch (BrokenCircuitException)
        {
            return false;
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
