using System.ComponentModel.DataAnnotations;
using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Retention;

/// <summary>Checks <see cref="RetentionOptions"/> at start-up: ranges, positive durations, bodies kept no longer than rows.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<GatewayPersistenceOptions>
{
    private const string Prefix = GatewayPersistenceOptions.SectionName + ":RequestLog:Retention";

    public ValidateOptionsResult Validate(string? name, GatewayPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retention = options.RequestLog?.Retention;
        if (retention is null)
        {
            return ValidateOptionsResult.Fail($"{Prefix} must not be null.");
        }

        var failures = new List<ValidationResult>();
        Validator.TryValidateObject(retention, new ValidationContext(retention), failures, validateAllProperties: true);
        var messages = failures.Select(failure => $"{Prefix}: {failure.ErrorMessage}").ToList();
        foreach (var (value, setting) in new[] { (retention.Interval, "Interval"), (retention.TimeBudget, "TimeBudget") })
        {
            if (value <= TimeSpan.Zero)
            {
                messages.Add($"{Prefix}:{setting} must be positive (was {value}).");
            }
        }

        if (retention.ChunkPause < TimeSpan.Zero)
        {
            messages.Add($"{Prefix}:ChunkPause must not be negative (was {retention.ChunkPause}).");
        }

        if (retention is { RowDays: { } rowDays, BodyDays: { } bodyDays } && bodyDays > rowDays)
        {
            messages.Add($"{Prefix}:BodyDays ({bodyDays}) must not exceed RowDays ({rowDays}): a deleted row keeps no body.");
        }

        return messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
    }
}
