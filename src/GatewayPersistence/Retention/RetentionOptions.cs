using System.ComponentModel.DataAnnotations;

namespace GatewayPersistence.Retention;

/// <summary>
/// Retention of the request log (section <c>GatewayPersistence:RequestLog:Retention</c>), off by default: a hosted
/// service deletes whole UTC hours of raw rows older than <see cref="RowDays"/> days and clears the bodies of rows older
/// than <see cref="BodyDays"/> days, in bounded chunks, one gateway instance at a time. The hourly rollups are kept, so
/// statistics and trends over purged hours still answer (from the rollups, at hour granularity).
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Days raw rows are kept (whole hours older than this are deleted); null keeps every row.</summary>
    [Range(1, 36_500)]
    public int? RowDays { get; set; }

    /// <summary>
    /// Days request and response bodies are kept (older rows keep everything else); null keeps every body. Usually
    /// shorter than <see cref="RowDays"/>: bodies are most of a row's size.
    /// </summary>
    [Range(1, 36_500)]
    public int? BodyDays { get; set; }

    /// <summary>Time between two runs (the first runs shortly after start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows one statement deletes or clears (each statement is its own short transaction).</summary>
    [Range(100, 100_000)]
    public int ChunkRows { get; set; } = 5_000;

    /// <summary>Longest time one run keeps deleting; what is left waits for the next run (the remaining-rows metric shows it).</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Shortest pause after each chunk, leaving the server to the ingest path between two deletes.</summary>
    public TimeSpan ChunkPause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The pause after a chunk is also at least this many times as long as the chunk took (default 3: the delete
    /// statements keep the server busy at most a quarter of the time, whatever the server's speed). 0 leaves only
    /// <see cref="ChunkPause"/>.
    /// </summary>
    /// <remarks>
    /// A chunk leaves about as much work again after its statement (the server's purge of the deleted index entries, the
    /// flushing of the pages it changed), which the pause has to cover too: at 10M rows beside a pipeline ingesting at
    /// full speed, a factor of 2 kept 0.79x and 0.91x of the ingest in two runs, a factor of 8 all of it at a fifth or less of
    /// the purge rate.
    /// </remarks>
    [Range(0.0, 100.0)]
    public double ChunkPauseFactor { get; set; } = 3.0;
}
