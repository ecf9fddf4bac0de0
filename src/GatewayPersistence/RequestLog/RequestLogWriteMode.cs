namespace GatewayPersistence.RequestLog;

/// <summary>How batches are sent to the server.</summary>
public enum RequestLogWriteMode
{
    /// <summary><c>LOAD DATA LOCAL</c> through MySqlBulkCopy, falling back to INSERT when the server refuses it.</summary>
    Auto,

    /// <summary>Always a parameterised multi-row INSERT.</summary>
    Insert,
}
