using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Recipes;
using Portal.Academy.Services;
using Portal.Learning;
using Portal.Metrics;
using Portal.Notifications;
using Portal.Recipes;
using Portal.Search;
using static Portal.Academy.Tests.TestData;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Academy.Tests;

public sealed class LearningFlowTests
{
    internal static AcademyCoursesModel SmallRecipe() => new()
    {
        Courses =
        [
            new RecipeCourse
            {
                Slug = "running-meetings",
                TitleZh = "有效會議",
                TitleEn = "Running effective meetings",
                Hours = 6,
                CertificateExpiryMonths = 36,
                OutcomesZh = ["訂立議程"],
                OutcomesEn = ["Set an agenda"],
                Lessons = [Lesson("議程"), Lesson("紀錄")],
                Quizzes =
                [
                    new RecipeQuiz
                    {
                        TitleZh = "小測", TitleEn = "Quiz", PassMarkPercent = 100, MaxAttempts = 3,
                        Questions =
                        [
                            new QuestionDetails
                            {
                                Kind = QuestionKind.TrueFalse, TextZh = "議程要預早發出。", TextEn = "Send the agenda early.",
                                Options = [new() { TextZh = "對", TextEn = "True", IsCorrect = true, FeedbackEn = "Yes" }, new() { TextZh = "錯", TextEn = "False", FeedbackEn = "No" }],
                            },
                        ],
                    },
                ],
            },
        ],
        Paths = [new RecipePath { Slug = "successors", TitleZh = "接班人之路", TitleEn = "Path for successors", Courses = ["running-meetings"] }],
    };

    internal static async Task RunRecipeAsync(AcademySite site, AcademyCoursesModel model)
    {
        await using var scope = site.Scope();
        var step = scope.ServiceProvider.GetServices<IRecipeStepHandler>().Single(h => h.StepName == "AcademyCourses");
        var context = new RecipeExecutionContext { RecipeFile = "test", BaseDirectory = ".", StepIndex = 0 };
        Assert.Empty(step.Validate(model, context));
        await step.ExecuteAsync(model, context, CancellationToken.None);
    }

    [Fact]
    public async Task Learner_goes_from_enrolment_to_a_verified_certificate()
    {
        await using var site = new AcademySite();
        await RunRecipeAsync(site, SmallRecipe());
        string code;
        await using (var scope = site.Scope())
        {
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            var enrolment = await learning.EnrolAsync("user-1", "running-meetings");
            await learning.EnrolAsync("user-1", "running-meetings"); // a second click changes nothing
            var view = (await learning.GetCourseViewAsync("running-meetings", "user-1"))!;
            var course = view.Course;
            Assert.Equal(NextStepKind.PreAssessment, view.Next!.Kind);

            await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Pre, Ratings(2));
            foreach (var lesson in course.OrderedLessons)
            {
                await learning.VisitLessonAsync(enrolment, lesson);
                await learning.CompleteLessonAsync(enrolment, lesson);
            }

            var quiz = course.Quizzes[0];
            var question = quiz.Questions[0];
            var wrong = new Dictionary<long, IReadOnlyCollection<long>> { [question.Id] = [question.Options.Single(o => !o.IsCorrect).Id] };
            var right = new Dictionary<long, IReadOnlyCollection<long>> { [question.Id] = [question.Options.Single(o => o.IsCorrect).Id] };
            Assert.False((await learning.SubmitQuizAsync(enrolment, quiz, wrong)).Passed);
            Assert.True((await learning.SubmitQuizAsync(enrolment, quiz, right)).Passed);
            await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Post, Ratings(4));
            var certificate = await learning.IssueCertificateAsync(enrolment, course, "陳大文", "Chan Tai Man", HolderNameChoice.Chinese);
            code = certificate.Code;
            await Assert.ThrowsAsync<AcademyRuleException>(() => learning.IssueCertificateAsync(enrolment, course, "", "", HolderNameChoice.Both));
        }

        Assert.Equal([AcademyNotifications.Enrolled, AcademyNotifications.CertificateIssued], site.Notifications.Published.Select(p => p.Request.Kind));
        Assert.All(site.Notifications.Published, p => Assert.True(p.InTransaction));
        Assert.Equal("陳大文", site.Notifications.Published[1].Request.Data["name"]);

        await using (var scope = site.Scope())
        {
            var certificates = scope.ServiceProvider.GetRequiredService<CertificateService>();
            var verified = (await certificates.VerifyAsync(CertificateCode.Format(code).ToLowerInvariant()))!;
            Assert.Equal(CertificateStatus.Valid, verified.Status);
            Assert.Equal("陳大文", verified.Certificate.HolderName);
            Assert.Null(await certificates.VerifyAsync("ZZZZ-ZZZZ-ZZZZ-ZZZZ"));
            Assert.Null(await certificates.VerifyAsync("<script>"));

            await certificates.RevokeAsync(code, "Issued to the wrong person");
            Assert.Equal(CertificateStatus.Revoked, (await certificates.VerifyAsync(code))!.Status);

            site.Clock.SetUtcNow(Now.AddYears(4));
            var other = (await certificates.VerifyAsync(code))!;
            Assert.Equal(CertificateStatus.Revoked, other.Status);
        }

        await using (var scope = site.Scope())
        {
            var metrics = await scope.ServiceProvider.GetServices<IMetricsSource>().Single(m => m.Module == "Academy")
                .GetMetricsAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
            Assert.Equal(1, metrics.Single(m => m.Key == "academy.participants").Value);
            Assert.Equal(1, metrics.Single(m => m.Key == "academy.completions").Value);
            var improved = metrics.Single(m => m.Key == "academy.participants-improved-share");
            Assert.Equal(100, improved.Value);
            Assert.Equal(75, improved.Target);
            var assessed = metrics.Single(m => m.Key == "academy.participants-assessed");
            Assert.Equal(1, assessed.Value);
            Assert.Equal([("improved", 1m), ("not-improved", 0m)], assessed.Breakdowns.Single(b => b.Dimension == "outcome").Parts.Select(p => (p.Key, p.Value)));
            var enrolments = metrics.Single(m => m.Key == "academy.enrolments");
            Assert.Equal(1, enrolments.Value);
            var month = enrolments.Breakdowns.Single(b => b.Dimension == "month");
            Assert.Equal(("2026-11", 1m), (month.Parts.Single().Key, month.Parts.Single().Value));
            Assert.Equal(1, metrics.Single(m => m.Key == "academy.certificates").Breakdowns[0].Parts.Sum(p => p.Value));

            // October had nobody: no share is reported (rather than 0%), and each month is counted.
            var october = await scope.ServiceProvider.GetServices<IMetricsSource>().Single(m => m.Module == "Academy")
                .GetMetricsAsync(new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 31));
            Assert.DoesNotContain(october, m => m.Key == "academy.participants-improved-share");
            Assert.Equal(["2026-09", "2026-10"], october.Single(m => m.Key == "academy.completions").Breakdowns[0].Parts.Select(p => p.Key));
        }
    }

    [Fact]
    public async Task Progress_is_shared_with_the_mentor_only_with_consent()
    {
        await using var site = new AcademySite();
        await RunRecipeAsync(site, SmallRecipe());
        await using var scope = site.Scope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var query = scope.ServiceProvider.GetRequiredService<ILearningProgressQuery>();
        var enrolment = await learning.EnrolAsync("user-2", "running-meetings");
        var view = (await learning.GetCourseViewAsync("running-meetings", "user-2"))!;
        await learning.CompleteLessonAsync(enrolment, view.Course.OrderedLessons.First());

        Assert.Null(await query.GetProgressAsync("user-2", "mentor-9"));
        Assert.Single((await query.GetProgressAsync("user-2", "user-2"))!);

        // "My learning" (compiled queries) comes with the progress and the course's content loaded.
        await using (var other = site.Scope())
        {
            var mine = Assert.Single(await other.ServiceProvider.GetRequiredService<LearningService>().GetMyLearningAsync("user-2"));
            Assert.Equal("running-meetings", mine.Course.Slug);
            Assert.Single(mine.Enrolment.Completions);
            Assert.Equal(view.Course.OrderedLessons.Count(), mine.Course.Lessons.Count);
            Assert.Equal(view.Course.Quizzes.Sum(q => q.Questions.Count), mine.Course.Quizzes.Sum(q => q.Questions.Count));
        }

        Assert.Null(await learning.FindProfileAsync("user-2"));
        await learning.SetShareWithMentorAsync("user-2", true);
        var profile = await learning.FindProfileAsync("user-2");
        Assert.True(profile!.ShareProgressWithMentor);
        Assert.Same(profile, await learning.FindProfileAsync("user-2")); // tracked, as FindAsync was
        var shared = (await query.GetProgressAsync("user-2", "mentor-9"))!;
        var summary = Assert.Single(shared);
        Assert.Equal("running-meetings", summary.CourseId);
        Assert.Equal(25, summary.PercentComplete);
        Assert.False(summary.Completed);

        await learning.SetShareWithMentorAsync("user-2", false);
        Assert.Null(await query.GetProgressAsync("user-2", "mentor-9"));
    }

    [Fact]
    public async Task Progress_of_many_learners_comes_with_consent_in_a_fixed_number_of_queries()
    {
        await using var site = new AcademySite();
        await RunRecipeAsync(site, SmallRecipe());
        await using (var setup = site.Scope())
        {
            var learning = setup.ServiceProvider.GetRequiredService<LearningService>();
            foreach (var user in new[] { "user-2", "user-3", "user-4" })
            {
                var enrolment = await learning.EnrolAsync(user, "running-meetings");
                var view = (await learning.GetCourseViewAsync("running-meetings", user))!;
                await learning.CompleteLessonAsync(enrolment, view.Course.OrderedLessons.First());
            }

            await learning.SetShareWithMentorAsync("user-2", true);
            await learning.SetShareWithMentorAsync("user-4", true);
        }

        async Task<(IReadOnlyDictionary<string, IReadOnlyList<CourseProgressSummary>?> Result, int Commands)> AskAsync(string[] learners, string viewer)
        {
            await using var scope = site.Scope();
            var query = scope.ServiceProvider.GetRequiredService<ILearningProgressQuery>();
            site.Commands.Reset();
            var result = await query.GetProgressManyAsync(learners, viewer);
            return (result, site.Commands.Count);
        }

        var (many, manyCommands) = await AskAsync(["user-2", "user-3", "user-4", "nobody", "user-2"], "mentor-9");
        var (one, oneCommands) = await AskAsync(["user-2"], "mentor-9");
        var (self, _) = await AskAsync(["user-3"], "user-3");

        Assert.Equal(["nobody", "user-2", "user-3", "user-4"], many.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(25, Assert.Single(many["user-2"]!).PercentComplete);
        Assert.Null(many["user-3"]);
        Assert.Equal("running-meetings", Assert.Single(many["user-4"]!).CourseId);
        Assert.Null(many["nobody"]);
        Assert.Equal(oneCommands, manyCommands);
        Assert.Single(one["user-2"]!);
        Assert.Single(self["user-3"]!);
    }

    [Fact]
    public async Task Idle_learners_get_one_nudge_per_idle_stretch()
    {
        await using var site = new AcademySite(new() { ["Portal:Academy:NudgeAfterDays"] = "7" });
        await RunRecipeAsync(site, SmallRecipe());
        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LearningService>().EnrolAsync("user-3", "running-meetings");
        }

        site.Clock.SetUtcNow(Now.AddDays(3));
        await using (var scope = site.Scope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<NudgeService>().RunOnceAsync());
        }

        site.Clock.SetUtcNow(Now.AddDays(8));
        await using (var scope = site.Scope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NudgeService>().RunOnceAsync());
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<NudgeService>().RunOnceAsync());
        }

        var nudge = site.Notifications.Published[^1];
        Assert.Equal(AcademyNotifications.Nudge, nudge.Request.Kind);
        Assert.True(nudge.InTransaction);
        Assert.Equal("/academy/courses/running-meetings/continue", nudge.Request.Url);
    }

    [Fact]
    public async Task Cohort_bulk_enrol_report_csv_and_zip()
    {
        await using var site = new AcademySite();
        await RunRecipeAsync(site, SmallRecipe());
        await using var scope = site.Scope();
        var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var course = (await learning.FindPublishedCourseAsync("running-meetings"))!;
        var cohort = await admin.CreateCohortAsync(course.Id, "2026 冬季班", new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 28));

        var result = await admin.BulkEnrolAsync(cohort, "chan@example.org\nWONG; nobody@example.org, lee");
        Assert.Equal(3, result.Enrolled);
        Assert.Equal(["nobody@example.org"], result.NotFound);
        Assert.Equal(0, (await admin.BulkEnrolAsync(cohort, "lee")).Enrolled);
        Assert.Equal(3, site.Notifications.Published.Count(p => p.Request.Kind == AcademyNotifications.Enrolled && p.InTransaction));

        var enrolment = (await learning.FindEnrolmentAsync("user-1", course.Id))!;
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Pre, Ratings(3));
        foreach (var lesson in course.Lessons)
        {
            await learning.CompleteLessonAsync(enrolment, lesson);
        }

        var q = course.Quizzes[0].Questions[0];
        await learning.SubmitQuizAsync(enrolment, course.Quizzes[0], new Dictionary<long, IReadOnlyCollection<long>> { [q.Id] = [q.Options.First(o => o.IsCorrect).Id] });
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Post, Ratings(4));
        await learning.IssueCertificateAsync(enrolment, course, "陳大文", null, HolderNameChoice.Chinese);
        var started = (await learning.FindEnrolmentAsync("user-2", course.Id))!;
        await learning.CompleteLessonAsync(started, course.OrderedLessons.First());

        var report = (await admin.GetCohortReportAsync(cohort.Id, 75))!;
        Assert.Equal(3, report.Enrolled);
        Assert.Equal(1, report.Completed);
        Assert.Equal(1, report.InProgress);
        Assert.Equal(1, report.NotStarted);
        Assert.Equal(100, report.ImprovedPercent);
        Assert.Equal(100, report.AverageBestScore(0));
        Assert.Equal(3, report.Competencies[0].PreAverage);
        Assert.Equal(4, report.Competencies[0].PostAverage);

        var csv = AcademyAdminService.ToCsv(report, s => s);
        Assert.Contains("\"陳大文\",\"100\",\"Yes\",\"100\",\"Yes\"", csv, StringComparison.Ordinal);
        Assert.Equal("\"'=HYPERLINK(1)\"", AcademyAdminService.Cell("=HYPERLINK(1)"));

        var zip = await scope.ServiceProvider.GetRequiredService<CertificateService>().CohortZipAsync(cohort.Id, "https://portal.example.org");
        using var archive = new ZipArchive(new MemoryStream(zip));
        var entry = Assert.Single(archive.Entries);
        Assert.EndsWith(".pdf", entry.Name, StringComparison.Ordinal);
        await using var pdf = entry.Open();
        var header = new byte[5];
        await pdf.ReadExactlyAsync(header);
        Assert.Equal("%PDF-"u8.ToArray(), header);
    }

    [Fact]
    public async Task Demo_recipe_validates_loads_four_bilingual_courses_and_is_idempotent()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "recipes", "academy.recipe.json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stepJson = json.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "AcademyCourses");
        var model = stepJson.Deserialize<AcademyCoursesModel>(RecipeExecutionContext.JsonOptions)!;
        Assert.True(model.Courses.Count >= 4);

        await using var site = new AcademySite();
        await RunRecipeAsync(site, model);
        await RunRecipeAsync(site, model);

        await using var scope = site.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        Assert.Equal(model.Courses.Count, await db.Courses.CountAsync());
        Assert.Equal(model.Courses.Sum(c => c.Lessons.Count), await db.Lessons.CountAsync());
        Assert.Equal(model.Courses.Sum(c => c.Quizzes.Sum(q => q.Questions.Count)), await db.Questions.CountAsync());
        var courses = await db.Courses.Include(c => c.Quizzes).ToListAsync();
        Assert.All(courses, c =>
        {
            Assert.True(c.Published);
            Assert.NotEmpty(c.TitleZh);
            Assert.NotEmpty(c.TitleEn);
            Assert.NotEmpty(c.Quizzes);
        });

        var search = scope.ServiceProvider.GetServices<ISearchDocumentSource>().Single(s => s.Source == "course");
        var docs = new List<SearchDocument>();
        await foreach (var d in search.GetAllAsync())
        {
            docs.Add(d);
        }

        Assert.Equal(courses.Count * 2, docs.Count);
        Assert.All(docs, d => Assert.Equal(SearchVisibility.Public, d.Visibility));
        var one = (await search.GetAsync(courses[0].Id + ":en"))!;
        Assert.Equal(courses[0].TitleEn, one.Title);
    }

    [Fact]
    public async Task Bad_recipe_step_gets_plain_messages()
    {
        await using var site = new AcademySite();
        await using var scope = site.Scope();
        var step = scope.ServiceProvider.GetServices<IRecipeStepHandler>().Single(h => h.StepName == "AcademyCourses");
        var model = SmallRecipe();
        model.Courses[0].Slug = "Bad Slug";
        model.Courses[0].Hours = 0;
        model.Courses[0].Quizzes[0].Questions[0] = model.Courses[0].Quizzes[0].Questions[0] with { Options = [] };
        model.Paths[0].Courses = ["missing-course"];
        var problems = step.Validate(model, new RecipeExecutionContext { RecipeFile = "t", BaseDirectory = ".", StepIndex = 0 }).ToList();

        Assert.Contains(problems, p => p.StartsWith("Course 'Bad Slug': The web address name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Hours must be more than 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("quiz 1, question 1: A true/false question", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("course 'missing-course' is not in this step", StringComparison.Ordinal));
    }

    [Fact]
    public void Notification_kinds_have_both_languages()
    {
        var kinds = new AcademyNotifications().GetKinds().ToList();
        Assert.Equal([AcademyNotifications.Enrolled, AcademyNotifications.CertificateIssued, AcademyNotifications.Nudge], kinds.Select(k => k.Name));
        Assert.All(kinds, k => Assert.Equal(["zh-HK", "en"], k.DefaultTemplates.Select(t => t.Culture)));
        Assert.All(kinds, k => Assert.NotEqual(DeliveryPreference.Off, k.DefaultDelivery));
    }
}
