using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The on-disk journal of batches the database could not take. Each batch becomes one segment file of JSON lines,
/// written under a temporary name, flushed to disk and then renamed (and the directory flushed, so the name is durable
/// too), so a crash never leaves half a segment. Segments
/// are replayed in sequence order and deleted only after their rows are committed. A write failure (disk full,
/// read-only directory) never throws: it is counted, logged and exposed as <see cref="Faulted"/>. Records are written
/// bounded as the database stores them (<see cref="RecordBounder"/>, format of <see cref="JournalRecordCodec"/>), so a
/// segment costs what its rows cost the table; segments of the first format (records as given) are still read.
/// </summary>
/// <remarks>
/// <see cref="Open"/> (at the flush service's start) takes an exclusive lock on the directory, so a second process
/// pointed at it fails at start instead of reusing sequence numbers, and recovers the <c>.tmp</c> files a crash left
/// between the write and the rename. Files are created owner-only: they hold request bodies.
/// </remarks>
internal sealed class SpillJournal : IDisposable
{
    private const string Extension = ".jsonl";
    private const string TemporaryExtension = ".jsonl.tmp";
    private const string QuarantineExtension = ".unreadable";
    private const string LockFileName = ".lock";

    private readonly string? directory;
    private readonly RequestLogMetrics metrics;
    private readonly ILogger logger;
    private readonly Lock sync = new();
    private long nextSequence = -1;
    private volatile bool faulted;
    private FileStream? directoryLock;
    private long journalBytes = -1;
    private long directorySyncs;
    private readonly long maxBytes;
    private readonly RecordBounder? bounder;

    /// <param name="options">Pipeline settings.</param>
    /// <param name="metrics">Counters.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="bounder">Bounds records before they are written (none: written as given, as tests of the file format do).</param>
    public SpillJournal(RequestLogOptions options, RequestLogMetrics metrics, ILogger<SpillJournal> logger, RecordBounder? bounder = null)
    {
        this.bounder = bounder;
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.JournalDirectory;
        this.directory = string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory);
        this.metrics = metrics;
        this.logger = logger;
        maxBytes = options.JournalMaxBytes;
    }

    /// <summary>Bytes the segments take (counted from the directory once, then kept up to date).</summary>
    public long SizeBytes => Interlocked.Read(ref journalBytes) < 0 ? MeasureBytes() : Interlocked.Read(ref journalBytes);

    private long MeasureBytes()
    {
        long total = 0;
        foreach (var segment in ListSegments())
        {
            try
            {
                total += new FileInfo(segment).Length;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile (replayed): not counted.
            }
        }

        Interlocked.CompareExchange(ref journalBytes, total, -1);
        return Interlocked.Read(ref journalBytes);
    }

    public bool Enabled => directory is not null;

    /// <summary>
    /// Takes the directory's exclusive lock and recovers leftovers of a crash; throws
    /// <see cref="InvalidOperationException"/> naming the directory when another process holds it.
    /// </summary>
    public void Open()
    {
        if (directory is null || directoryLock is not null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not usable now: appends fail, are counted and exposed as Faulted; the gateway keeps serving.
            faulted = true;
            logger.LogJournalAppendFailed(0, directory, exception);
            return;
        }

        try
        {
            // FileShare.None is an exclusive flock on Unix and a share-mode lock on Windows, held until Dispose.
            directoryLock = new FileStream(Path.Combine(directory, LockFileName), OwnerOnly.ExclusiveLock());
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"The request-log journal directory '{directory}' is in use by another process. Each gateway instance needs its own " +
                "GatewayPersistence:RequestLog:JournalDirectory.", exception);
        }

        RecoverTemporaryFiles();
    }

    public void Dispose()
    {
        directoryLock?.Dispose();
        directoryLock = null;
    }

    /// <summary>Moves a segment that cannot be read aside (kept for an operator), so the rest of the journal replays.</summary>
    public void Quarantine(string segment, Exception reason)
    {
        var target = segment + QuarantineExtension;
        try
        {
            File.Move(segment, target, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogJournalDeleteFailed(Path.GetFileName(segment), exception);
        }

        metrics.AddJournalFailure();
        logger.LogSegmentQuarantined(Path.GetFileName(segment), Path.GetFileName(target), reason);
    }

    /// <summary>
    /// A <c>.tmp</c> file is a segment a crash interrupted between its write and its rename: its complete lines are
    /// records that were never written elsewhere, so it becomes a segment (a torn last line is skipped and logged when
    /// it is read); an empty one is removed.
    /// </summary>
    private void RecoverTemporaryFiles()
    {
        foreach (var temporary in Directory.GetFiles(directory!, "*" + TemporaryExtension))
        {
            try
            {
                if (new FileInfo(temporary).Length == 0)
                {
                    File.Delete(temporary);
                    continue;
                }

                File.Move(temporary, temporary[..^".tmp".Length], overwrite: false);
                SyncDirectory();
                metrics.AddJournalTemporaryRecovered();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogJournalDeleteFailed(Path.GetFileName(temporary), exception);
            }
        }
    }

    public bool Faulted => faulted;

    /// <summary>Segments waiting to be replayed.</summary>
    public int SegmentCount => ListSegments().Count;

    /// <summary>Appends one batch as a new segment; false (counted, logged) when it could not be made durable.</summary>
    public bool TryAppend(IReadOnlyList<ApiRequestRecord> records)
    {
        if (records.Count == 0)
        {
            return true;
        }

        if (directory is null)
        {
            return false;
        }

        if (SizeBytes >= maxBytes)
        {
            // The explicit policy of a full journal: the batch is not journaled, and it is counted as dropped by the caller.
            metrics.AddJournalCapRefusal();
            logger.LogJournalFull(records.Count, maxBytes);
            return false;
        }

        try
        {
            string path;
            lock (sync)
            {
                Directory.CreateDirectory(directory);
                if (nextSequence < 0)
                {
                    nextSequence = ListSegments().Select(SequenceOf).DefaultIfEmpty(0).Max() + 1;
                }

                path = Path.Combine(directory, nextSequence.ToString("D12", CultureInfo.InvariantCulture));
                nextSequence++;
            }

            var temporary = path + TemporaryExtension;
            using (var stream = new FileStream(temporary, OwnerOnly.CreateNew()))
            {
                var scratch = new ArrayBufferWriter<byte>(4096);
                foreach (var record in bounder?.Bound(records) ?? records)
                {
                    JournalRecordCodec.Write(stream, record, scratch);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path + Extension);
            SyncDirectory();
            Interlocked.Add(ref journalBytes, new FileInfo(path + Extension).Length);
            faulted = false;
            metrics.AddSpilled(records.Count);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            faulted = true;
            metrics.AddJournalFailure();
            logger.LogJournalAppendFailed(records.Count, directory, exception);
            return false;
        }
    }

    /// <summary>How often the directory was flushed to disk after a rename (none on Windows).</summary>
    internal long DirectorySyncs => Interlocked.Read(ref directorySyncs);

    /// <summary>
    /// The rename is durable only once the directory's entries are: without it a power loss can keep the flushed bytes
    /// but lose the segment's name, so an acknowledged batch would vanish.
    /// </summary>
    private void SyncDirectory()
    {
        if (DirectorySync.TryFlush(directory!))
        {
            Interlocked.Increment(ref directorySyncs);
        }
    }

    /// <summary>Segment paths in replay order.</summary>
    public IReadOnlyList<string> ListSegments()
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return Directory.GetFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// The records of one segment. A line whose checksum does not match or that does not parse is counted
    /// (<see cref="RequestLogMetrics.JournalCorruptRecords"/>, a torn last line as <see cref="RequestLogMetrics.JournalTornRecords"/>),
    /// logged and left out: it was never acknowledged whole.
    /// </summary>
    public List<ApiRequestRecord> Read(string segment)
    {
        var records = new List<ApiRequestRecord>();
        var bytes = File.ReadAllBytes(segment);
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            var torn = end < 0;
            var line = torn ? rest : rest[..end];
            rest = torn ? [] : rest[(end + 1)..];
            if (line.Length == 0)
            {
                continue;
            }

            if (JournalRecordCodec.Read(line, out var problem) is { } record && !torn)
            {
                records.Add(record);
                continue;
            }

            if (torn)
            {
                metrics.AddJournalTornRecord();
            }
            else
            {
                metrics.AddJournalCorruptRecord();
            }

            logger.LogJournalLineUnreadable(Path.GetFileName(segment), torn ? "torn last line (no line end)" : problem ?? "unreadable");
        }

        return records;
    }

    /// <summary>Deletes a segment whose rows are committed.</summary>
    public void Delete(string segment)
    {
        try
        {
            var length = new FileInfo(segment).Length;
            File.Delete(segment);
            if (Interlocked.Read(ref journalBytes) >= 0)
            {
                Interlocked.Add(ref journalBytes, -length);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Replaying it again later is harmless: writes are idempotent on the id.
            logger.LogJournalDeleteFailed(Path.GetFileName(segment), exception);
        }
    }

    private static long SequenceOf(string path)
        => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
}
