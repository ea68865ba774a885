using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Services;
using Portal.Privacy;

namespace Portal.Academy.Tests;

public sealed class AcademyPersonalDataTests
{
    private static Dictionary<Competency, int> Ratings(int value) => Enrolment.AllCompetencies.ToDictionary(c => c, _ => value);

    private static async Task<string> CompleteAsync(AcademySite site, string userId)
    {
        await using var scope = site.Scope();
        var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
        var enrolment = await learning.EnrolAsync(userId, "running-meetings");
        var course = (await learning.GetCourseViewAsync("running-meetings", userId))!.Course;
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Pre, Ratings(2));
        foreach (var lesson in course.OrderedLessons)
        {
            await learning.CompleteLessonAsync(enrolment, lesson);
        }

        var question = course.Quizzes[0].Questions[0];
        await learning.SubmitQuizAsync(enrolment, course.Quizzes[0], new Dictionary<long, IReadOnlyCollection<long>> { [question.Id] = [question.Options.Single(o => o.IsCorrect).Id] });
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Post, Ratings(4));
        return (await learning.IssueCertificateAsync(enrolment, course, "陳大文", "Chan Tai Man", HolderNameChoice.Both)).Code;
    }

    private static IPersonalDataProvider Provider(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetServices<IPersonalDataProvider>().Single(p => p.Section == "academy");

    [Fact]
    public async Task Export_lists_every_record_of_the_person_in_readable_form()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        var code = await CompleteAsync(site, "user-1");
        await using var scope = site.Scope();
        var section = await Provider(scope).ExportAsync("user-1");
        PersonalDataTable Table(string name) => section.Tables.Single(t => t.Name == name);
        Assert.Equal("running-meetings", Table("enrolments").Rows.Single().Fields.Single(f => f.Name == "course").Value);
        Assert.Equal(2, Table("lessonCompletions").Rows.Count);
        Assert.Equal("對 / True", Table("quizAttempts").Rows.Single().Fields.Single(f => f.Name == "answers").Value);
        Assert.Equal(12, Table("selfAssessments").Rows.Count);
        Assert.Equal("陳大文", Table("learnerProfile").Rows.Single().Fields.Single(f => f.Name == "nameZh").Value);
        var certificate = Table("certificates").Rows.Single();
        Assert.Equal(CertificateCode.Format(code), certificate.Fields.Single(f => f.Name == "code").Value);
        Assert.Equal("陳大文", certificate.Fields.Single(f => f.Name == "holderNameZh").Value);
        Assert.Equal(0, (await Provider(scope).ExportAsync("user-2")).RowCount);
    }

    [Fact]
    public async Task Erasure_deletes_learning_records_keeps_the_certificate_verifiable_without_the_name_and_is_idempotent()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        var code = await CompleteAsync(site, "user-1");
        await using (var scope = site.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LearningService>().EnrolAsync("user-2", "running-meetings");
        }

        await using (var scope = site.Scope())
        {
            var result = await Provider(scope).EraseAsync("user-1");
            Assert.Equal(2, result.Anonymised); // the certificate and the enrolment it needs
            Assert.True(result.Deleted >= 2 + 1 + 12 + 1); // completions, attempt, ratings, profile
        }

        await using (var scope = site.Scope())
        {
            Assert.Equal(0, (await Provider(scope).ExportAsync("user-1")).RowCount);
            Assert.Equal(PersonalDataErasure.None, await Provider(scope).EraseAsync("user-1"));

            var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
            Assert.False(await db.Enrolments.AnyAsync(e => e.UserId == "user-1"));
            Assert.Equal(0, await db.Set<QuizAttempt>().CountAsync());
            Assert.Equal(0, await db.LearnerProfiles.CountAsync());
            Assert.True(await db.Enrolments.AnyAsync(e => e.UserId == "user-2"));

            var verified = (await scope.ServiceProvider.GetRequiredService<CertificateService>().VerifyAsync(code))!;
            Assert.Equal(CertificateStatus.Valid, verified.Status);
            Assert.True(verified.Certificate.HolderErased);
            Assert.Equal("", verified.Certificate.HolderNameZh);
            Assert.Equal("", verified.Certificate.HolderNameEn);
            Assert.DoesNotContain("陳大文", verified.Certificate.WordingZh, StringComparison.Ordinal);
            Assert.DoesNotContain("Chan", verified.Certificate.WordingEn, StringComparison.Ordinal);
        }
    }
}
