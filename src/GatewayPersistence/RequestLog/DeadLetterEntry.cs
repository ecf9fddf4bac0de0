namespace GatewayPersistence.RequestLog;

/// <summary>One line of the dead-letter file: the record as given, why it was refused, and when.</summary>
internal sealed record DeadLetterEntry(DateTimeOffset FailedAt, string Error, ApiRequestRecord Record);
