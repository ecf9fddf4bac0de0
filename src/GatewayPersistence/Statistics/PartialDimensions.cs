namespace GatewayPersistence.Statistics;

/// <summary>Grouping columns the partial aggregates carry besides the virtual key (always kept for the visibility rule).</summary>
[Flags]
internal enum PartialDimensions
{
    None = 0,
    Provider = 1,
    Model = 2,
    Bucket = 4,
}
