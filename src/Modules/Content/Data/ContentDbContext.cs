using Microsoft.EntityFrameworkCore;
using Portal.Content.Models;
using Portal.Data;

namespace Portal.Content.Data;

/// <summary>The content module's tables (<c>content_*</c>).</summary>
public sealed class ContentDbContext(DbContextOptions<ContentDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "content_";

    /// <summary>Length of <see cref="PageRevision.SavedByUserId"/> (Identity user ids are GUID strings).</summary>
    internal const int SavedByUserIdMaxLength = 450;

    internal const string SavedByUserIdIndex = "IX_" + TablePrefix + "PageRevisions_SavedByUserId";

    public DbSet<Page> Pages => Set<Page>();
    public DbSet<PageRevision> PageRevisions => Set<PageRevision>();
    public DbSet<NewsItem> News => Set<NewsItem>();
    public DbSet<MenuItem> MenuItems => Set<MenuItem>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.UsePortalDates();
        configurationBuilder.Properties<PublishStatus>().HaveConversion<string>().HaveMaxLength(20);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Page>(e =>
        {
            e.ToTable("Pages");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedOnAdd();
            e.HasIndex(p => p.Slug).IsUnique();
            e.Property(p => p.Slug).HasMaxLength(ContentRules.SlugMaxLength).IsRequired();
            e.Property(p => p.TitleZh).HasMaxLength(ContentRules.TitleMaxLength);
            e.Property(p => p.TitleEn).HasMaxLength(ContentRules.TitleMaxLength);
            e.Ignore(p => p.Text);
            e.Ignore(p => p.IsPublished);
            e.HasMany(p => p.Revisions).WithOne().HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(p => p.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<PageRevision>(e =>
        {
            e.ToTable("PageRevisions");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.TitleZh).HasMaxLength(ContentRules.TitleMaxLength);
            e.Property(r => r.TitleEn).HasMaxLength(ContentRules.TitleMaxLength);
            e.Property(r => r.SavedBy).HasMaxLength(256);
            e.Property(r => r.SavedByUserId).HasMaxLength(SavedByUserIdMaxLength);
            e.HasIndex(r => r.SavedByUserId).HasDatabaseName(SavedByUserIdIndex);
        });
        modelBuilder.Entity<NewsItem>(e =>
        {
            e.ToTable("News");
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedOnAdd();
            e.HasIndex(n => n.Slug).IsUnique();
            e.HasIndex(n => n.PublishDate);
            e.Property(n => n.Slug).HasMaxLength(ContentRules.SlugMaxLength).IsRequired();
            e.Property(n => n.TitleZh).HasMaxLength(ContentRules.TitleMaxLength);
            e.Property(n => n.TitleEn).HasMaxLength(ContentRules.TitleMaxLength);
            e.Property(n => n.SummaryZh).HasMaxLength(ContentRules.SummaryMaxLength);
            e.Property(n => n.SummaryEn).HasMaxLength(ContentRules.SummaryMaxLength);
            e.Ignore(n => n.Text);
            e.Ignore(n => n.IsPublished);
        });
        modelBuilder.Entity<MenuItem>(e =>
        {
            e.ToTable("MenuItems");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedOnAdd();
            e.Property(m => m.TextZh).HasMaxLength(ContentRules.MenuTextMaxLength).IsRequired();
            e.Property(m => m.TextEn).HasMaxLength(ContentRules.MenuTextMaxLength).IsRequired();
            e.Property(m => m.Url).HasMaxLength(ContentRules.UrlMaxLength).IsRequired();
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
