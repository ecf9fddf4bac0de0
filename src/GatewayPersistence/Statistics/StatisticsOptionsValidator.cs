using System.ComponentModel.DataAnnotations;
using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Statistics;

/// <summary>Checks <see cref="StatisticsOptions"/> at start-up: its ranges, and that the time zone id resolves.</summary>
internal sealed class StatisticsOptionsValidator : IValidateOptions<GatewayPersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var statistics = options.Statistics;
        var failures = new List<ValidationResult>();
        Validator.TryValidateObject(statistics, new ValidationContext(statistics), failures, validateAllProperties: true);
        var messages = failures.Select(failure => $"Statistics: {failure.ErrorMessage}").ToList();
        if (!string.IsNullOrWhiteSpace(statistics.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(statistics.TimeZone, out _))
        {
            messages.Add($"Statistics:TimeZone '{statistics.TimeZone}' is not a known time zone id.");
        }

        return messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
    }
}
