namespace GatewayPersistence.RequestLog;

/// <summary>A queued record with the time it arrived (the 10-second rule counts from it).</summary>
internal readonly record struct QueuedRecord(ApiRequestRecord Record, long EnqueuedAt);
