namespace GatewayPersistence.RequestLog;

/// <summary>A bulk load inserted fewer rows than it sent (LOAD DATA LOCAL turns errors into warnings).</summary>
internal sealed class ApiRequestRowsSkippedException(string message) : Exception(message);
