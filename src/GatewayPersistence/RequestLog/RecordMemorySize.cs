namespace GatewayPersistence.RequestLog;

/// <summary>
/// What a queued record costs in memory, in O(1): its strings' lengths (UTF-16, two bytes a character) plus a fixed
/// overhead for the record and its fields. No UTF-8 counting: <see cref="IApiRequestLog.Enqueue"/> must stay cheap.
/// </summary>
internal static class RecordMemorySize
{
    /// <summary>The record object, its value fields and the string headers, roughly.</summary>
    private const long Overhead = 320;

    public static long Of(ApiRequestRecord record)
        => Overhead + 2L * ((long)record.Id.Length
            + (record.VirtualKeyId?.Length ?? 0) + (record.ProviderId?.Length ?? 0) + (record.Model?.Length ?? 0)
            + (record.Status?.Length ?? 0) + (record.ErrorMessage?.Length ?? 0) + (record.RequestBody?.Length ?? 0)
            + (record.ResponseBody?.Length ?? 0) + (record.RequestParamsJson?.Length ?? 0) + (record.ResponseMetaJson?.Length ?? 0)
            + (record.RequestType?.Length ?? 0) + (record.Ip?.Length ?? 0) + (record.UserAgent?.Length ?? 0));
}
