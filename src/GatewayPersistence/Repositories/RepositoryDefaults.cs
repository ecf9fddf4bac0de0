namespace GatewayPersistence.Repositories;

/// <summary>Default row limits of repository list reads (every list is bounded).</summary>
public static class RepositoryDefaults
{
    /// <summary>Configuration tables (users, providers, models, keys, settings, routing, health targets).</summary>
    public const int ListLimit = 1000;

    /// <summary>Log-like tables read newest first (expert-routing logs, health runs, a key's requests).</summary>
    public const int LogLimit = 100;

    /// <summary>Health runs of one target in a time window.</summary>
    public const int WindowLimit = 10_000;

    /// <summary>Rows of one request-log page when the query names no limit.</summary>
    public const int RequestPageSize = 100;

    /// <summary>Most rows one request-log page may ask for (<see cref="ApiRequestQuery.Limit"/>).</summary>
    public const int MaxRequestPageSize = 1000;
}
