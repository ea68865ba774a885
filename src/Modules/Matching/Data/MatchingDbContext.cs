using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Matching.Models;

namespace Portal.Matching.Data;

/// <summary>The partner-matching scheme's own tables (prefix <c>match_</c>). People are referred to by user id only.</summary>
public sealed class MatchingDbContext(DbContextOptions<MatchingDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "match_";

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<CapacityAssessment> Assessments => Set<CapacityAssessment>();
    public DbSet<Need> Needs => Set<Need>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Match> Matches => Set<Match>();
    public DbSet<Pass> Passes => Set<Pass>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organisation>(e =>
        {
            e.Property(x => x.LeaderUserId).HasMaxLength(64);
            e.HasIndex(x => x.LeaderUserId);
            e.Property(x => x.NameZh).HasMaxLength(Organisation.MaxName);
            e.Property(x => x.NameEn).HasMaxLength(Organisation.MaxName);
            e.Property(x => x.Conditions).HasMaxLength(400);
            e.Property(x => x.District).HasMaxLength(40);
            e.Property(x => x.Committee).HasMaxLength(Organisation.MaxCommittee);
            e.Property(x => x.ContactName).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.ContactEmail).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.ContactPhone).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.ConditionList);
        });
        modelBuilder.Entity<CapacityAssessment>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.AssessedUtc });
            e.Property(x => x.AssessedByUserId).HasMaxLength(64);
        });
        modelBuilder.Entity<Need>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.Status, x.Area });
            e.HasIndex(x => x.OrganisationId);
            e.Property(x => x.Area).HasMaxLength(40);
            e.Property(x => x.Title).HasMaxLength(Need.MaxTitle);
            e.Property(x => x.Description).HasMaxLength(Need.MaxDescription);
            e.Property(x => x.Language).HasMaxLength(10);
            e.Property(x => x.CreatedByUserId).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsOpen);
        });
        modelBuilder.Entity<Partner>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => x.UserId).IsUnique(); // one profile per person (a double click makes one)
            e.HasIndex(x => new { x.Available, x.Type });
            e.HasIndex(x => x.UpdatedUtc); // the partner snapshot's freshness stamp
            e.Property(x => x.Type).HasMaxLength(40);
            e.Property(x => x.DisplayName).HasMaxLength(Partner.MaxName);
            e.Property(x => x.About).HasMaxLength(Partner.MaxAbout);
            e.Property(x => x.Skills).HasMaxLength(400);
            e.Property(x => x.Districts).HasMaxLength(600);
            e.Property(x => x.Languages).HasMaxLength(40);
            e.Property(x => x.Causes).HasMaxLength(400);
            e.Property(x => x.ContactName).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.ContactEmail).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.ContactPhone).HasMaxLength(Organisation.MaxContact);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.SkillList);
            e.Ignore(x => x.DistrictList);
            e.Ignore(x => x.LanguageList);
            e.Ignore(x => x.CauseList);
        });
        modelBuilder.Entity<Match>(e =>
        {
            e.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.NeedId, x.PartnerId }).IsUnique(); // one offer per partner and need (a double submit makes one)
            e.HasIndex(x => new { x.PartnerId, x.Status });
            e.HasIndex(x => new { x.OrganisationId, x.Status });
            e.HasIndex(x => new { x.Status, x.RespondByUtc });
            e.Property(x => x.PartnerUserId).HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(Match.MaxText);
            e.Property(x => x.BrokeredByUserId).HasMaxLength(64);
            e.Property(x => x.AnsweredByUserId).HasMaxLength(64);
            e.Property(x => x.IntroducedByUserId).HasMaxLength(64);
            e.Property(x => x.DeclineReason).HasMaxLength(Match.MaxText);
            e.Property(x => x.WithdrawReason).HasMaxLength(Match.MaxText);
            e.Property(x => x.GroupFeedback).HasMaxLength(Match.MaxText);
            e.Property(x => x.PartnerFeedback).HasMaxLength(Match.MaxText);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.ContactsVisible);
            e.Ignore(x => x.IsOpen);
            e.Ignore(x => x.HoursGiven);
        });
        modelBuilder.Entity<Pass>(e =>
        {
            e.HasIndex(x => new { x.NeedId, x.PartnerId, x.Side }).IsUnique(); // a double submit records one pass
            e.HasIndex(x => x.PartnerId);
            e.HasIndex(x => new { x.OrganisationId, x.Area });
            e.Property(x => x.Area).HasMaxLength(40);
            e.Property(x => x.Reason).HasMaxLength(Pass.MaxReason);
            e.Property(x => x.ByUserId).HasMaxLength(64);
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
