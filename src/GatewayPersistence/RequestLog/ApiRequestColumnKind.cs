namespace GatewayPersistence.RequestLog;

/// <summary>How the pipeline bounds one column's value before writing.</summary>
internal enum ApiRequestColumnKind
{
    /// <summary>Numbers, flags, timestamps: written as they are.</summary>
    Plain,

    /// <summary><c>VARCHAR(n)</c>: cut to n characters (utf8mb4 counts code points).</summary>
    VarChar,

    /// <summary>TEXT family: cut to the body byte limit with the legacy marker.</summary>
    BoundedText,

    /// <summary>JSON: never cut (that would break it); invalid JSON is stored as NULL.</summary>
    Json,
}
