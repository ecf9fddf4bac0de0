using GatewayPersistence.Retention;

namespace GatewayPersistence.RequestLog;

/// <summary>Settings of the request-log pipeline (section <c>GatewayPersistence:RequestLog</c>).</summary>
public sealed class RequestLogOptions
{
    /// <summary>Capacity of the in-memory queue, in records.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>A batch is written as soon as this many records wait.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>A batch is written at the latest this long after its oldest record arrived.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Byte limit (UTF-8) of request body, response body and error message, marker included.</summary>
    public int BodyByteLimit { get; set; } = 5_000;

    /// <summary>
    /// Most rows one transaction writes. When more than <see cref="BatchSize"/> records wait, the writer takes what is
    /// waiting up to this many, so sustained load means fewer, larger statements. 2,000: a batch's foreign-key check and
    /// rollup upserts cost the server per group (hour, key, provider and model), not per row, so a larger batch
    /// spreads them over more rows. Measured with two writers (scripts/bench.sh ingest, ~3 KB rows, 50 keys), 2,000-row
    /// batches cost the server 164 ms of CPU per 1,000 rows against 178 for 1,000-row ones and ingested 9 % more; 4,000
    /// were no faster than 2,000, and on a Galera cluster a smaller write set certifies and applies sooner.
    /// </summary>
    public int MaxBatchRows { get; set; } = 2_000;

    /// <summary>
    /// Most bytes one statement carries (estimated upper bound, escaping included). The effective cap is the smaller of
    /// this and the server's <c>max_allowed_packet</c> less a margin; body limits are lowered so one row always fits.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most batches in flight at once. With more than one, the next batch is prepared and streamed while the previous
    /// one is still being written and committed, so the server's work for one overlaps the other's (each batch is still
    /// one transaction; rows carry their own <c>created_at</c>, so their commit order does not matter). Two: on the
    /// benchmark machine four writers were not faster than two (scripts/bench.sh ingest, 1,000- and 2,000-row batches).
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>What happens to a record that arrives while the queue is full.</summary>
    public RequestLogOverflowPolicy OverflowPolicy { get; set; } = RequestLogOverflowPolicy.Journal;

    /// <summary>
    /// Most bytes the queued records may hold in memory (their strings as UTF-16 plus a fixed overhead, counted in O(1)
    /// at <see cref="IApiRequestLog.Enqueue"/>); a record that would exceed it follows <see cref="OverflowPolicy"/> as
    /// if the queue were full (<see cref="RequestLogOverflowPolicy.DropOldest"/> drops the oldest queued records until
    /// it fits). The overflow buffer on its way to the journal may hold as much again; a caller that finds it full
    /// journals it (and its own record) itself rather than drop anything.
    /// </summary>
    public long MaxQueuedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Capacity, in records, of the buffer that carries overflowing records to the journal.</summary>
    public int OverflowBufferCapacity { get; set; } = 20_000;

    /// <summary>
    /// Directory of the spill journal (batches the database could not take); empty disables the journal. Each gateway
    /// instance needs its own directory.
    /// </summary>
    public string? JournalDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "request-log", "journal");

    /// <summary>
    /// Most bytes the journal's segments may take. A batch that finds the journal at its cap is not journaled: it is
    /// counted as dropped (and as <c>journal cap refusals</c>), and the health check turns Unhealthy.
    /// </summary>
    public long JournalMaxBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Directory of the dead-letter files (rows the database refused for a data reason), JSON lines.</summary>
    public string DeadLetterDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "request-log", "dead-letter");

    /// <summary>How the rows are sent; <see cref="RequestLogWriteMode.Auto"/> prefers bulk copy and falls back by itself.</summary>
    public RequestLogWriteMode WriteMode { get; set; } = RequestLogWriteMode.Auto;

    /// <summary>Retries of a batch after a transient failure before it goes to the journal.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First retry delay; it doubles with each attempt (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>While the database is unavailable, how often it is probed (batches go straight to the journal meanwhile).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest time the shutdown drain writes to the database (also bounded by the host's shutdown timeout less a margin
    /// of a quarter of it, at most 5 s); what is left then goes to the journal within that margin.
    /// </summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Longest time one statement of the write path (bulk load, INSERT, pre-check) may run before it is abandoned and
    /// retried on a new connection; without one, a half-open connection would hold a writer slot forever.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Dead-letter files older than this are deleted (checked when a file is written and at start).</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most bytes the dead-letter files may take together; the oldest files are deleted beyond it.</summary>
    public long DeadLetterMaxBytes { get; set; } = 1024L * 1024 * 1024;
    /// <summary>Row and body retention (section <c>RequestLog:Retention</c>); off by default.</summary>
    public RetentionOptions Retention { get; set; } = new();
}
