namespace GatewayPersistence.RequestLog;

/// <summary>What a failed write means for the batch.</summary>
internal enum RequestLogFailureKind
{
    /// <summary>The server is unreachable or busy: retry with backoff, then spill to the journal.</summary>
    Transient,

    /// <summary>The server refuses <c>LOAD DATA LOCAL</c>: switch to INSERT.</summary>
    LocalInfileRefused,

    /// <summary>A row that the pre-check did not see was inserted meanwhile (another writer): run the batch again.</summary>
    Conflict,

    /// <summary>Some row is refused for what it holds: split the batch to isolate it.</summary>
    Data,
}
