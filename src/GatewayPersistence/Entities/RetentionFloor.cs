namespace GatewayPersistence.Entities;

/// <summary>
/// How far retention has gone (table <c>api_request_retention_floors</c>, one row per kind): below
/// <see cref="FloorAt"/> the raw rows (kind <c>rows</c>) or their bodies (kind <c>bodies</c>) may be gone. Raised before
/// anything is deleted, never lowered, so a read that honours it never sees a half-deleted hour.
/// </summary>
internal sealed class RetentionFloor
{
    /// <summary>What the floor is of: <see cref="RowsKind"/> or <see cref="BodiesKind"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The floor: a whole UTC hour for rows; for bodies, the first instant whose bodies are still kept.</summary>
    public DateTimeOffset FloorAt { get; set; }

    /// <summary>When the floor was last raised.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Kind of the raw-row floor: <c>api_requests</c> holds no row below it.</summary>
    public const string RowsKind = "rows";

    /// <summary>Kind of the body floor: rows below it have no request or response body.</summary>
    public const string BodiesKind = "bodies";
}
