using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Services;
using Portal.Search;
using static Portal.Academy.Tests.TestData;

namespace Portal.Academy.Tests;

/// <summary>Staff authoring: reordering and deleting lessons, deleting or archiving courses, the nudge interval.</summary>
public sealed class AuthoringTests
{
    private static long[] Order(Course course) => course.OrderedLessons.Select(l => l.Id).ToArray();

    [Fact]
    public void MoveLesson_swaps_with_its_neighbour_and_numbers_lessons_again()
    {
        var course = Course();
        var third = course.Lessons.Single(l => l.Id == 13);

        Assert.True(course.MoveLesson(third, -1, Now.AddHours(1)));
        Assert.Equal([11L, 13L, 12L], Order(course));
        Assert.Equal([1, 2, 3], course.OrderedLessons.Select(l => l.Position));
        Assert.Equal(Now.AddHours(1), course.UpdatedUtc);

        Assert.True(course.MoveLesson(third, -1, Now));
        Assert.Equal([13L, 11L, 12L], Order(course));
        Assert.False(course.MoveLesson(third, -1, Now)); // already first: nothing changes
        Assert.False(course.MoveLesson(course.Lessons.Single(l => l.Id == 12), 1, Now)); // already last
        Assert.Equal([13L, 11L, 12L], Order(course));
    }

    [Fact]
    public void A_learning_path_keeps_the_rows_of_courses_that_stay_and_only_moves_them()
    {
        var path = LearningPath.Create("leaders", "領袖之路", "Leaders", null, null);
        path.SetCourses([5, 6, 7]);
        var six = path.Courses.Single(c => c.CourseId == 6);

        path.SetCourses([6, 8, 5, 6]);

        Assert.Equal([6L, 8L, 5L], path.Courses.Select(c => c.CourseId));
        Assert.Equal([1, 2, 3], path.Courses.Select(c => c.Position));
        Assert.Same(six, path.Courses[0]); // the same row, moved: a second identical save changes nothing

        path.SetCourses([6, 8, 5]);
        Assert.Same(six, path.Courses[0]);
        Assert.Equal([1, 2, 3], path.Courses.Select(c => c.Position));
    }

    [Fact]
    public void MoveLesson_refuses_big_jumps_and_lessons_of_another_course()
    {
        var course = Course();
        var other = Models.Course.Create("other-course", Details(), Now).AddLesson(Lesson("別的"), Now);
        Assert.Throws<AcademyRuleException>(() => course.MoveLesson(course.Lessons[0], 2, Now));
        Assert.Throws<AcademyRuleException>(() => course.MoveLesson(other, 1, Now));
    }

    [Fact]
    public void RemoveLesson_numbers_the_rest_again_and_keeps_a_required_lesson_in_a_published_course()
    {
        var course = Course();
        course.Publish(Now);
        course.RemoveLesson(course.Lessons.Single(l => l.Id == 11), Now);
        Assert.Equal([12L, 13L], Order(course));
        Assert.Equal([1, 2], course.OrderedLessons.Select(l => l.Position));

        var lastRequired = course.Lessons.Single(l => l.Id == 12);
        var ex = Assert.Throws<AcademyRuleException>(() => course.RemoveLesson(lastRequired, Now));
        Assert.Contains("only required lesson", ex.Message, StringComparison.Ordinal);

        course.RemoveLesson(course.Lessons.Single(l => l.Id == 13), Now); // optional: fine
        course.Unpublish(Now);
        course.RemoveLesson(lastRequired, Now); // a draft may be emptied
        Assert.Empty(course.Lessons);
    }

    [Fact]
    public void Progress_is_counted_over_the_remaining_lessons_after_a_deletion()
    {
        var course = Course();
        var learner = Enrolment.Start("u", course, null, Now);
        learner.CompleteLesson(course.Lessons.Single(l => l.Id == 11), Now);
        Assert.Equal(25, learner.PercentComplete(course)); // 1 of 2 lessons + 1 quiz + post-assessment

        course.RemoveLesson(course.Lessons.Single(l => l.Id == 12), Now);
        Assert.Equal(33, learner.PercentComplete(course)); // 1 of 1 lesson + 1 quiz + post-assessment

        var finished = Completed(Course());
        var finishedCourse = Course();
        finishedCourse.RemoveLesson(finishedCourse.Lessons.Single(l => l.Id == 11), Now);
        Assert.Equal(100, finished.PercentComplete(finishedCourse));
        Assert.True(finished.IsComplete(finishedCourse));
    }

    [Fact]
    public void A_course_with_enrolments_cannot_be_deleted()
    {
        Models.Course.EnsureCanDelete(0);
        var ex = Assert.Throws<AcademyRuleException>(() => Models.Course.EnsureCanDelete(1));
        Assert.Contains("Unpublish it instead", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 6.0)]
    [InlineData("12", 12.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("0", 6.0)]
    [InlineData("-3", 6.0)]
    [InlineData("1000", 6.0)]
    public async Task Nudge_interval_is_a_setting_with_a_six_hour_default(string? setting, double hours)
    {
        await using var site = new AcademySite(setting is null ? null : new() { ["Portal:Academy:NudgeIntervalHours"] = setting });
        var options = site.Services.GetRequiredService<IOptions<AcademyOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(hours), options.NudgeInterval);
    }

    [Fact]
    public async Task Moving_a_lesson_is_saved_and_search_is_told()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        long courseId;
        long[] before;
        await using (var scope = site.Scope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            var course = (await admin.GetCoursesAsync()).Single();
            courseId = course.Id;
            course = (await admin.GetCourseAsync(courseId))!;
            before = Order(course);
            site.Indexing.Changes.Clear();
            Assert.True(await admin.MoveLessonAsync(course, course.OrderedLessons.Last(), up: true));
            Assert.False(await admin.MoveLessonAsync(course, course.OrderedLessons.First(), up: true));
        }

        await using (var scope = site.Scope())
        {
            var course = (await scope.ServiceProvider.GetRequiredService<AcademyAdminService>().GetCourseAsync(courseId))!;
            Assert.Equal(Enumerable.Reverse(before), Order(course));
        }

        Assert.Equal(CourseSearchSource.ChangesFor(courseId), site.Indexing.Changes);
        Assert.True(site.Indexing.WithTransaction > 0);
    }

    [Fact]
    public async Task A_course_change_whose_indexing_log_row_fails_is_not_saved()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        long courseId;
        bool published;
        await using (var scope = site.Scope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            var course = (await admin.GetCoursesAsync()).Single();
            courseId = course.Id;
            published = course.Published;
            course = (await admin.GetCourseAsync(courseId))!;
            site.Indexing.Fail = true;
            await Assert.ThrowsAsync<InvalidOperationException>(() => admin.UnpublishCourseAsync(course));
            site.Indexing.Fail = false;
        }

        await using (var scope = site.Scope())
        {
            var course = (await scope.ServiceProvider.GetRequiredService<AcademyAdminService>().GetCourseAsync(courseId))!;
            Assert.True(published);
            Assert.True(course.Published);
        }
    }

    [Fact]
    public async Task Deleting_a_lesson_removes_learners_marks_for_it_and_keeps_their_progress_right()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        long courseId;
        await using (var scope = site.Scope())
        {
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            var enrolment = await learning.EnrolAsync("user-1", "running-meetings");
            var course = (await learning.GetCourseViewAsync("running-meetings", "user-1"))!.Course;
            courseId = course.Id;
            var first = course.OrderedLessons.First();
            await learning.CompleteLessonAsync(enrolment, first);
            await learning.VisitLessonAsync(enrolment, first);
        }

        await using (var scope = site.Scope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            var course = (await admin.GetCourseAsync(courseId))!;
            var first = course.OrderedLessons.First();
            var second = course.OrderedLessons.Last();
            Assert.Equal(1, await admin.CountLessonCompletionsAsync(first));
            Assert.Equal(0, await admin.CountLessonCompletionsAsync(second));
            site.Indexing.Changes.Clear();
            await admin.DeleteLessonAsync(course, first);
            Assert.Equal(CourseSearchSource.ChangesFor(courseId), site.Indexing.Changes);
        }

        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            Assert.Equal(0, await db.Set<LessonCompletion>().CountAsync());
            var view = (await scope.ServiceProvider.GetRequiredService<LearningService>().GetCourseViewAsync("running-meetings", "user-1"))!;
            Assert.Single(view.Course.Lessons);
            Assert.Equal(1, view.Course.Lessons[0].Position);
            Assert.Null(view.Enrolment!.LastLessonId);
            Assert.Equal(0, view.Percent); // 0 of 1 lesson + 1 quiz + post-assessment
        }
    }

    [Fact]
    public async Task A_course_with_learners_is_archived_instead_of_deleted_and_they_keep_access()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        long courseId;
        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LearningService>().EnrolAsync("user-1", "running-meetings");
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            courseId = (await admin.GetCoursesAsync()).Single().Id;
            var course = (await admin.GetCourseAsync(courseId))!;
            Assert.Equal(1, await admin.CountEnrolmentsAsync(courseId));
            await Assert.ThrowsAsync<AcademyRuleException>(() => admin.DeleteCourseAsync(course));
            site.Indexing.Changes.Clear();
            await admin.UnpublishCourseAsync(course);
            Assert.Equal(CourseSearchSource.ChangesFor(courseId), site.Indexing.Changes);
        }

        await using (var scope = site.Scope())
        {
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            Assert.Empty(await learning.GetCatalogueAsync());
            Assert.NotNull(await learning.GetCourseViewAsync("running-meetings", "user-1")); // enrolled: keeps access
            Assert.Null(await learning.GetCourseViewAsync("running-meetings", "user-2"));
            Assert.Null(await learning.GetCourseViewAsync("running-meetings", null));
            await Assert.ThrowsAsync<AcademyRuleException>(() => learning.EnrolAsync("user-2", "running-meetings"));
            Assert.Single(await learning.GetMyLearningAsync("user-1"));
            var search = scope.ServiceProvider.GetServices<ISearchDocumentSource>().Single(s => s.Source == CourseSearchSource.SourceName);
            Assert.Null(await search.GetAsync(courseId + ":zh-HK"));
            Assert.Null(await search.GetAsync(courseId + ":en"));
        }
    }

    [Fact]
    public async Task A_course_nobody_enrolled_in_is_deleted_with_its_content_and_leaves_search()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        await using (var scope = site.Scope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<AcademyAdminService>();
            var courseId = (await admin.GetCoursesAsync()).Single().Id;
            await admin.CreateCohortAsync(courseId, "2026 秋季班", new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 1));
            site.Indexing.Changes.Clear();
            await admin.DeleteCourseAsync((await admin.GetCourseAsync(courseId))!);
            Assert.Equal(CourseSearchSource.ChangesFor(courseId), site.Indexing.Changes);
        }

        await using (var scope = site.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            Assert.Equal(0, await db.Courses.CountAsync());
            Assert.Equal(0, await db.Lessons.CountAsync());
            Assert.Equal(0, await db.Quizzes.CountAsync());
            Assert.Equal(0, await db.Cohorts.CountAsync());
            Assert.Empty((await db.LearningPaths.Include(p => p.Courses).SingleAsync()).Courses);
        }
    }
}
