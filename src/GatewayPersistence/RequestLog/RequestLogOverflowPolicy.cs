namespace GatewayPersistence.RequestLog;

/// <summary>What the request log does with a record that arrives while its queue is full.</summary>
public enum RequestLogOverflowPolicy
{
    /// <summary>Append it to the spill journal (needs <see cref="RequestLogOptions.JournalDirectory"/>); nothing is lost.</summary>
    Journal,

    /// <summary>Drop the arriving record (counted and logged).</summary>
    DropNewest,

    /// <summary>Drop the oldest queued record to make room (counted and logged).</summary>
    DropOldest,
}
