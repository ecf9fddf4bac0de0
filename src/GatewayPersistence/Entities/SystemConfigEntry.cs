namespace GatewayPersistence.Entities;

/// <summary>One system setting (table <c>system_config</c>, keyed by <c>`key`</c>).</summary>
public class SystemConfigEntry
{
    /// <summary>Setting name (the column is the reserved word <c>key</c>).</summary>
    public string Key { get; set; } = "";

    /// <summary>Setting value; booleans are stored as <c>true</c>/<c>false</c>.</summary>
    public string Value { get; set; } = "";

    /// <summary>Free-text description.</summary>
    public string? Description { get; set; }

    /// <summary>When the value was last written.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
