namespace GatewayPersistence.RequestLog;

/// <summary>How batches are sent to the server.</summary>
public enum RequestLogWriteMode
{
    /// <summary><c>LOAD DATA LOCAL</c>, streamed from the prepared rows, falling back to INSERT when the server refuses it.</summary>
    Auto,

    /// <summary>Always a parameterised multi-row INSERT.</summary>
    Insert,
}
