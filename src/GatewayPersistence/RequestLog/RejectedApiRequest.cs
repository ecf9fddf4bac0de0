namespace GatewayPersistence.RequestLog;

/// <summary>A record that cannot be written whatever is retried: it goes to the dead-letter file.</summary>
internal sealed record RejectedApiRequest(ApiRequestRecord Source, string Reason);
