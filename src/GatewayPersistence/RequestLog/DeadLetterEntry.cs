namespace GatewayPersistence.RequestLog;

/// <summary>
/// One line of the dead-letter file: the record bounded as the database stores it (<see cref="RecordBounder"/>), the server's message, its error number (0 for a refusal of
/// the pipeline's own), why it was judged a data error, and when.
/// </summary>
internal sealed record DeadLetterEntry(DateTimeOffset FailedAt, string Error, ApiRequestRecord Record, int ErrorNumber = 0, string? Judgement = null);
