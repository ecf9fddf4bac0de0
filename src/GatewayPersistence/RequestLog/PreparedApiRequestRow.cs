namespace GatewayPersistence.RequestLog;

/// <summary>One record made ready for the server: provider values in <see cref="ApiRequestColumnLayout.Columns"/> order, bounded.</summary>
internal sealed class PreparedApiRequestRow(ApiRequestRecord source, object?[] values, int estimatedBytes)
{
    /// <summary>The record as the gateway gave it (the journal and the dead-letter file keep it bounded: <see cref="RecordBounder"/>).</summary>
    public ApiRequestRecord Source { get; } = source;

    /// <summary>Values to send; a dangling foreign key is set to null here.</summary>
    public object?[] Values { get; } = values;

    /// <summary>Upper bound of the bytes this row takes in a statement, escaping included.</summary>
    public int EstimatedBytes { get; } = estimatedBytes;

    public string Id => Source.Id;
}
