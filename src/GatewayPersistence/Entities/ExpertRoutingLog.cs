namespace GatewayPersistence.Entities;

/// <summary>One classified request of expert routing (table <c>expert_routing_logs</c>).</summary>
public class ExpertRoutingLog
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The virtual key used; null after the key was deleted.</summary>
    public string? VirtualKeyId { get; set; }

    /// <summary>The expert-routing configuration (no foreign key).</summary>
    public string ExpertRoutingId { get; set; } = "";

    /// <summary>Hash of the classified request.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>Model that classified the request.</summary>
    public string ClassifierModel { get; set; } = "";

    /// <summary>The category chosen.</summary>
    public string ClassificationResult { get; set; } = "";

    /// <summary>Id of the expert chosen.</summary>
    public string SelectedExpertId { get; set; } = "";

    /// <summary>Kind of the expert chosen.</summary>
    public string SelectedExpertType { get; set; } = "";

    /// <summary>Name of the expert chosen.</summary>
    public string SelectedExpertName { get; set; } = "";

    /// <summary>Classification time in milliseconds.</summary>
    public int? ClassificationTime { get; set; }

    /// <summary>The original request text.</summary>
    public string? OriginalRequest { get; set; }

    /// <summary>What was sent to the classifier.</summary>
    public string? ClassifierRequest { get; set; }

    /// <summary>What the classifier answered.</summary>
    public string? ClassifierResponse { get; set; }

    /// <summary><c>llm</c> or <c>fallback</c>.</summary>
    public string? RouteSource { get; set; }

    /// <summary>Prompt tokens of the classifier call.</summary>
    public int? PromptTokens { get; set; } = 0;

    /// <summary>Length of the cleaned content that was classified.</summary>
    public int? CleanedContentLength { get; set; } = 0;

    /// <summary>When the request was classified.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
