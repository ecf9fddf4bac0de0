using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.HealthChecks;

/// <summary>
/// Turns the request-log state into a health status: Unhealthy while rows are being dropped (they are lost) or while
/// the flush loop is failing (its batches only reach the journal); Degraded while spilling to the journal, when the
/// journal is faulted (the next outage would lose rows), while rows are being dead-lettered (they are not in the
/// database) or when the queue is more than 80% full (the writer falls behind); Healthy otherwise.
/// </summary>
internal static class RequestLogHealthEvaluator
{
    /// <summary>Queue fill ratio above which the log is reported Degraded.</summary>
    internal const double DegradedQueueFillRatio = 0.8;

    public static HealthCheckResult Evaluate(RequestLogHealthSnapshot state)
    {
        var fill = state.QueueCapacity > 0 ? (double)state.QueueDepth / state.QueueCapacity : 0;
        var data = new Dictionary<string, object>
        {
            ["queue_depth"] = state.QueueDepth,
            ["queue_capacity"] = state.QueueCapacity,
            ["spilling"] = state.IsSpilling,
            ["dropping"] = state.IsDropping,
            ["journal_faulted"] = state.JournalFaulted,
            ["failing"] = state.IsFailing,
            ["dead_lettering"] = state.IsDeadLettering,
        };

        if (state.IsDropping)
        {
            return HealthCheckResult.Unhealthy("The request log is dropping records.", data: data);
        }

        if (state.IsFailing)
        {
            return HealthCheckResult.Unhealthy("The request log's flush loop is failing; its batches go to the journal.", data: data);
        }

        var problems = new List<string>();
        if (state.IsSpilling)
        {
            problems.Add("spilling batches to the on-disk journal");
        }

        if (state.JournalFaulted)
        {
            problems.Add("the spill journal cannot be written");
        }

        if (state.IsDeadLettering)
        {
            problems.Add("dead-lettering rows the database refuses for their data");
        }

        if (fill > DegradedQueueFillRatio)
        {
            problems.Add($"the queue is {fill:P0} full ({state.QueueDepth} of {state.QueueCapacity})");
        }

        return problems.Count > 0
            ? HealthCheckResult.Degraded("The request log is " + string.Join("; ", problems) + ".", data: data)
            : HealthCheckResult.Healthy($"The request log is keeping up ({state.QueueDepth} of {state.QueueCapacity} queued).", data: data);
    }
}
