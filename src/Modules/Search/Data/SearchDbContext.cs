using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Search.Models;

namespace Portal.Search.Data;

/// <summary>The search module's tables (prefix <c>search_</c>): indexing log and its pruning horizon, set-aside items, synonyms, query log.</summary>
internal sealed class SearchDbContext(DbContextOptions<SearchDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "search_";

    public DbSet<IndexingLogEntry> IndexingLog => Set<IndexingLogEntry>();

    public DbSet<IndexingLogHorizon> IndexingLogHorizon => Set<IndexingLogHorizon>();

    public DbSet<SynonymGroup> Synonyms => Set<SynonymGroup>();

    public DbSet<QueryLogEntry> QueryLog => Set<QueryLogEntry>();

    public DbSet<SetAsideEntry> SetAside => Set<SetAsideEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UsePortalDates();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IndexingLogEntry>(e =>
        {
            e.ToTable("IndexingLog");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Source).HasMaxLength(IndexingLogEntry.MaxLength).IsRequired();
            e.Property(x => x.ItemId).HasMaxLength(IndexingLogEntry.MaxLength).IsRequired();
            e.HasIndex(x => x.CreatedUtc);
        });

        modelBuilder.Entity<IndexingLogHorizon>(e =>
        {
            e.ToTable("IndexingLogHorizon");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<SynonymGroup>(e =>
        {
            e.ToTable("Synonyms");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Terms).HasMaxLength(SynonymGroup.MaxTermsLength).IsRequired();
            e.Ignore(x => x.TermList);
        });

        modelBuilder.Entity<QueryLogEntry>(e =>
        {
            e.ToTable("QueryLog");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Query).HasMaxLength(QueryLogEntry.MaxQueryLength).IsRequired();
            e.HasIndex(x => x.CreatedUtc);
        });

        modelBuilder.Entity<SetAsideEntry>(e =>
        {
            e.ToTable("SetAside");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Source).HasMaxLength(IndexingLogEntry.MaxLength).IsRequired();
            e.Property(x => x.ItemId).HasMaxLength(IndexingLogEntry.MaxLength).IsRequired();
            e.Property(x => x.Error).HasMaxLength(SetAsideEntry.MaxErrorLength).IsRequired();
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
