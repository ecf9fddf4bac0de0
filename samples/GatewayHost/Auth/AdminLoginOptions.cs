using System.ComponentModel.DataAnnotations;

namespace GatewayHost.Auth;

/// <summary>The sample's admin login (section <c>GatewayHost:Admin</c>).</summary>
internal sealed class AdminLoginOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "GatewayHost:Admin";

    /// <summary>Failed logins one client (remote address) may make within <see cref="FailedLoginWindow"/>; the next gets 429.</summary>
    [Range(1, 10_000)]
    public int FailedLoginLimit { get; set; } = 10;

    /// <summary>The sliding window the failed logins are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a browser session (cookie) lasts without use; each use extends it (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a bearer token from <c>POST /admin/login</c> is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan BearerTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a database without any user gets one admin at start-up, its random password printed once. Unset: the
    /// same as <c>GatewayHost:SeedDemoData</c> (a host told not to seed touches no table at start, so it also starts
    /// while the database is away).
    /// </summary>
    public bool? SeedUser { get; set; }

    /// <summary>The seeded admin's username.</summary>
    [Required]
    [StringLength(255, MinimumLength = 1)]
    public string SeedUsername { get; set; } = "admin";
}
