namespace GatewayPersistence;

/// <summary>
/// The gateway's database: one DbSet per table of the legacy schema plus the rollups built on it.
/// Mapping lives in one <see cref="IEntityTypeConfiguration{TEntity}"/> per entity under <c>EntityConfigurations/</c>.
/// </summary>
public class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    /// <summary>Character set of every table.</summary>
    public const string CharSet = "utf8mb4";

    /// <summary>Collation of every table.</summary>
    public const string Collation = "utf8mb4_unicode_ci";

    /// <summary>Administrator accounts.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>Upstream providers.</summary>
    public DbSet<Provider> Providers => Set<Provider>();

    /// <summary>Models.</summary>
    public DbSet<Model> Models => Set<Model>();

    /// <summary>Virtual API keys.</summary>
    public DbSet<VirtualKey> VirtualKeys => Set<VirtualKey>();

    /// <summary>System settings.</summary>
    public DbSet<SystemConfigEntry> SystemConfig => Set<SystemConfigEntry>();

    /// <summary>Request log.</summary>
    public DbSet<ApiRequest> ApiRequests => Set<ApiRequest>();

    /// <summary>Hourly aggregates of the request log.</summary>
    /// <summary>Hourly aggregates of the request log.</summary>
    public DbSet<ApiRequestHourlyRollup> ApiRequestHourlyRollups => Set<ApiRequestHourlyRollup>();

    /// <summary>Trend counters per virtual key × hour (<c>api_request_key_hourly_rollups</c>).</summary>
    public DbSet<ApiRequestKeyHourlyRollup> ApiRequestKeyHourlyRollups => Set<ApiRequestKeyHourlyRollup>();

    /// <summary>Routing configurations.</summary>
    public DbSet<RoutingConfig> RoutingConfigs => Set<RoutingConfig>();

    /// <summary>Expert-routing configurations.</summary>
    public DbSet<ExpertRoutingConfig> ExpertRoutingConfigs => Set<ExpertRoutingConfig>();

    /// <summary>Expert-routing classification log.</summary>
    public DbSet<ExpertRoutingLog> ExpertRoutingLogs => Set<ExpertRoutingLog>();

    /// <summary>Health-check targets.</summary>
    public DbSet<HealthTarget> HealthTargets => Set<HealthTarget>();

    /// <summary>Health-check runs.</summary>
    public DbSet<HealthRun> HealthRuns => Set<HealthRun>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCharSet(CharSet);
        modelBuilder.UseCollation(Collation);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GatewayDbContext).Assembly);
    }
}
