namespace GatewayPersistence.Repositories;

/// <summary>A classified request to log; <c>created_at</c> is set to now.</summary>
public sealed record NewExpertRoutingLog
{
    /// <summary>The expert-routing configuration used.</summary>
    public required string ExpertRoutingId { get; init; }

    /// <summary>Hash of the classified request.</summary>
    public required string RequestHash { get; init; }

    /// <summary>Model that classified the request.</summary>
    public required string ClassifierModel { get; init; }

    /// <summary>The category chosen.</summary>
    public required string ClassificationResult { get; init; }

    /// <summary>Id of the expert chosen.</summary>
    public required string SelectedExpertId { get; init; }

    /// <summary>Kind of the expert chosen (up to 50 characters).</summary>
    public required string SelectedExpertType { get; init; }

    /// <summary>Name of the expert chosen.</summary>
    public required string SelectedExpertName { get; init; }

    /// <summary>The virtual key used (must exist when given).</summary>
    public string? VirtualKeyId { get; init; }

    /// <summary>Classification time in milliseconds.</summary>
    public int? ClassificationTime { get; init; }

    /// <summary>The original request text (MEDIUMTEXT).</summary>
    public string? OriginalRequest { get; init; }

    /// <summary>What was sent to the classifier (MEDIUMTEXT).</summary>
    public string? ClassifierRequest { get; init; }

    /// <summary>What the classifier answered (MEDIUMTEXT).</summary>
    public string? ClassifierResponse { get; init; }

    /// <summary><c>llm</c> or <c>fallback</c>.</summary>
    public string? RouteSource { get; init; }

    /// <summary>Prompt tokens of the classifier call.</summary>
    public int? PromptTokens { get; init; } = 0;

    /// <summary>Length of the cleaned content that was classified.</summary>
    public int? CleanedContentLength { get; init; } = 0;

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}
