using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Impact.Models;

namespace Portal.Impact.Data;

/// <summary>The impact module's own tables (prefix <c>imp_</c>): targets, their history, published metrics. No figures.</summary>
public sealed class ImpactDbContext(DbContextOptions<ImpactDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "imp_";

    public DbSet<ImpactTarget> Targets => Set<ImpactTarget>();
    public DbSet<ImpactTargetChange> TargetChanges => Set<ImpactTargetChange>();
    public DbSet<PublishedMetric> PublishedMetrics => Set<PublishedMetric>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.UsePortalDates();
        configurationBuilder.Properties<decimal>().HavePrecision(14, 2);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ImpactTarget>(e =>
        {
            e.ToTable("Targets");
            e.Property(t => t.MetricKey).HasMaxLength(ImpactTarget.MaxKeyLength);
            e.HasIndex(t => t.MetricKey).IsUnique();
            e.Property(t => t.Unit).HasMaxLength(20);
            e.Property(t => t.Plan).HasMaxLength(ImpactTarget.MaxPlanLength);
        });
        modelBuilder.Entity<ImpactTargetChange>(e =>
        {
            e.ToTable("TargetChanges");
            e.Property(t => t.MetricKey).HasMaxLength(ImpactTarget.MaxKeyLength);
            e.HasIndex(t => new { t.MetricKey, t.ChangedUtc });
            e.Property(t => t.OldUnit).HasMaxLength(20);
            e.Property(t => t.NewUnit).HasMaxLength(20);
            e.Property(t => t.OldPlan).HasMaxLength(ImpactTarget.MaxPlanLength);
            e.Property(t => t.NewPlan).HasMaxLength(ImpactTarget.MaxPlanLength);
            e.Property(t => t.ByUserId).HasMaxLength(64);
        });
        modelBuilder.Entity<PublishedMetric>(e =>
        {
            e.ToTable("PublishedMetrics");
            e.HasKey(p => p.MetricKey);
            e.Property(p => p.MetricKey).HasMaxLength(ImpactTarget.MaxKeyLength);
            e.Property(p => p.ByUserId).HasMaxLength(64);
        });
        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
