using System.Text.Json.Serialization;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The JSON of one journal line from format 2 on: the format version and the record bounded as the database stores it.
/// A format-1 line (the record itself) reads as version 0 with no record, which tells the two apart.
/// </summary>
internal sealed record JournalLine(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("record")] ApiRequestRecord? Record);
