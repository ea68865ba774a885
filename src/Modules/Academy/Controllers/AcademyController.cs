using Microsoft.AspNetCore.OutputCaching;
using Portal.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Academy.Models;
using Portal.Academy.Resources;
using Portal.Academy.Services;
using Portal.Academy.ViewModels;

using Portal.Navigation;

namespace Portal.Academy.Controllers;

/// <summary>The learner's pages: catalogue, course, lessons, quizzes, self-assessment, certificates.</summary>
[Area("Academy")]
[Authorize]
public sealed class AcademyController(
    LearningService learning,
    CertificateService certificates,
    IStringLocalizer<AcademyStrings> t,
    ISiteLinks siteLinks) : AcademyControllerBase(t, siteLinks)
{
    [AllowAnonymous]
    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/academy")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await learning.GetCatalogueAsync(ct));

    [AllowAnonymous]
    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/academy/paths")]
    public async Task<IActionResult> Paths(CancellationToken ct) => View(await learning.GetPathsAsync(ct));

    [AllowAnonymous]
    [OutputCache(PolicyName = PageCache.AnonymousPage)]
    [HttpGet("/academy/courses/{slug}")]
    public async Task<IActionResult> Course(string slug, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        return view is null ? NotFoundPage() : View(view);
    }

    [HttpPost("/academy/courses/{slug}/enrol")]
    public async Task<IActionResult> Enrol(string slug, CancellationToken ct)
    {
        try
        {
            await learning.EnrolAsync(UserId!, slug, ct);
            ShowStatus("You are enrolled. Let's start with a short self-assessment.");
            return Redirect($"/academy/courses/{Uri.EscapeDataString(slug)}/continue");
        }
        catch (AcademyRuleException ex)
        {
            ShowError(ex.Message);
            return Redirect("/academy");
        }
    }

    /// <summary>Resume: goes to wherever the learner should carry on.</summary>
    [HttpGet("/academy/courses/{slug}/continue")]
    public async Task<IActionResult> Continue(string slug, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view?.Enrolment is null)
        {
            return view is null ? NotFoundPage() : Redirect($"/academy/courses/{view.Course.Slug}");
        }

        var next = view.Next!;
        var baseUrl = $"/academy/courses/{view.Course.Slug}";
        return next.Kind switch
        {
            NextStepKind.PreAssessment => Redirect(baseUrl + "/assessment/pre"),
            NextStepKind.Lesson => Redirect($"{baseUrl}/lessons/{next.ItemId}"),
            NextStepKind.Quiz => Redirect($"{baseUrl}/quizzes/{next.ItemId}"),
            NextStepKind.PostAssessment => Redirect(baseUrl + "/assessment/post"),
            _ => Redirect(baseUrl + "/certificate"),
        };
    }

    [HttpGet("/academy/courses/{slug}/lessons/{lessonId:long}")]
    public async Task<IActionResult> Lesson(string slug, long lessonId, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        var lesson = view?.Course.Lessons.FirstOrDefault(l => l.Id == lessonId);
        if (view is null || lesson is null)
        {
            return NotFoundPage();
        }

        if (view.Enrolment is null)
        {
            ShowError("Please enrol in the course first.");
            return Redirect($"/academy/courses/{view.Course.Slug}");
        }

        await learning.VisitLessonAsync(view.Enrolment, lesson, ct);
        return View(new LessonPage(view, lesson));
    }

    [HttpPost("/academy/courses/{slug}/lessons/{lessonId:long}/complete")]
    public async Task<IActionResult> CompleteLesson(string slug, long lessonId, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        var lesson = view?.Course.Lessons.FirstOrDefault(l => l.Id == lessonId);
        if (view?.Enrolment is null || lesson is null)
        {
            return NotFoundPage();
        }

        await learning.CompleteLessonAsync(view.Enrolment, lesson, ct);
        ShowStatus("Lesson marked as done.");
        return Redirect($"/academy/courses/{view.Course.Slug}/continue");
    }

    [HttpGet("/academy/courses/{slug}/quizzes/{quizId:long}")]
    public async Task<IActionResult> Quiz(string slug, long quizId, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        var quiz = view?.Course.Quizzes.FirstOrDefault(q => q.Id == quizId);
        if (view is null || quiz is null)
        {
            return NotFoundPage();
        }

        if (view.Enrolment is null)
        {
            ShowError("Please enrol in the course first.");
            return Redirect($"/academy/courses/{view.Course.Slug}");
        }

        return View(new QuizPage(view, quiz, null));
    }

    [HttpPost("/academy/courses/{slug}/quizzes/{quizId:long}")]
    public async Task<IActionResult> SubmitQuiz(string slug, long quizId, IFormCollection form, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        var quiz = view?.Course.Quizzes.FirstOrDefault(q => q.Id == quizId);
        if (view?.Enrolment is null || quiz is null)
        {
            return NotFoundPage();
        }

        var answers = new Dictionary<long, IReadOnlyCollection<long>>();
        foreach (var question in quiz.Questions)
        {
            var chosen = form["q" + question.Id]
                .Select(v => long.TryParse(v, out var id) ? id : 0)
                .Where(id => question.Options.Any(o => o.Id == id))
                .Distinct()
                .ToList();
            if (question.Kind != QuestionKind.MultipleChoice && chosen.Count > 1)
            {
                chosen = [chosen[0]];
            }

            answers[question.Id] = chosen;
        }

        if (answers.Values.Any(a => a.Count == 0))
        {
            ModelState.AddModelError(string.Empty, T["Please answer every question."]);
            return View("Quiz", new QuizPage(view, quiz, null) { Draft = answers });
        }

        try
        {
            var attempt = await learning.SubmitQuizAsync(view.Enrolment, quiz, answers, ct);
            return View("Quiz", new QuizPage(view, quiz, attempt));
        }
        catch (AcademyRuleException ex)
        {
            ModelState.AddModelError(string.Empty, T[ex.Message]);
            return View("Quiz", new QuizPage(view, quiz, null));
        }
    }

    [HttpGet("/academy/courses/{slug}/assessment/{stage:regex(^(pre|post)$)}")]
    public async Task<IActionResult> Assessment(string slug, string stage, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view is null)
        {
            return NotFoundPage();
        }

        if (view.Enrolment is null)
        {
            ShowError("Please enrol in the course first.");
            return Redirect($"/academy/courses/{view.Course.Slug}");
        }

        var s = stage == "pre" ? AssessmentStage.Pre : AssessmentStage.Post;
        return View(new AssessmentPage(view, s, view.Enrolment.AssessmentOf(s)));
    }

    [HttpPost("/academy/courses/{slug}/assessment/{stage:regex(^(pre|post)$)}")]
    public async Task<IActionResult> SaveAssessment(string slug, string stage, IFormCollection form, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view?.Enrolment is null)
        {
            return NotFoundPage();
        }

        var s = stage == "pre" ? AssessmentStage.Pre : AssessmentStage.Post;
        var ratings = new Dictionary<Competency, int>();
        foreach (var competency in Enrolment.AllCompetencies)
        {
            if (int.TryParse(form[competency.ToString()], out var value))
            {
                ratings[competency] = value;
            }
        }

        try
        {
            await learning.RecordAssessmentAsync(view.Enrolment, view.Course, s, ratings, ct);
        }
        catch (AcademyRuleException ex)
        {
            ModelState.AddModelError(string.Empty, T[ex.Message]);
            return View("Assessment", new AssessmentPage(view, s, ratings));
        }

        if (s == AssessmentStage.Post)
        {
            ShowStatus("Well done: you have completed the course.");
            return Redirect($"/academy/courses/{view.Course.Slug}/change");
        }

        ShowStatus("Thank you. Your answers are saved.");
        return Redirect($"/academy/courses/{view.Course.Slug}/continue");
    }

    [HttpGet("/academy/courses/{slug}/change")]
    public async Task<IActionResult> Change(string slug, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view?.Enrolment is null)
        {
            return NotFoundPage();
        }

        return View(view);
    }

    [HttpGet("/academy/courses/{slug}/certificate")]
    public async Task<IActionResult> Certificate(string slug, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view?.Enrolment is null)
        {
            return NotFoundPage();
        }

        var profile = await learning.FindProfileAsync(UserId!, ct);
        var current = view.Enrolment.CurrentCertificate;
        return View(new CertificateForm
        {
            Course = view,
            NameZh = current?.HolderNameZh ?? profile?.NameZh,
            NameEn = current?.HolderNameEn ?? profile?.NameEn,
            Choice = current?.NameChoice ?? profile?.NameChoice ?? HolderNameChoice.Both,
        });
    }

    [HttpPost("/academy/courses/{slug}/certificate")]
    public async Task<IActionResult> IssueCertificate(string slug, [FromForm] CertificateForm input, CancellationToken ct)
    {
        var view = await learning.GetCourseViewAsync(slug, UserId, ct);
        if (view?.Enrolment is null)
        {
            return NotFoundPage();
        }

        input.Course = view;
        foreach (var problem in Models.Certificate.ValidateNames(input.NameZh, input.NameEn, input.Choice))
        {
            ModelState.AddModelError(input.Choice == HolderNameChoice.English ? nameof(input.NameEn) : nameof(input.NameZh), T[problem]);
        }

        if (!ModelState.IsValid)
        {
            return View("Certificate", input);
        }

        try
        {
            var certificate = await learning.IssueCertificateAsync(view.Enrolment, view.Course, input.NameZh, input.NameEn, input.Choice, ct);
            ShowStatus("Your certificate is ready.");
            return Redirect("/academy/my#certificate-" + certificate.Code);
        }
        catch (AcademyRuleException ex)
        {
            ModelState.AddModelError(string.Empty, T[ex.Message]);
            return View("Certificate", input);
        }
        catch (Certificates.CertificateNotDrawableException ex)
        {
            ModelState.AddModelError(input.Choice == HolderNameChoice.English ? nameof(input.NameEn) : nameof(input.NameZh),
                T["Your certificate is not ready: the portal cannot yet print {0} in your name. Staff see this on their certificates page and can help. You can also write your name another way.",
                    Certificates.CertificateNotDrawableException.Describe(ex.Missing)]);
            return View("Certificate", input);
        }
    }

    [HttpGet("/academy/my")]
    public async Task<IActionResult> My(CancellationToken ct)
    {
        var courses = await learning.GetMyLearningAsync(UserId!, ct);
        var profile = await learning.FindProfileAsync(UserId!, ct);
        return View(new MyLearningPage(courses, profile?.ShareProgressWithMentor ?? false));
    }

    [HttpPost("/academy/my/sharing")]
    public async Task<IActionResult> Sharing([FromForm] bool share, CancellationToken ct)
    {
        await learning.SetShareWithMentorAsync(UserId!, share, ct);
        ShowStatus(share ? "Your mentor can now see your course progress." : "Your course progress is no longer shared.");
        return Redirect("/academy/my");
    }

    /// <summary>Downloads one of the person's own certificates (staff may download any).</summary>
    [HttpGet("/academy/certificates/{code}.pdf")]
    public async Task<IActionResult> Download(string code, [FromServices] IAuthorizationService authorization, CancellationToken ct)
    {
        var certificate = await certificates.FindAsync(code, ct);
        if (certificate is null)
        {
            return NotFoundPage();
        }

        if (certificate.UserId != UserId && !await Security.PermissionAuthorizationExtensions.AuthorizeAsync(authorization, User, Permissions.ManageAcademy))
        {
            return NotFoundPage();
        }

        var pdf = certificates.RenderPdf(certificate, PublicBaseUrl);
        return File(pdf, "application/pdf", CertificateService.FileName(certificate));
    }

    /// <summary>
    /// <see cref="Portal.Learning.CertificateLinks.Pdf"/>: any certificate the academy issued, a course's or a programme's (e.g. a
    /// completed mentorship), for its holder; staff may download any. Anyone else, and an erased holder's, 404.
    /// </summary>
    [HttpGet("/certificates/{code}.pdf")]
    public async Task<IActionResult> DownloadAny(string code, [FromServices] IAuthorizationService authorization, CancellationToken ct)
    {
        if (await certificates.FindProgrammeAsync(code, ct) is not { HolderErased: false } programme)
        {
            return await Download(code, authorization, ct);
        }

        if (programme.UserId != UserId && !await Security.PermissionAuthorizationExtensions.AuthorizeAsync(authorization, User, Permissions.ManageAcademy))
        {
            return NotFoundPage();
        }

        return File(certificates.RenderProgrammePdf(programme, PublicBaseUrl), "application/pdf", CertificateService.FileName(programme));
    }
}
