using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Forum.Models;

namespace Portal.Forum.Data;

/// <summary>The forum's own tables (prefix <c>forum_</c>). People are referred to by user id only.</summary>
public sealed class ForumDbContext(DbContextOptions<ForumDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "forum_";

    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<MemberProfile> Profiles => Set<MemberProfile>();
    public DbSet<MemberCondition> ProfileConditions => Set<MemberCondition>();
    public DbSet<Topic> Topics => Set<Topic>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<PostRevision> Revisions => Set<PostRevision>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<Flag> Flags => Set<Flag>();
    public DbSet<ModerationAction> ModerationLog => Set<ModerationAction>();
    public DbSet<TreatmentRating> Ratings => Set<TreatmentRating>();
    public DbSet<ContactRequest> ContactRequests => Set<ContactRequest>();
    public DbSet<ForumSettings> Settings => Set<ForumSettings>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Community>(e =>
        {
            e.HasIndex(x => x.Slug).IsUnique();
            e.Property(x => x.Slug).HasMaxLength(60);
            e.Property(x => x.Condition).HasMaxLength(40);
            e.Property(x => x.NameZh).HasMaxLength(Community.MaxName);
            e.Property(x => x.NameEn).HasMaxLength(Community.MaxName);
            e.Property(x => x.DescriptionZh).HasMaxLength(Community.MaxText);
            e.Property(x => x.DescriptionEn).HasMaxLength(Community.MaxText);
            e.Property(x => x.GuidelinesZh).HasMaxLength(Community.MaxText);
            e.Property(x => x.GuidelinesEn).HasMaxLength(Community.MaxText);
        });
        modelBuilder.Entity<Membership>(e =>
        {
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.CommunityId, x.UserId }).IsUnique(); // a double click joins once
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<MemberProfile>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => x.UserId).IsUnique();
            e.Property(x => x.PublicId).HasMaxLength(16);
            e.HasIndex(x => x.PublicId).IsUnique();
            e.Property(x => x.DisplayName).HasMaxLength(MemberProfile.MaxDisplayName);
            e.Property(x => x.AgeBand).HasMaxLength(10);
            e.Property(x => x.District).HasMaxLength(40);
            e.Property(x => x.CaringRole).HasMaxLength(20);
            e.HasIndex(x => new { x.Findable, x.District });
            e.HasMany(x => x.Conditions).WithOne().HasForeignKey(c => c.ProfileId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(x => x.Conditions).AutoInclude();
        });
        modelBuilder.Entity<MemberCondition>(e =>
        {
            e.Property(x => x.Condition).HasMaxLength(40);
            e.HasIndex(x => new { x.Condition, x.ProfileId });
            e.HasIndex(x => new { x.ProfileId, x.Condition }).IsUnique();
        });
        modelBuilder.Entity<Topic>(e =>
        {
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.AuthorUserId).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(Topic.MaxTitle);
            e.Property(x => x.Culture).HasMaxLength(8);
            e.Property(x => x.ConditionTags).HasMaxLength(400);
            e.Property(x => x.TopicTags).HasMaxLength(400);
            e.HasIndex(x => new { x.CommunityId, x.LastPostUtc });
            e.HasIndex(x => x.AuthorUserId);
            e.HasIndex(x => new { x.RequestedVisibility, x.PublicApproved, x.Status });
            e.HasIndex(x => x.LastPostUtc); // the newest threads across communities (/community), read in order
            e.Ignore(x => x.Visibility);
            e.Ignore(x => x.AwaitingPublicApproval);
            e.Ignore(x => x.ConditionList);
            e.Ignore(x => x.TopicList);
        });
        modelBuilder.Entity<Post>(e =>
        {
            e.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.AuthorUserId).HasMaxLength(64);
            e.Property(x => x.Markdown).HasMaxLength(Post.MaxText);
            e.Property(x => x.HoldReason).HasMaxLength(40);
            e.Property(x => x.IdempotencyKey).HasMaxLength(64);
            e.HasIndex(x => new { x.TopicId, x.Number }).IsUnique();
            e.HasIndex(x => new { x.AuthorUserId, x.IdempotencyKey }).IsUnique(); // a double submit makes one post
            // (Status, CreatedUtc) with the community: the impact figures count a period's posts by community and month
            // from the index alone, and the moderation queue (Status, then date) uses its first two columns.
            e.HasIndex(x => new { x.Status, x.CreatedUtc, x.CommunityId });
            // Did this person write a published post in the period: one seek per member for the impact figures.
            e.HasIndex(x => new { x.AuthorUserId, x.Status, x.CreatedUtc });
            e.HasIndex(x => x.CreatedUtc);
            e.Ignore(x => x.IsOpening);
        });
        modelBuilder.Entity<PostRevision>(e =>
        {
            e.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Markdown).HasMaxLength(Post.MaxText);
            e.Property(x => x.EditorUserId).HasMaxLength(64);
            e.HasIndex(x => x.PostId);
            e.HasIndex(x => x.EditorUserId);
        });
        modelBuilder.Entity<Reaction>(e =>
        {
            e.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.PostId, x.UserId, x.Kind }).IsUnique();
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<Bookmark>(e =>
        {
            e.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.TopicId }).IsUnique();
        });
        modelBuilder.Entity<Follow>(e =>
        {
            e.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.TopicId, x.UserId }).IsUnique();
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<Flag>(e =>
        {
            e.HasOne<Post>().WithMany().HasForeignKey(x => x.PostId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.Note).HasMaxLength(Flag.MaxNote);
            e.HasIndex(x => new { x.PostId, x.UserId }).IsUnique();
            e.HasIndex(x => new { x.Resolved, x.PostId });
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<ModerationAction>(e =>
        {
            e.Property(x => x.ModeratorUserId).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(ModerationAction.MaxReason);
            e.HasIndex(x => x.CreatedUtc);
            e.HasIndex(x => x.ModeratorUserId);
        });
        modelBuilder.Entity<TreatmentRating>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(64);
            e.Property(x => x.Condition).HasMaxLength(40);
            e.Property(x => x.Treatment).HasMaxLength(TreatmentRating.MaxName);
            e.Property(x => x.Key).HasMaxLength(TreatmentRating.MaxName);
            e.HasIndex(x => new { x.UserId, x.Condition, x.Key }).IsUnique();
            e.HasIndex(x => new { x.Condition, x.Key });
        });
        modelBuilder.Entity<ContactRequest>(e =>
        {
            e.Property(x => x.FromUserId).HasMaxLength(64);
            e.Property(x => x.ToUserId).HasMaxLength(64);
            e.Property(x => x.Message).HasMaxLength(ContactRequest.MaxMessage);
            e.Property(x => x.Reply).HasMaxLength(ContactRequest.MaxMessage);
            e.HasIndex(x => new { x.FromUserId, x.CreatedUtc });
            e.HasIndex(x => new { x.ToUserId, x.Status });
        });
        modelBuilder.Entity<ForumSettings>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.SupportNoticeZh).HasMaxLength(ForumSettings.MaxText);
            e.Property(x => x.SupportNoticeEn).HasMaxLength(ForumSettings.MaxText);
            e.Property(x => x.WordFilter).HasMaxLength(ForumSettings.MaxText);
            e.Ignore(x => x.FilterWords);
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
