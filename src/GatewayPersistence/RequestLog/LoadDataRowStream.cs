using System.Buffers;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Prepared rows as the <c>LOAD DATA LOCAL</c> input (<see cref="LoadDataFormat"/>), encoded as the driver reads: each
/// row straight into the driver's buffer when its bound fits there, otherwise into a buffer of its own that the next
/// reads drain. The values are read once, in one pass with no per-value dispatch beyond their type.
/// </summary>
internal sealed class LoadDataRowStream(IReadOnlyList<PreparedApiRequestRow> rows) : Stream
{
    private byte[] pending = [];
    private int pendingStart;
    private int pendingEnd;
    private byte[] scratch = [];
    private int next;
    private bool disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var written = 0;
        while (written < buffer.Length)
        {
            if (pendingStart < pendingEnd)
            {
                var chunk = Math.Min(pendingEnd - pendingStart, buffer.Length - written);
                pending.AsSpan(pendingStart, chunk).CopyTo(buffer[written..]);
                pendingStart += chunk;
                written += chunk;
                continue;
            }

            if (next == rows.Count)
            {
                break;
            }

            var values = rows[next++].Values;
            var bound = PrepareBuffers(values);
            if (bound <= buffer.Length - written)
            {
                written += WriteRow(values, buffer[written..]);
            }
            else
            {
                pending = Grow(pending, bound);
                pendingStart = 0;
                pendingEnd = WriteRow(values, pending);
            }
        }

        return written;
    }

    // The driver reads with the array overload: answered synchronously, the encoding is CPU work with nothing to wait for.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!disposed)
        {
            disposed = true;
            Return(pending);
            Return(scratch);
            pending = scratch = [];
        }

        base.Dispose(disposing);
    }

    /// <summary>The row's bound; makes the scratch buffer big enough for its longest text.</summary>
    private int PrepareBuffers(object?[] values)
    {
        var bound = 0;
        var longest = 0;
        foreach (var value in values)
        {
            bound += LoadDataFormat.MaxBytes(value);
            longest = Math.Max(longest, LoadDataFormat.ScratchBytes(value));
        }

        scratch = Grow(scratch, longest);
        return bound;
    }

    private int WriteRow(object?[] values, Span<byte> destination)
    {
        var written = 0;
        for (var index = 0; index < values.Length; index++)
        {
            written += LoadDataFormat.Write(values[index], destination[written..], scratch);
            destination[written++] = index == values.Length - 1 ? (byte)LoadDataFormat.LineTerminator[0] : (byte)LoadDataFormat.FieldTerminator[0];
        }

        return written;
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        if (buffer.Length >= size)
        {
            return buffer;
        }

        Return(buffer);
        return ArrayPool<byte>.Shared.Rent(size);
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
