namespace GatewayPersistence.RequestLog;

/// <summary>A queued record with the time it arrived (the 10-second rule counts from it) and its memory size (<see cref="RecordMemorySize"/>).</summary>
internal readonly record struct QueuedRecord(ApiRequestRecord Record, long EnqueuedAt, long Bytes);
