using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Services;
using Portal.Recipes;
using Portal.Search;

namespace Portal.Academy.Recipes;

public sealed class AcademyCoursesModel
{
    public List<RecipeCourse> Courses { get; set; } = [];
    public List<RecipePath> Paths { get; set; } = [];
}

public sealed class RecipeCourse
{
    public string Slug { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string? SummaryZh { get; set; }
    public string? SummaryEn { get; set; }
    public string? AudienceZh { get; set; }
    public string? AudienceEn { get; set; }
    public List<string> OutcomesZh { get; set; } = [];
    public List<string> OutcomesEn { get; set; } = [];
    public decimal Hours { get; set; }
    public string Language { get; set; } = CourseLanguages.Both;
    public int? CertificateExpiryMonths { get; set; }
    public string? CertificateWordingZh { get; set; }
    public string? CertificateWordingEn { get; set; }
    public bool Published { get; set; } = true;
    public List<LessonDetails> Lessons { get; set; } = [];
    public List<RecipeQuiz> Quizzes { get; set; } = [];

    public CourseDetails ToDetails() => new()
    {
        TitleZh = TitleZh,
        TitleEn = TitleEn,
        SummaryZh = SummaryZh,
        SummaryEn = SummaryEn,
        AudienceZh = AudienceZh,
        AudienceEn = AudienceEn,
        OutcomesZh = string.Join('\n', OutcomesZh),
        OutcomesEn = string.Join('\n', OutcomesEn),
        Hours = Hours,
        Language = Language,
        CertificateExpiryMonths = CertificateExpiryMonths,
        CertificateWordingZh = CertificateWordingZh,
        CertificateWordingEn = CertificateWordingEn,
    };
}

public sealed class RecipeQuiz
{
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public int PassMarkPercent { get; set; } = 70;
    public int? MaxAttempts { get; set; }
    public bool Shuffle { get; set; } = true;
    public List<QuestionDetails> Questions { get; set; } = [];

    public QuizDetails ToDetails() => new() { TitleZh = TitleZh, TitleEn = TitleEn, PassMarkPercent = PassMarkPercent, MaxAttempts = MaxAttempts, Shuffle = Shuffle };
}

public sealed class RecipePath
{
    public string Slug { get; set; } = "";
    public string TitleZh { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }
    public List<string> Courses { get; set; } = [];
}

/// <summary>
/// <c>{ "name": "AcademyCourses", "courses": [...], "paths": [...] }</c>. Idempotent by slug: an existing course
/// gets its details updated, its lessons and quizzes updated by position (new ones added); questions are added
/// only to a quiz that has none, so learners' recorded answers keep their meaning.
/// </summary>
internal sealed class AcademyCoursesStep(AcademyDbContext db, TimeProvider clock, IIndexingQueue indexing)
    : RecipeStepHandler<AcademyCoursesModel>
{
    public override string StepName => "AcademyCourses";

    public override IEnumerable<string> Validate(AcademyCoursesModel model, RecipeExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var course in model.Courses)
        {
            var label = string.IsNullOrWhiteSpace(course.Slug) ? "(no slug)" : course.Slug;
            if (!slugs.Add(Course.NormalizeSlug(course.Slug)))
            {
                yield return $"Course '{label}' appears twice.";
            }

            foreach (var problem in Course.Validate(course.Slug, course.ToDetails()))
            {
                yield return $"Course '{label}': {problem}";
            }

            if (course.Published && !course.Lessons.Any(l => l.Required))
            {
                yield return $"Course '{label}': a published course needs at least one required lesson.";
            }

            for (var i = 0; i < course.Lessons.Count; i++)
            {
                foreach (var problem in Lesson.Validate(course.Lessons[i]))
                {
                    yield return $"Course '{label}', lesson {i + 1}: {problem}";
                }
            }

            for (var i = 0; i < course.Quizzes.Count; i++)
            {
                foreach (var problem in Quiz.Validate(course.Quizzes[i].ToDetails()))
                {
                    yield return $"Course '{label}', quiz {i + 1}: {problem}";
                }

                if (course.Quizzes[i].Questions.Count == 0)
                {
                    yield return $"Course '{label}', quiz {i + 1}: a quiz needs at least one question.";
                }

                for (var j = 0; j < course.Quizzes[i].Questions.Count; j++)
                {
                    foreach (var problem in QuizQuestion.Validate(course.Quizzes[i].Questions[j]))
                    {
                        yield return $"Course '{label}', quiz {i + 1}, question {j + 1}: {problem}";
                    }
                }
            }
        }

        foreach (var path in model.Paths)
        {
            foreach (var problem in LearningPath.Validate(path.Slug, path.TitleZh, path.TitleEn))
            {
                yield return $"Learning path '{path.Slug}': {problem}";
            }

            foreach (var slug in path.Courses.Where(s => !slugs.Contains(Course.NormalizeSlug(s))))
            {
                yield return $"Learning path '{path.Slug}': course '{slug}' is not in this step.";
            }
        }
    }

    public override async Task ExecuteAsync(AcademyCoursesModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var now = clock.GetUtcNow();
        var changed = new List<Course>();
        foreach (var item in model.Courses)
        {
            var slug = Course.NormalizeSlug(item.Slug);
            var course = await db.CoursesWithContent().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
            if (course is null)
            {
                course = Course.Create(slug, item.ToDetails(), now);
                db.Courses.Add(course);
            }
            else
            {
                course.Update(item.ToDetails(), now);
            }

            var lessons = course.OrderedLessons.ToList();
            for (var i = 0; i < item.Lessons.Count; i++)
            {
                if (i < lessons.Count)
                {
                    lessons[i].Update(item.Lessons[i]);
                }
                else
                {
                    course.AddLesson(item.Lessons[i], now);
                }
            }

            var quizzes = course.OrderedQuizzes.ToList();
            for (var i = 0; i < item.Quizzes.Count; i++)
            {
                var quiz = i < quizzes.Count ? quizzes[i] : course.AddQuiz(item.Quizzes[i].ToDetails(), now);
                quiz.Update(item.Quizzes[i].ToDetails());
                if (quiz.Questions.Count == 0)
                {
                    foreach (var question in item.Quizzes[i].Questions)
                    {
                        quiz.AddQuestion(question);
                    }
                }
            }

            if (item.Published && !course.Published)
            {
                course.Publish(now);
            }
            else if (!item.Published && course.Published)
            {
                course.Unpublish(now);
            }

            changed.Add(course);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var item in model.Paths)
        {
            var slug = Course.NormalizeSlug(item.Slug);
            var path = await db.LearningPaths.Include(p => p.Courses).FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
            if (path is null)
            {
                path = LearningPath.Create(slug, item.TitleZh, item.TitleEn, item.DescriptionZh, item.DescriptionEn);
                db.LearningPaths.Add(path);
            }
            else
            {
                path.Update(item.TitleZh, item.TitleEn, item.DescriptionZh, item.DescriptionEn);
            }

            var wanted = item.Courses.Select(Course.NormalizeSlug).ToList();
            var ids = await db.Courses.Where(c => wanted.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, c => c.Id, cancellationToken);
            path.SetCourses(wanted.Where(ids.ContainsKey).Select(s => ids[s]));
        }

        // The courses and their indexing-log rows commit together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (changed.Count > 0)
        {
            await indexing.EnqueueAsync([.. changed.SelectMany(c => CourseSearchSource.ChangesFor(c.Id))], transaction.GetDbTransaction(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
