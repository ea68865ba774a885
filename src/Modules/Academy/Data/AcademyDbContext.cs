using Microsoft.EntityFrameworkCore;
using Portal.Academy.Models;
using Portal.Data;

namespace Portal.Academy.Data;

/// <summary>The academy's own tables (prefix <c>acad_</c>). Other modules' records are referred to by id only.</summary>
public sealed class AcademyDbContext(DbContextOptions<AcademyDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "acad_";

    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<Quiz> Quizzes => Set<Quiz>();
    public DbSet<QuizQuestion> Questions => Set<QuizQuestion>();
    public DbSet<LearningPath> LearningPaths => Set<LearningPath>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<LearnerProfile> LearnerProfiles => Set<LearnerProfile>();
    public DbSet<ProgrammeCertificate> ProgrammeCertificates => Set<ProgrammeCertificate>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.UsePortalDates();
        configurationBuilder.Properties<decimal>().HavePrecision(9, 2);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Course>(e =>
        {
            e.HasIndex(c => c.Slug).IsUnique();
            e.Property(c => c.Slug).HasMaxLength(80);
            e.Property(c => c.TitleZh).HasMaxLength(200);
            e.Property(c => c.TitleEn).HasMaxLength(200);
            e.Property(c => c.Language).HasMaxLength(8);
            e.HasMany(c => c.Lessons).WithOne(l => l.Course).HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Quizzes).WithOne(q => q.Course).HasForeignKey(q => q.CourseId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(c => c.OrderedLessons);
            e.Ignore(c => c.OrderedQuizzes);
        });
        modelBuilder.Entity<Lesson>(e =>
        {
            e.Property(l => l.TitleZh).HasMaxLength(200);
            e.Property(l => l.TitleEn).HasMaxLength(200);
            e.Property(l => l.VideoUrl).HasMaxLength(500);
            e.Ignore(l => l.ResourceLinks);
        });
        modelBuilder.Entity<Quiz>(e =>
        {
            e.HasMany(q => q.Questions).WithOne(q => q.Quiz).HasForeignKey(q => q.QuizId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(q => q.OrderedQuestions);
        });
        modelBuilder.Entity<QuizQuestion>(e =>
        {
            e.ToTable("QuizQuestions");
            e.HasMany(q => q.Options).WithOne(o => o.Question).HasForeignKey(o => o.QuestionId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(q => q.OrderedOptions);
        });
        modelBuilder.Entity<QuizOption>().ToTable("QuizOptions");
        modelBuilder.Entity<LearningPath>(e =>
        {
            e.HasIndex(p => p.Slug).IsUnique();
            e.Property(p => p.Slug).HasMaxLength(80);
            e.HasMany(p => p.Courses).WithOne().HasForeignKey(c => c.LearningPathId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<LearningPathCourse>(e =>
        {
            e.ToTable("LearningPathCourses");
            e.HasOne<Course>().WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Enrolment>(e =>
        {
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.CourseId }).IsUnique();
            e.HasIndex(x => x.CohortId);
            e.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Cohort>().WithMany().HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Completions).WithOne().HasForeignKey(c => c.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Attempts).WithOne().HasForeignKey(a => a.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Ratings).WithOne().HasForeignKey(r => r.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Certificates).WithOne().HasForeignKey(c => c.EnrolmentId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(x => x.CurrentCertificate);
        });
        modelBuilder.Entity<LessonCompletion>(e =>
        {
            e.ToTable("LessonCompletions");
            e.HasIndex(c => new { c.EnrolmentId, c.LessonId }).IsUnique();
        });
        modelBuilder.Entity<QuizAttempt>(e =>
        {
            e.ToTable("QuizAttempts");
            e.Property(a => a.Answers).HasMaxLength(4000);
        });
        modelBuilder.Entity<SelfAssessmentRating>().ToTable("SelfAssessmentRatings");
        modelBuilder.Entity<Cohort>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(120);
            e.HasOne<Course>().WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Certificate>(e =>
        {
            e.Property(c => c.Code).HasMaxLength(CertificateCode.Length);
            e.HasIndex(c => c.Code).IsUnique();
            e.HasIndex(c => c.UserId);
            e.Property(c => c.UserId).HasMaxLength(64);
            e.Ignore(c => c.HolderName);
            e.Ignore(c => c.IsRevoked);
            e.Ignore(c => c.FormattedCode);
        });
        modelBuilder.Entity<LearnerProfile>(e =>
        {
            e.HasKey(p => p.UserId);
            e.Property(p => p.UserId).HasMaxLength(64);
        });

        modelBuilder.Entity<ProgrammeCertificate>(e =>
        {
            e.HasKey(c => c.Code);
            e.Property(c => c.Code).HasMaxLength(CertificateCode.Length);
            e.Property(c => c.SourceKey).HasMaxLength(120);
            e.HasIndex(c => c.SourceKey).IsUnique();
            e.Property(c => c.UserId).HasMaxLength(64);
            e.HasIndex(c => c.UserId);
            e.Property(c => c.HolderName).HasMaxLength(200);
            e.Property(c => c.TitleZh).HasMaxLength(200);
            e.Property(c => c.TitleEn).HasMaxLength(200);
            e.Ignore(c => c.HolderErased);
            e.Ignore(c => c.FormattedCode);
        });

        modelBuilder.UseTablePrefix(TablePrefix);
    }
}
