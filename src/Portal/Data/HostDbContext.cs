using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Hosting.Identity;

namespace Portal.Hosting.Data;

/// <summary>The host's own tables: Identity, site settings, feature states, the recipe log and the Data Protection
/// key ring shared by every portal node.</summary>
public sealed class HostDbContext(DbContextOptions<HostDbContext> options)
    : IdentityDbContext<PortalUser, PortalRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring's table (schema version 2, <see cref="Migrations.AddDataProtectionKeys"/>).</summary>
    public const string DataProtectionKeysTable = "portal_data_protection_keys";

    public const string BackgroundTaskRunsTable = "portal_background_task_runs";

    public const string BackgroundTaskLeasesTable = "portal_background_task_leases";

    public const string ClusterSignalsTable = "portal_cluster_signals";

    /// <summary>The audit trail of staff access to personal data (schema version 5, <see cref="Migrations.AddAuditTrail"/>).</summary>
    public const string AuditEntriesTable = "portal_audit_entries";

    public DbSet<SiteSetting> SiteSettings => Set<SiteSetting>();

    public DbSet<FeatureState> FeatureStates => Set<FeatureState>();

    public DbSet<RecipeRun> RecipeRuns => Set<RecipeRun>();

    /// <summary>ASP.NET Core Data Protection keys (sign-in cookies, antiforgery tokens, unsubscribe links), one XML
    /// element a row, read by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>One row per background-task run (schema version 3, <see cref="Migrations.AddBackgroundTaskTables"/>), pruned.</summary>
    public DbSet<BackgroundTaskRun> BackgroundTaskRuns => Set<BackgroundTaskRun>();

    /// <summary>Who runs a single-node task now, on SQLite (PostgreSQL uses an advisory lock).</summary>
    public DbSet<BackgroundTaskLease> BackgroundTaskLeases => Set<BackgroundTaskLease>();

    /// <summary>One version counter per cluster-signal channel, read by every node on SQLite (schema version 4,
    /// <see cref="Migrations.AddClusterSignals"/>).</summary>
    public DbSet<ClusterSignalRow> ClusterSignals => Set<ClusterSignalRow>();

    /// <summary>Who among staff opened, exported or changed whose personal data, when and why (append-only).</summary>
    public DbSet<Portal.Hosting.Privacy.AuditEntry> AuditEntries => Set<Portal.Hosting.Privacy.AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<SiteSetting>(e =>
        {
            e.ToTable("portal_settings");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(200);
        });
        builder.Entity<FeatureState>(e =>
        {
            e.ToTable("portal_features");
            e.HasKey(s => s.FeatureId);
            e.Property(s => s.FeatureId).HasMaxLength(200);
        });
        builder.Entity<RecipeRun>(e =>
        {
            e.ToTable("portal_recipe_runs");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedOnAdd();
        });
        builder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable(DataProtectionKeysTable);
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).ValueGeneratedOnAdd();
        });
        builder.Entity<BackgroundTaskRun>(e =>
        {
            e.ToTable(BackgroundTaskRunsTable);
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.TaskName).HasMaxLength(200);
            e.Property(r => r.Node).HasMaxLength(200);
            e.Property(r => r.ErrorType).HasMaxLength(300);
            e.Property(r => r.ErrorMessage).HasMaxLength(1000);
            e.HasIndex(r => new { r.TaskName, r.Id });
        });
        builder.Entity<BackgroundTaskLease>(e =>
        {
            e.ToTable(BackgroundTaskLeasesTable);
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Holder).HasMaxLength(200);
        });
        builder.Entity<ClusterSignalRow>(e =>
        {
            e.ToTable(ClusterSignalsTable);
            e.HasKey(c => c.Channel);
            e.Property(c => c.Channel).HasMaxLength(100);
        });
        builder.Entity<Portal.Hosting.Privacy.AuditEntry>(e =>
        {
            e.ToTable(AuditEntriesTable);
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedOnAdd();
            e.Property(a => a.ActorUserId).HasMaxLength(450);
            e.Property(a => a.SubjectUserId).HasMaxLength(450);
            e.Property(a => a.Area).HasMaxLength(100);
            e.Property(a => a.Reason).HasMaxLength(Portal.Privacy.PersonalDataAccessLimits.ReasonMaxLength);
            e.Property(a => a.Item).HasMaxLength(Portal.Privacy.PersonalDataAccessLimits.ItemMaxLength);
            e.HasIndex(a => new { a.SubjectUserId, a.Id });
            e.HasIndex(a => new { a.ActorUserId, a.Id });
            e.HasIndex(a => a.OccurredUtc);
        });
        builder.Entity<PortalUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.PreferredCulture).HasMaxLength(10);
            e.Property(u => u.PrivacyNoticeVersion).HasMaxLength(50);
        });
    }
}

public sealed class SiteSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed class FeatureState
{
    public required string FeatureId { get; set; }
    public bool Enabled { get; set; }
}

/// <summary>One run of a recipe, kept so staff can see what set the site up.</summary>
public sealed class RecipeRun
{
    public long Id { get; set; }
    public required string RecipeName { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset RanUtc { get; set; }
    public bool Succeeded { get; set; }
    public string? Message { get; set; }
}

/// <summary>One run of a background task: when, where, how long and how it ended (no personal data).</summary>
public sealed class BackgroundTaskRun
{
    public long Id { get; set; }
    public required string TaskName { get; set; }
    public required string Node { get; set; }
    public DateTimeOffset StartedUtc { get; set; }
    public DateTimeOffset EndedUtc { get; set; }
    public long DurationMs { get; set; }
    public bool Succeeded { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
}

/// <summary>The node that holds a single-node task until <see cref="ExpiresUnixMs"/> (renewed while it runs).</summary>
public sealed class BackgroundTaskLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public long ExpiresUnixMs { get; set; }
}

/// <summary>How often a cluster-signal channel was raised (SQLite nodes compare it with what they saw).</summary>
public sealed class ClusterSignalRow
{
    public required string Channel { get; set; }
    public long Version { get; set; }
}
