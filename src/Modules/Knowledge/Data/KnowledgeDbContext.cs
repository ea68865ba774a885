using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Knowledge.Models;

namespace Portal.Knowledge.Data;

/// <summary>The knowledge base's own tables (prefix <c>kb_</c>).</summary>
public sealed class KnowledgeDbContext(DbContextOptions<KnowledgeDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "kb_";

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<ArticleRevision> Revisions => Set<ArticleRevision>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Article>(article =>
        {
            article.ToTable("Articles");
            article.HasKey(a => a.Id);
            article.Property(a => a.Slug).HasMaxLength(100).IsRequired();
            article.Property(a => a.Culture).HasMaxLength(10).IsRequired();
            article.Property(a => a.TranslationKey).HasMaxLength(100).IsRequired();
            article.Property(a => a.Title).HasMaxLength(ArticleContent.MaxTitleLength).IsRequired();
            article.Property(a => a.Summary).HasMaxLength(ArticleContent.MaxSummaryLength).IsRequired();
            article.Property(a => a.Body).IsRequired();
            article.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            article.Property(a => a.Visibility).HasConversion<string>().HasMaxLength(20);
            article.HasIndex(a => new { a.Slug, a.Culture }).IsUnique();
            article.HasIndex(a => a.TranslationKey);
            article.HasIndex(a => new { a.Status, a.PublishedUtc }).HasDatabaseName(Migrations.StoreDatesAsUtcTicks.StatusPublishedIndex);
            article.HasIndex(a => a.CategoryId);
            article.HasMany(a => a.Revisions).WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
            article.Navigation(a => a.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
            article.Ignore(a => a.IsPublished);
        });

        modelBuilder.Entity<ArticleRevision>(revision =>
        {
            revision.ToTable("ArticleRevisions");
            revision.HasKey(r => r.Id);
            revision.Property(r => r.Title).HasMaxLength(ArticleContent.MaxTitleLength).IsRequired();
            revision.Property(r => r.Summary).HasMaxLength(ArticleContent.MaxSummaryLength).IsRequired();
            revision.Property(r => r.Body).IsRequired();
            revision.Property(r => r.Visibility).HasConversion<string>().HasMaxLength(20);
            revision.Property(r => r.AuthorUserId).HasMaxLength(450);
            revision.Property(r => r.Note).HasMaxLength(200);
            revision.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        });

        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("Categories");
            category.HasKey(c => c.Id);
            category.Property(c => c.Slug).HasMaxLength(100).IsRequired();
            category.Property(c => c.NameZh).HasMaxLength(100).IsRequired();
            category.Property(c => c.NameEn).HasMaxLength(100).IsRequired();
            category.Property(c => c.DescriptionZh).HasMaxLength(500).IsRequired();
            category.Property(c => c.DescriptionEn).HasMaxLength(500).IsRequired();
            category.HasIndex(c => c.Slug).IsUnique();
        });

        modelBuilder.Entity<Attachment>(attachment =>
        {
            attachment.ToTable("Attachments");
            attachment.HasKey(a => a.Id);
            attachment.Property(a => a.Id).ValueGeneratedNever();
            attachment.Property(a => a.FileName).HasMaxLength(120).IsRequired();
            attachment.Property(a => a.StoredName).HasMaxLength(60).IsRequired();
            attachment.Property(a => a.ContentType).HasMaxLength(120).IsRequired();
            attachment.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            attachment.Property(a => a.UploadedByUserId).HasMaxLength(450);
            attachment.HasIndex(a => a.ArticleId);
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
