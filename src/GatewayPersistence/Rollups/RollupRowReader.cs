using System.Globalization;

namespace GatewayPersistence.Rollups;

/// <summary>
/// Reads what the rollups count (<see cref="ApiRequestRollupRow"/>) out of a row of provider values, given the
/// <see cref="ApiRequest"/> property behind each position. A generated <c>total_tokens</c> is not among the written
/// columns: its stored value is <c>prompt_tokens + completion_tokens</c> (NULL when either is), as the server computes it.
/// </summary>
internal sealed class RollupRowReader
{
    private readonly int createdAt;
    private readonly int virtualKeyId;
    private readonly int providerId;
    private readonly int model;
    private readonly int status;
    private readonly int promptTokens;
    private readonly int completionTokens;
    private readonly int? totalTokens;
    private readonly int cachedTokens;
    private readonly int cacheHit;
    private readonly int responseTime;

    /// <param name="propertyNames">The <see cref="ApiRequest"/> property at each position of a row.</param>
    public RollupRowReader(IReadOnlyList<string> propertyNames)
    {
        ArgumentNullException.ThrowIfNull(propertyNames);
        int? Find(string property)
        {
            for (var index = 0; index < propertyNames.Count; index++)
            {
                if (propertyNames[index] == property)
                {
                    return index;
                }
            }

            return null;
        }

        int Required(string property) => Find(property) ?? throw new ArgumentException($"The row has no {property}.", nameof(propertyNames));
        createdAt = Required(nameof(ApiRequest.CreatedAt));
        virtualKeyId = Required(nameof(ApiRequest.VirtualKeyId));
        providerId = Required(nameof(ApiRequest.ProviderId));
        model = Required(nameof(ApiRequest.Model));
        status = Required(nameof(ApiRequest.Status));
        promptTokens = Required(nameof(ApiRequest.PromptTokens));
        completionTokens = Required(nameof(ApiRequest.CompletionTokens));
        totalTokens = Find(nameof(ApiRequest.TotalTokens));
        cachedTokens = Required(nameof(ApiRequest.CachedTokens));
        cacheHit = Required(nameof(ApiRequest.CacheHit));
        responseTime = Required(nameof(ApiRequest.ResponseTime));
    }

    /// <summary>The counted values of the row <paramref name="id"/> holding <paramref name="values"/> as stored.</summary>
    public ApiRequestRollupRow Read(string id, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var prompt = Int(values[promptTokens]);
        var completion = Int(values[completionTokens]);
        long? total = totalTokens is { } written
            ? Int(values[written])
            : prompt is { } p && completion is { } c ? (long)p + c : null;
        return new ApiRequestRollupRow(
            id,
            Convert.ToInt64(values[createdAt], CultureInfo.InvariantCulture),
            values[virtualKeyId] as string,
            values[providerId] as string,
            values[model] as string,
            values[status] as string,
            prompt,
            completion,
            total,
            Int(values[cachedTokens]),
            values[cacheHit] is { } hit && Convert.ToInt64(hit, CultureInfo.InvariantCulture) == 1,
            Int(values[responseTime]));
    }

    private static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
