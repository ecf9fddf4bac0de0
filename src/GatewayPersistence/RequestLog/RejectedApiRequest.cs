namespace GatewayPersistence.RequestLog;

/// <summary>
/// A record that cannot be written whatever is retried: it goes to the dead-letter file with the server's message, its
/// error number (0 when the refusal is the pipeline's own, e.g. an id longer than its column) and why it was judged a
/// data error rather than a server state.
/// </summary>
internal sealed record RejectedApiRequest(ApiRequestRecord Source, string Reason, int ErrorNumber = 0, string? Judgement = null);
