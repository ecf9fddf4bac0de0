namespace GatewayHost;

/// <summary>Settings of the sample host (section <c>GatewayHost</c>).</summary>
internal sealed class GatewayHostOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "GatewayHost";

    /// <summary>Largest accepted request body (Kestrel's MaxRequestBodySize too); larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Whether an empty database gets one provider, one model and one virtual key at start-up.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Pause of the fake upstream between two streamed pieces of an answer (<c>stream: true</c>).</summary>
    public TimeSpan StreamChunkDelay { get; set; } = TimeSpan.FromMilliseconds(10);
}
