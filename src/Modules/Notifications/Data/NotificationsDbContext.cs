using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Notifications.Models;

namespace Portal.Notifications.Data;

internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "ntf_";

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InAppNotification> InAppNotifications => Set<InAppNotification>();
    public DbSet<DeliveryPreferenceSetting> Preferences => Set<DeliveryPreferenceSetting>();
    public DbSet<TemplateOverride> Templates => Set<TemplateOverride>();
    public DbSet<SmtpSettingsRecord> SmtpSettings => Set<SmtpSettingsRecord>();
    public DbSet<DigestItem> DigestItems => Set<DigestItem>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.RecipientUserId).HasMaxLength(100);
            e.Property(x => x.RecipientEmail).HasMaxLength(320);
            e.Property(x => x.RecipientName).HasMaxLength(200);
            e.Property(x => x.Culture).HasMaxLength(10);
            e.Property(x => x.Subject).HasMaxLength(TemplateOverride.MaxSubjectLength + 200);
            e.Property(x => x.UnsubscribeUrl).HasMaxLength(1000);
            e.Property(x => x.ClaimToken).HasMaxLength(32).IsConcurrencyToken();
            e.Property(x => x.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
            e.Property(x => x.MessageId).HasMaxLength(200);
            e.HasIndex(x => new { x.Status, x.NextAttemptUtc });
        });
        modelBuilder.Entity<InAppNotification>(e =>
        {
            e.ToTable("InAppNotifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(InAppNotification.MaxTitleLength);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.Culture).HasMaxLength(10);
            e.HasIndex(x => new { x.UserId, x.ReadUtc });
            e.Ignore(x => x.IsRead);
        });
        modelBuilder.Entity<DeliveryPreferenceSetting>(e =>
        {
            e.ToTable("Preferences");
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.HasIndex(x => new { x.UserId, x.Kind }).IsUnique();
        });
        modelBuilder.Entity<TemplateOverride>(e =>
        {
            e.ToTable("Templates");
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.Culture).HasMaxLength(10);
            e.Property(x => x.Subject).HasMaxLength(TemplateOverride.MaxSubjectLength);
            e.Property(x => x.Body).HasMaxLength(TemplateOverride.MaxBodyLength);
            e.Property(x => x.UpdatedBy).HasMaxLength(200);
            e.HasIndex(x => new { x.Kind, x.Culture }).IsUnique();
        });
        modelBuilder.Entity<SmtpSettingsRecord>(e =>
        {
            e.ToTable("SmtpSettings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Host).HasMaxLength(255);
            e.Property(x => x.User).HasMaxLength(255);
            e.Property(x => x.ProtectedPassword).HasMaxLength(2000);
            e.Property(x => x.From).HasMaxLength(320);
        });
        modelBuilder.Entity<DigestItem>(e =>
        {
            e.ToTable("DigestItems");
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.Culture).HasMaxLength(10);
            e.Property(x => x.Title).HasMaxLength(InAppNotification.MaxTitleLength);
            e.Property(x => x.Url).HasMaxLength(1000);
            e.Property(x => x.OutboxMessageId).HasMaxLength(32);
            e.HasIndex(x => new { x.OutboxMessageId, x.DueUtc });
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
