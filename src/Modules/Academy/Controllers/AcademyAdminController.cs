using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Academy.Models;
using Portal.Academy.Resources;
using Portal.Academy.Services;
using Portal.Academy.ViewModels;

using Portal.Navigation;

namespace Portal.Academy.Controllers;

/// <summary>Staff pages: authoring, cohorts, reports and certificates.</summary>
[Area("Academy")]
[Authorize(Policy = Permissions.ManageAcademyPolicy)]
public sealed class AcademyAdminController(
    AcademyAdminService admin,
    CertificateService certificates,
    TimeProvider clock,
    IOptions<AcademyOptions> options,
    IStringLocalizer<AcademyStrings> t,
    ISiteLinks siteLinks,
    Portal.Privacy.IPersonalDataAccessLog audit,
    Portal.Content.IMarkdownRenderer markdown) : AcademyControllerBase(t, siteLinks)
{
    [HttpGet("/admin/academy")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await admin.GetCoursesAsync(ct));

    [HttpGet("/admin/academy/courses/new")]
    public IActionResult NewCourse() => View("Course", new CourseInput());

    [HttpPost("/admin/academy/courses/new")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Portal.Security.RateLimitPolicies.Posting)]
    public async Task<IActionResult> CreateCourse([FromForm] CourseInput input, CancellationToken ct)
    {
        AddProblems(Course.Validate(input.Slug, input.ToDetails()));
        if (!ModelState.IsValid)
        {
            return View("Course", input);
        }

        try
        {
            var course = await admin.CreateCourseAsync(input.Slug, input.ToDetails(), ct);
            ShowStatus("The course is saved. Add its lessons and quizzes, then publish it.");
            return Redirect($"/admin/academy/courses/{course.Id}");
        }
        catch (AcademyRuleException ex)
        {
            ModelState.AddModelError(nameof(input.Slug), T[ex.Message]);
            return View("Course", input);
        }
    }

    [HttpGet("/admin/academy/courses/{id:long}")]
    public async Task<IActionResult> EditCourse(long id, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        return course is null ? NotFoundPage() : View("Course", CourseInput.From(course));
    }

    [HttpPost("/admin/academy/courses/{id:long}")]
    public async Task<IActionResult> UpdateCourse(long id, [FromForm] CourseInput input, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        if (course is null)
        {
            return NotFoundPage();
        }

        input.Id = id;
        input.Slug = course.Slug;
        input.Course = course;
        AddProblems(Course.Validate(course.Slug, input.ToDetails()));
        if (!ModelState.IsValid)
        {
            return View("Course", input);
        }

        try
        {
            await admin.UpdateCourseAsync(course, input.ToDetails(), input.Published, ct);
            ShowStatus("The course is saved.");
            return Redirect($"/admin/academy/courses/{id}");
        }
        catch (AcademyRuleException ex)
        {
            ModelState.AddModelError(string.Empty, T[ex.Message]);
            return View("Course", input);
        }
    }

    [HttpGet("/admin/academy/courses/{id:long}/lessons/new")]
    public async Task<IActionResult> NewLesson(long id, CancellationToken ct) =>
        await admin.GetCourseAsync(id, ct) is null ? NotFoundPage() : View("Lesson", new LessonInput { CourseId = id });

    [HttpGet("/admin/academy/courses/{id:long}/lessons/{lessonId:long}")]
    public async Task<IActionResult> EditLesson(long id, long lessonId, CancellationToken ct)
    {
        var lesson = (await admin.GetCourseAsync(id, ct))?.Lessons.FirstOrDefault(l => l.Id == lessonId);
        return lesson is null ? NotFoundPage() : View("Lesson", LessonInput.From(lesson));
    }

    [HttpPost("/admin/academy/courses/{id:long}/lessons/{lessonId:long?}")]
    public async Task<IActionResult> SaveLesson(long id, long? lessonId, [FromForm] LessonInput input, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        var lesson = lessonId is null ? null : course?.Lessons.FirstOrDefault(l => l.Id == lessonId);
        if (course is null || (lessonId is not null && lesson is null))
        {
            return NotFoundPage();
        }

        input.CourseId = id;
        input.Id = lessonId;
        AddProblems(Lesson.Validate(input.ToDetails()));
        if (!markdown.CanRender(input.BodyZh) || !markdown.CanRender(input.BodyEn))
        {
            // Refused with the text kept, rather than a lesson that learners would see only as plain text.
            AddProblems([CannotRenderLessonMessage]);
        }

        if (!ModelState.IsValid)
        {
            return View("Lesson", input);
        }

        if (lesson is null)
        {
            await admin.AddLessonAsync(course, input.ToDetails(), ct);
        }
        else
        {
            await admin.UpdateLessonAsync(lesson, input.ToDetails(), ct);
        }

        ShowStatus("The lesson is saved.");
        return Redirect($"/admin/academy/courses/{id}");
    }

    /// <summary>Moves a lesson one place up or down; the course page shows the new order at once.</summary>
    [HttpPost("/admin/academy/courses/{id:long}/lessons/{lessonId:long}/move")]
    public async Task<IActionResult> MoveLesson(long id, long lessonId, [FromForm] string? direction, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        var lesson = course?.Lessons.FirstOrDefault(l => l.Id == lessonId);
        if (course is null || lesson is null)
        {
            return NotFoundPage();
        }

        if (direction is not ("up" or "down"))
        {
            ShowError("Choose to move the lesson up or down.");
        }
        else if (await admin.MoveLessonAsync(course, lesson, direction == "up", ct))
        {
            TempData["Status"] = string.Format(T[direction == "up" ? "Moved up: {0}" : "Moved down: {0}"].Value, lesson.Title(English));
        }
        else
        {
            ShowStatus(direction == "up" ? "This lesson is already the first." : "This lesson is already the last.");
        }

        return Redirect($"/admin/academy/courses/{id}#lesson-{lessonId}");
    }

    [HttpGet("/admin/academy/courses/{id:long}/lessons/{lessonId:long}/delete")]
    public async Task<IActionResult> ConfirmDeleteLesson(long id, long lessonId, CancellationToken ct)
    {
        var lesson = (await admin.GetCourseAsync(id, ct))?.Lessons.FirstOrDefault(l => l.Id == lessonId);
        return lesson is null ? NotFoundPage() : View("DeleteLesson", new DeleteLessonPage(lesson, await admin.CountLessonCompletionsAsync(lesson, ct)));
    }

    [HttpPost("/admin/academy/courses/{id:long}/lessons/{lessonId:long}/delete")]
    public async Task<IActionResult> DeleteLesson(long id, long lessonId, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        var lesson = course?.Lessons.FirstOrDefault(l => l.Id == lessonId);
        if (course is null || lesson is null)
        {
            return NotFoundPage();
        }

        try
        {
            await admin.DeleteLessonAsync(course, lesson, ct);
            ShowStatus("The lesson is deleted.");
            return Redirect($"/admin/academy/courses/{id}#lessons");
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect($"/admin/academy/courses/{id}/lessons/{lessonId}/delete");
        }
    }

    [HttpGet("/admin/academy/courses/{id:long}/delete")]
    public async Task<IActionResult> ConfirmDeleteCourse(long id, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        return course is null ? NotFoundPage() : View("DeleteCourse", new DeleteCoursePage(course, await admin.CountEnrolmentsAsync(id, ct)));
    }

    [HttpPost("/admin/academy/courses/{id:long}/delete")]
    public async Task<IActionResult> DeleteCourse(long id, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        if (course is null)
        {
            return NotFoundPage();
        }

        try
        {
            await admin.DeleteCourseAsync(course, ct);
            ShowStatus("The course is deleted.");
            return Redirect("/admin/academy");
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect($"/admin/academy/courses/{id}/delete");
        }
    }

    /// <summary>Archive: the course leaves the catalogue and search; enrolled learners keep everything.</summary>
    [HttpPost("/admin/academy/courses/{id:long}/unpublish")]
    public async Task<IActionResult> UnpublishCourse(long id, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        if (course is null)
        {
            return NotFoundPage();
        }

        await admin.UnpublishCourseAsync(course, ct);
        ShowStatus("The course is unpublished. It is no longer in the catalogue or search; enrolled learners keep their records and certificates.");
        return Redirect($"/admin/academy/courses/{id}");
    }

    [HttpGet("/admin/academy/courses/{id:long}/quizzes/new")]
    public async Task<IActionResult> NewQuiz(long id, CancellationToken ct) =>
        await admin.GetCourseAsync(id, ct) is null ? NotFoundPage() : View("Quiz", new QuizInput { CourseId = id });

    [HttpGet("/admin/academy/courses/{id:long}/quizzes/{quizId:long}")]
    public async Task<IActionResult> EditQuiz(long id, long quizId, CancellationToken ct)
    {
        var quiz = (await admin.GetCourseAsync(id, ct))?.Quizzes.FirstOrDefault(q => q.Id == quizId);
        return quiz is null ? NotFoundPage() : View("Quiz", QuizInput.From(quiz));
    }

    [HttpPost("/admin/academy/courses/{id:long}/quizzes/{quizId:long?}")]
    public async Task<IActionResult> SaveQuiz(long id, long? quizId, [FromForm] QuizInput input, CancellationToken ct)
    {
        var course = await admin.GetCourseAsync(id, ct);
        var quiz = quizId is null ? null : course?.Quizzes.FirstOrDefault(q => q.Id == quizId);
        if (course is null || (quizId is not null && quiz is null))
        {
            return NotFoundPage();
        }

        input.CourseId = id;
        input.Id = quizId;
        input.Quiz = quiz;
        ModelState.Clear();
        AddProblems(Quiz.Validate(input.ToDetails()));
        if (!ModelState.IsValid)
        {
            return View("Quiz", input);
        }

        if (quiz is null)
        {
            quiz = await admin.AddQuizAsync(course, input.ToDetails(), ct);
        }
        else
        {
            await admin.UpdateQuizAsync(quiz, input.ToDetails(), ct);
        }

        ShowStatus("The quiz is saved.");
        return Redirect($"/admin/academy/courses/{id}/quizzes/{quiz.Id}");
    }

    [HttpPost("/admin/academy/courses/{id:long}/quizzes/{quizId:long}/questions")]
    public async Task<IActionResult> AddQuestion(long id, long quizId, [FromForm] QuizInput input, CancellationToken ct)
    {
        var quiz = (await admin.GetCourseAsync(id, ct))?.Quizzes.FirstOrDefault(q => q.Id == quizId);
        if (quiz is null)
        {
            return NotFoundPage();
        }

        ModelState.Clear();
        var details = input.NewQuestion.ToDetails();
        AddProblems(QuizQuestion.Validate(details));
        if (ModelState.IsValid)
        {
            await admin.AddQuestionAsync(quiz, details, ct);
            ShowStatus("The question is added.");
            return Redirect($"/admin/academy/courses/{id}/quizzes/{quizId}#questions");
        }

        var page = QuizInput.From(quiz);
        page.NewQuestion = input.NewQuestion;
        return View("Quiz", page);
    }

    [HttpPost("/admin/academy/courses/{id:long}/quizzes/{quizId:long}/questions/{questionId:long}/delete")]
    public async Task<IActionResult> DeleteQuestion(long id, long quizId, long questionId, CancellationToken ct)
    {
        var quiz = (await admin.GetCourseAsync(id, ct))?.Quizzes.FirstOrDefault(q => q.Id == quizId);
        if (quiz is null)
        {
            return NotFoundPage();
        }

        try
        {
            await admin.RemoveQuestionAsync(quiz, questionId, ct);
            ShowStatus("The question is deleted.");
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect($"/admin/academy/courses/{id}/quizzes/{quizId}#questions");
    }

    [HttpGet("/admin/academy/cohorts")]
    public async Task<IActionResult> Cohorts(CancellationToken ct)
    {
        var today = Globalization.PortalCultures.Today(clock);
        return View(new CohortsPage(await admin.GetCohortsAsync(ct), await admin.GetCoursesAsync(ct),
            new CohortInput { StartsOn = today, EndsOn = today.AddMonths(3) }));
    }

    [HttpPost("/admin/academy/cohorts")]
    public async Task<IActionResult> CreateCohort([FromForm] CohortInput input, CancellationToken ct)
    {
        AddProblems(Models.Cohort.Validate(input.Name, input.StartsOn, input.EndsOn));
        if (ModelState.IsValid)
        {
            try
            {
                var cohort = await admin.CreateCohortAsync(input.CourseId, input.Name, input.StartsOn, input.EndsOn, ct);
                ShowStatus("The cohort is created. Now enrol its participants.");
                return Redirect($"/admin/academy/cohorts/{cohort.Id}");
            }
            catch (AcademyRuleException ex)
            {
                ModelState.AddModelError(string.Empty, T[ex.Message]);
            }
        }

        return View("Cohorts", new CohortsPage(await admin.GetCohortsAsync(ct), await admin.GetCoursesAsync(ct), input));
    }

    [HttpGet("/admin/academy/cohorts/{id:long}")]
    public async Task<IActionResult> Cohort(long id, CancellationToken ct)
    {
        var report = await admin.GetCohortReportAsync(id, options.Value.ImprovedTargetPercent, ct);
        if (report is null)
        {
            return NotFoundPage();
        }

        await RecordAsync(report, Portal.Privacy.PersonalDataAction.Viewed, ct);
        return View(report);
    }

    [HttpPost("/admin/academy/cohorts/{id:long}/enrol")]
    public async Task<IActionResult> BulkEnrol(long id, [FromForm] string? people, CancellationToken ct)
    {
        var cohort = await admin.GetCohortAsync(id, ct);
        if (cohort is null)
        {
            return NotFoundPage();
        }

        try
        {
            var result = await admin.BulkEnrolAsync(cohort, people ?? "", ct);
            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(UserId ?? "", result.EnrolledUserIds, AuditedAreas.Enrolments,
                Portal.Privacy.PersonalDataAction.Changed, null, "cohort " + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " enrol"), ct);
            TempData["Status"] = string.Format(T["Enrolled: {0}. Already enrolled: {1}."].Value, result.Enrolled, result.AlreadyEnrolled);
            if (result.NotFound.Count > 0)
            {
                TempData[ErrorKey] = string.Format(T["Not found: {0}"].Value, string.Join(", ", result.NotFound));
            }
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect($"/admin/academy/cohorts/{id}");
    }

    [HttpGet("/admin/academy/cohorts/{id:long}/report.csv")]
    public async Task<IActionResult> CohortCsv(long id, CancellationToken ct)
    {
        var report = await admin.GetCohortReportAsync(id, options.Value.ImprovedTargetPercent, ct);
        if (report is null)
        {
            return NotFoundPage();
        }

        await RecordAsync(report, Portal.Privacy.PersonalDataAction.Exported, ct);
        var csv = AcademyAdminService.ToCsv(report, s => T[s]);
        // BOM so that Excel opens the Chinese text correctly.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"cohort-{id}-report.csv");
    }

    [HttpGet("/admin/academy/cohorts/{id:long}/certificates.zip")]
    public async Task<IActionResult> CohortZip(long id, CancellationToken ct)
    {
        if (await admin.GetCohortAsync(id, ct) is null)
        {
            return NotFoundPage();
        }

        if (await admin.GetCohortReportAsync(id, options.Value.ImprovedTargetPercent, ct) is { } report)
        {
            await RecordAsync(report, Portal.Privacy.PersonalDataAction.Exported, ct, "certificates");
        }

        return File(await certificates.CohortZipAsync(id, PublicBaseUrl, ct), "application/zip", $"cohort-{id}-certificates.zip");
    }

    [HttpGet("/admin/academy/certificates")]
    public async Task<IActionResult> Certificates([FromQuery] string? q, [FromServices] global::Portal.Academy.Certificates.CertificatePdfRenderer renderer, CancellationToken ct)
    {
        var page = new CertificatesPage(q, await admin.FindCertificatesAsync(q, ct), Globalization.PortalCultures.Today(clock))
        {
            Waiting = await admin.FindWaitingCertificatesAsync(renderer, ct),
        };

        // Audit trail: the register shows holders' names (and can be searched by name).
        string[] shown = [.. page.Certificates.Select(c => c.UserId).Concat(page.Waiting.Select(w => w.UserId))
            .Where(u => u.Length > 0 && u != Models.Certificate.ErasedHolderUserId).Distinct(StringComparer.Ordinal)];
        if (shown.Length > 0)
        {
            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(UserId ?? "", shown, AuditedAreas.Certificates,
                Portal.Privacy.PersonalDataAction.Viewed, null, string.IsNullOrWhiteSpace(q) ? "certificate register" : "certificate search"), ct);
        }

        return View(page);
    }

    /// <summary>A certificate as it would be issued for a course and a name, before anyone gets it.</summary>
    [HttpGet("/admin/academy/certificate-preview")]
    public async Task<IActionResult> CertificatePreview([FromQuery] CertificatePreviewInput input, [FromServices] global::Portal.Academy.Certificates.CertificatePdfRenderer renderer, CancellationToken ct)
    {
        var courses = await admin.GetCoursesAsync(ct);
        var course = courses.FirstOrDefault(c => c.Id == input.Course) ?? (courses.Count > 0 ? courses[0] : null);
        input.Course = course?.Id;
        var problems = Models.Certificate.ValidateNames(input.NameZh, input.NameEn, input.Choice);
        var missing = course is null || problems.Count > 0 ? [] : renderer.MissingCharacters(PreviewDocument(course, input));
        return View(new CertificatePreviewPage(input, courses, course, [.. problems.Select(p => T[p].Value)], missing));
    }

    [HttpGet("/admin/academy/certificate-preview.png")]
    public Task<IActionResult> CertificatePreviewPng([FromQuery] CertificatePreviewInput input, [FromServices] global::Portal.Academy.Certificates.CertificatePdfRenderer renderer, CancellationToken ct) =>
        PreviewFileAsync(input, renderer, png: true, ct);

    [HttpGet("/admin/academy/certificate-preview.pdf")]
    public Task<IActionResult> CertificatePreviewPdf([FromQuery] CertificatePreviewInput input, [FromServices] global::Portal.Academy.Certificates.CertificatePdfRenderer renderer, CancellationToken ct) =>
        PreviewFileAsync(input, renderer, png: false, ct);

    private async Task<IActionResult> PreviewFileAsync(CertificatePreviewInput input, global::Portal.Academy.Certificates.CertificatePdfRenderer renderer, bool png, CancellationToken ct)
    {
        var courses = await admin.GetCoursesAsync(ct);
        var course = courses.FirstOrDefault(c => c.Id == input.Course) ?? (courses.Count > 0 ? courses[0] : null);
        if (course is null || Models.Certificate.ValidateNames(input.NameZh, input.NameEn, input.Choice).Count > 0)
        {
            return NotFoundPage();
        }

        var bytes = renderer.Preview(PreviewDocument(course, input), png);
        return png ? File(bytes, "image/png") : File(bytes, "application/pdf", "certificate-preview.pdf");
    }

    private global::Portal.Academy.Certificates.CertificateDocument PreviewDocument(Course course, CertificatePreviewInput input) =>
        CertificateService.ToDocument(Models.Certificate.Preview(course,
            new CertificateIssue(input.NameZh, input.NameEn, input.Choice, options.Value.IssuerZh, options.Value.IssuerEn), clock.GetUtcNow()), PublicBaseUrl);

    [HttpPost("/admin/academy/certificates/{code}/revoke")]
    public async Task<IActionResult> Revoke(string code, [FromForm] string? reason, CancellationToken ct)
    {
        try
        {
            var holder = await certificates.RevokeAsync(code, reason ?? "", ct);
            await audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(UserId ?? "", holder, AuditedAreas.Certificates,
                Portal.Privacy.PersonalDataAction.Changed, null, "certificate revoked"), ct);
            ShowStatus("The certificate is revoked.");
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
        }

        return Redirect("/admin/academy/certificates?q=" + Uri.EscapeDataString(code ?? ""));
    }

    [HttpGet("/admin/academy/paths")]
    public async Task<IActionResult> Paths([FromQuery] long? edit, CancellationToken ct)
    {
        var paths = await admin.GetPathsAsync(ct);
        var input = new PathInput();
        if (edit is not null && paths.FirstOrDefault(p => p.Id == edit) is { } path)
        {
            input = new PathInput
            {
                Id = path.Id,
                Slug = path.Slug,
                TitleZh = path.TitleZh,
                TitleEn = path.TitleEn,
                DescriptionZh = path.DescriptionZh,
                DescriptionEn = path.DescriptionEn,
                Positions = path.Courses.ToDictionary(c => c.CourseId, c => (int?)c.Position),
            };
        }

        return View(new PathsPage(paths, await admin.GetCoursesAsync(ct), input));
    }

    [HttpPost("/admin/academy/paths")]
    public async Task<IActionResult> SavePath([FromForm] PathInput input, CancellationToken ct)
    {
        ModelState.Clear();
        AddProblems(LearningPath.Validate(input.Slug, input.TitleZh, input.TitleEn));
        if (ModelState.IsValid)
        {
            try
            {
                await admin.SavePathAsync(input.Id, input.Slug, input.TitleZh, input.TitleEn, input.DescriptionZh, input.DescriptionEn, input.OrderedCourseIds(), ct);
                ShowStatus("The learning path is saved.");
                return Redirect("/admin/academy/paths");
            }
            catch (AcademyRuleException ex)
            {
                ModelState.AddModelError(string.Empty, T[ex.Message]);
            }
        }

        return View("Paths", new PathsPage(await admin.GetPathsAsync(ct), await admin.GetCoursesAsync(ct), input));
    }

    internal const string CannotRenderLessonMessage =
        "The lesson text cannot be shown as written: it has too many quotes or lists inside each other. Use fewer levels.";

    private void AddProblems(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            ModelState.AddModelError(string.Empty, T[problem]);
        }
    }

    /// <summary>Audit trail: staff opened or downloaded every learner's record in the cohort.</summary>
    private Task RecordAsync(CohortReport report, Portal.Privacy.PersonalDataAction action, CancellationToken ct, string what = "report") =>
        audit.RecordAsync(new Portal.Privacy.PersonalDataAccess(
            UserId ?? "",
            [.. report.Learners.Select(l => l.UserId)],
            AuditedAreas.Enrolments,
            action,
            null,
            "cohort " + report.Cohort.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + what), ct);
}
