using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Mentoring.Models;

namespace Portal.Mentoring.Data;

/// <summary>The mentor scheme's own tables (prefix <c>ment_</c>). People are referred to by user id only.</summary>
public sealed class MentoringDbContext(DbContextOptions<MentoringDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "ment_";

    public DbSet<Application> Applications => Set<Application>();
    public DbSet<Pair> Pairs => Set<Pair>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<PrivateNote> PrivateNotes => Set<PrivateNote>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.UsePortalDates();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Application>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.Role }).IsUnique(); // one application per person and role (a double click makes one)
            e.HasIndex(x => new { x.Role, x.Status });
            e.Property(x => x.Organisation).HasMaxLength(Application.MaxShort);
            e.Property(x => x.Areas).HasMaxLength(400);
            e.Property(x => x.Languages).HasMaxLength(100);
            e.Property(x => x.Districts).HasMaxLength(200);
            e.Property(x => x.Availability).HasMaxLength(100);
            e.Property(x => x.About).HasMaxLength(Application.MaxText);
            e.Property(x => x.Preferences).HasMaxLength(Application.MaxText);
            e.Property(x => x.DecisionReason).HasMaxLength(Application.MaxText);
            e.Property(x => x.DecidedByUserId).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.AreaList);
            e.Ignore(x => x.LanguageList);
            e.Ignore(x => x.DistrictList);
            e.Ignore(x => x.AvailabilityList);
        });
        modelBuilder.Entity<Pair>(e =>
        {
            e.Property(x => x.MentorUserId).HasMaxLength(64);
            e.Property(x => x.MenteeUserId).HasMaxLength(64);
            e.Property(x => x.ProposedByUserId).HasMaxLength(64);
            e.Property(x => x.RequestMessage).HasMaxLength(Pair.MaxReason);
            e.Property(x => x.EndReason).HasMaxLength(Pair.MaxReason);
            e.Property(x => x.NextMeetingPlace).HasMaxLength(Application.MaxShort);
            e.Property(x => x.CertificateCode).HasMaxLength(32);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.MentorUserId, x.Status });
            e.HasIndex(x => new { x.MenteeUserId, x.Status });
            e.HasIndex(x => new { x.Status, x.LastActivityUtc });
            e.Ignore(x => x.IsOpen);
            e.Ignore(x => x.IsFinished);
            e.Ignore(x => x.FitCheckDue);
            e.Ignore(x => x.PoorFit);
        });
        modelBuilder.Entity<Goal>(e =>
        {
            e.HasOne<Pair>().WithMany().HasForeignKey(x => x.PairId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.PairId);
            e.Property(x => x.Title).HasMaxLength(Goal.MaxTitle);
            e.Property(x => x.Specific).HasMaxLength(Goal.MaxText);
            e.Property(x => x.Measure).HasMaxLength(Goal.MaxText);
            e.Property(x => x.Relevance).HasMaxLength(Goal.MaxText);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<Meeting>(e =>
        {
            e.HasOne<Pair>().WithMany().HasForeignKey(x => x.PairId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.PairId, x.HeldUtc });
            e.HasIndex(x => x.HeldUtc);
            e.Property(x => x.Topics).HasMaxLength(Meeting.MaxTopics);
            e.Property(x => x.SharedNotes).HasMaxLength(Meeting.MaxNotes);
        });
        modelBuilder.Entity<PrivateNote>(e =>
        {
            e.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.MeetingId, x.AuthorUserId });
            e.HasIndex(x => x.AuthorUserId);
            e.Property(x => x.AuthorUserId).HasMaxLength(64);
            e.Property(x => x.Text).HasMaxLength(Meeting.MaxNotes);
        });
        modelBuilder.Entity<ActionItem>(e =>
        {
            e.HasOne<Pair>().WithMany().HasForeignKey(x => x.PairId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.PairId, x.DoneUtc });
            e.Property(x => x.Text).HasMaxLength(ActionItem.MaxText);
            e.Ignore(x => x.IsOpen);
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
