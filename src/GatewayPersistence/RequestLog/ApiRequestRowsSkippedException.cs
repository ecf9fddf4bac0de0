namespace GatewayPersistence.RequestLog;

/// <summary>
/// A bulk load inserted fewer rows than it sent (LOAD DATA LOCAL turns errors into warnings); carries the first
/// warning's error number (0 when the server gave none), so a dead-letter entry can say what the server objected to.
/// </summary>
internal sealed class ApiRequestRowsSkippedException(string message, int errorNumber = 0) : Exception(message)
{
    public int ErrorNumber { get; } = errorNumber;
}
