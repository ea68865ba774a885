using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Academy.Data;
using Portal.Academy.Models;

namespace Portal.Academy.Tests;

public sealed class AcademyWebTests(AcademyWebSite site) : IClassFixture<AcademyWebSite>
{
    private const string Slug = "running-effective-meetings";

    [Fact]
    public async Task Catalogue_and_course_pages_are_public_in_both_languages()
    {
        using var anonymous = site.Browser();
        var zh = await anonymous.GetStringAsync("/academy");
        Assert.Contains("<h1>培訓學院</h1>", zh, StringComparison.Ordinal); // the one short name in headings
        Assert.Contains("領袖承續與接班人培訓", zh, StringComparison.Ordinal);
        Assert.Contains("適合對象", zh, StringComparison.Ordinal);

        var en = await anonymous.GetStringAsync("/academy?culture=en");
        Assert.Contains("<h1>Training academy</h1>", en, StringComparison.Ordinal);
        Assert.Contains("Leadership succession and successor training", en, StringComparison.Ordinal);

        var course = await anonymous.GetAsync("/academy/courses/" + Slug);
        Assert.Equal(HttpStatusCode.OK, course.StatusCode);
        var paths = await anonymous.GetStringAsync("/academy/paths?culture=zh-HK");
        Assert.Contains("接班人學習路徑", paths, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/academy/courses/no-such-course")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/academy/my")).StatusCode);
    }

    [Fact]
    public async Task A_programme_certificate_downloads_as_a_pdf_for_its_holder_and_staff_only()
    {
        string code;
        using (var scope = site.Services.CreateScope())
        {
            code = await scope.ServiceProvider.GetRequiredService<Portal.Learning.ICertificateIssuer>().IssueAsync(
                new("programme-holder-1", "何美玲", "自助組織領袖師友計劃", "Self-help group leaders' mentor scheme", new DateOnly(2026, 3, 1), "web-test:1"));
        }

        using var holder = site.Browser("programme-holder-1");
        var pdf = await holder.GetAsync(Portal.Learning.CertificateLinks.Pdf(code));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"certificate-{CertificateCode.Format(code)}.pdf", pdf.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        using var staff = site.Browser("staff-9", "Staff");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(Portal.Learning.CertificateLinks.Pdf(code))).StatusCode);
        using var other = site.Browser("someone-else");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Portal.Learning.CertificateLinks.Pdf(code))).StatusCode);
        using var anonymous = site.Browser();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(Portal.Learning.CertificateLinks.Pdf(code))).StatusCode);
        Assert.Contains("何美玲", await anonymous.GetStringAsync(Portal.Learning.CertificateLinks.Verify(code)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_certificate_code_gets_a_clear_not_found_page()
    {
        using var anonymous = site.Browser();
        foreach (var code in new[] { "ABCD-EFGH-JKMN-PQRS", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", new string('9', 300) })
        {
            var response = await anonymous.GetAsync("/certificates/verify/" + code);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("找不到證書", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        }

        var en = await anonymous.GetAsync("/certificates/verify/ABCD-EFGH-JKMN-PQRS?culture=en");
        Assert.Contains("Certificate not found", await en.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learner_goes_from_enrolment_through_quizzes_and_assessments_to_a_verified_certificate()
    {
        using var learner = await site.BrowserForAsync("learner1");
        var courseUrl = "/academy/courses/" + Slug;

        var enrol = await AcademyWebSite.PostFormAsync(learner, courseUrl, courseUrl + "/enrol", []);
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        var next = await learner.GetAsync(enrol.Headers.Location!.ToString());
        Assert.Equal(courseUrl + "/assessment/pre", next.Headers.Location!.ToString());

        var pre = await AcademyWebSite.PostFormAsync(learner, courseUrl + "/assessment/pre", courseUrl + "/assessment/pre",
            Enum.GetNames<Competency>().Select(c => new KeyValuePair<string, string>(c, "2")));
        Assert.Equal(HttpStatusCode.Redirect, pre.StatusCode);

        var (lessonIds, quiz) = await LoadCourseAsync();
        foreach (var lessonId in lessonIds)
        {
            var lessonUrl = $"{courseUrl}/lessons/{lessonId}";
            var page = await learner.GetStringAsync(lessonUrl);
            Assert.Contains("<progress", page, StringComparison.Ordinal);
            var done = await AcademyWebSite.PostFormAsync(learner, lessonUrl, lessonUrl + "/complete", []);
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        // Resume now points at the quiz.
        var resume = await learner.GetAsync(courseUrl + "/continue");
        Assert.Equal($"{courseUrl}/quizzes/{quiz.Id}", resume.Headers.Location!.ToString());

        var quizUrl = $"{courseUrl}/quizzes/{quiz.Id}";
        var quizPage = await learner.GetStringAsync(quizUrl);
        Assert.Contains("尚餘作答次數：3", quizPage, StringComparison.Ordinal);
        var failed = await AcademyWebSite.PostFormAsync(learner, quizUrl, quizUrl, Answers(quiz, correct: false));
        var failedHtml = await failed.Content.ReadAsStringAsync();
        Assert.Contains("尚未通過", failedHtml, StringComparison.Ordinal);
        Assert.Contains("尚餘作答次數：2", failedHtml, StringComparison.Ordinal);
        Assert.Contains("太遲了", failedHtml, StringComparison.Ordinal); // per-answer feedback

        var passed = await AcademyWebSite.PostFormAsync(learner, quizUrl, quizUrl, Answers(quiz, correct: true));
        Assert.Contains("你已通過", await passed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var post = await AcademyWebSite.PostFormAsync(learner, courseUrl + "/assessment/post", courseUrl + "/assessment/post",
            Enum.GetNames<Competency>().Select(c => new KeyValuePair<string, string>(c, "4")));
        Assert.Equal(courseUrl + "/change", post.Headers.Location!.ToString());
        var change = await learner.GetStringAsync(courseUrl + "/change");
        Assert.Contains("<svg role=\"img\"", change, StringComparison.Ordinal);
        Assert.Contains("<td>&#x2B;2</td>", change, StringComparison.Ordinal); // "+2", HTML-encoded

        var issue = await AcademyWebSite.PostFormAsync(learner, courseUrl + "/certificate", courseUrl + "/certificate",
            [new("NameZh", "陳大文"), new("NameEn", "Chan Tai Man"), new("Choice", "Both")]);
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        var code = Regex.Match(issue.Headers.Location!.ToString(), "certificate-([0-9A-Z]{16})").Groups[1].Value;
        Assert.Equal(16, code.Length);

        var my = await learner.GetStringAsync("/academy/my");
        Assert.Contains(CertificateCode.Format(code), my, StringComparison.Ordinal);

        var pdf = await learner.GetAsync($"/academy/certificates/{code}.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var file = Path.Combine(Path.GetTempPath(), $"academy-web-{code}.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
            Assert.Contains("陳大文 Chan Tai Man", text, StringComparison.Ordinal);
            Assert.Contains(CertificateCode.Format(code), text, StringComparison.Ordinal);
            Assert.Contains("https://portal.example.hk/certificates/verify/" + code, text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        // Another person cannot download it.
        using var other = await site.BrowserForAsync("learner2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/academy/certificates/{code}.pdf")).StatusCode);

        // Anyone can verify it, in Chinese and English, also by the upper-case URL in the QR code.
        using var anonymous = site.Browser();
        var verify = await anonymous.GetStringAsync("/CERTIFICATES/VERIFY/" + code);
        Assert.Contains("這張證書有效", verify, StringComparison.Ordinal);
        Assert.Contains("陳大文 Chan Tai Man", verify, StringComparison.Ordinal);
        var verifyEn = await anonymous.GetStringAsync($"/certificates/verify/{CertificateCode.Format(code).ToLowerInvariant()}?culture=en");
        Assert.Contains("This certificate is valid.", verifyEn, StringComparison.Ordinal);
        Assert.Contains("Running effective meetings", verifyEn, StringComparison.Ordinal);

        // Staff revoke it with a reason; verification then says so.
        using var staff = await site.BrowserForAsync("staff1", "Staff");
        var revoke = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/certificates?q=" + code, $"/admin/academy/certificates/{code}/revoke",
            [new("reason", "發錯證書 Issued in error")]);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var revoked = await anonymous.GetStringAsync("/certificates/verify/" + code + "?culture=zh-HK");
        Assert.Contains("這張證書已被撤銷", revoked, StringComparison.Ordinal);
        Assert.Contains("發錯證書 Issued in error", revoked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_preview_a_certificate_before_issuing_and_see_a_name_that_cannot_be_printed()
    {
        using var member = site.Browser("preview-member", "Member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/academy/certificate-preview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/academy/certificate-preview.png")).StatusCode);

        using var staff = site.Browser("preview-staff", "Staff");
        var page = await staff.GetStringAsync("/admin/academy/certificate-preview?culture=zh-HK");
        Assert.Contains("預覽證書", page, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/admin/academy/certificate-preview.png?", page, StringComparison.Ordinal);
        Assert.DoesNotContain("error-summary", page, StringComparison.Ordinal);

        var png = await staff.GetAsync("/admin/academy/certificate-preview.png?NameZh=" + Uri.EscapeDataString("梁𡃁仔") + "&NameEn=Leung&Choice=Chinese");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var pdf = await staff.GetAsync("/admin/academy/certificate-preview.pdf?NameZh=" + Uri.EscapeDataString("梁𡃁仔") + "&Choice=Chinese");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        var refused = await staff.GetStringAsync("/admin/academy/certificate-preview?culture=en&Choice=Chinese&NameZh=" + Uri.EscapeDataString("陳\U0010FFFD"));
        Assert.Contains("This certificate cannot be issued", refused, StringComparison.Ordinal);
        Assert.Contains("U+10FFFD", System.Net.WebUtility.HtmlDecode(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_author_courses_and_run_cohorts_members_cannot()
    {
        using var member = site.Browser("web-member", "Member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/academy")).StatusCode);

        using var staff = await site.BrowserForAsync("staff1", "Staff");
        var list = await staff.GetStringAsync("/admin/academy");
        Assert.Contains("有效會議", list, StringComparison.Ordinal);

        var bad = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/courses/new", "/admin/academy/courses/new",
            [new("Slug", "Bad Slug"), new("TitleZh", ""), new("TitleEn", "x"), new("Hours", "0"), new("Language", "both")]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("網址名稱只可使用小寫英文字母", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Bad Slug\"", badHtml, StringComparison.Ordinal);

        var created = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/courses/new", "/admin/academy/courses/new",
            [new("Slug", "advocacy-basics"), new("TitleZh", "政策倡議入門"), new("TitleEn", "Advocacy basics"), new("Hours", "3"), new("Language", "both"),
             new("CertificateWordingZh", "{{name}} {{secret}}")]);
        Assert.Contains("只可使用以下代入欄位", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/courses/new", "/admin/academy/courses/new",
            [new("Slug", "advocacy-basics"), new("TitleZh", "政策倡議入門"), new("TitleEn", "Advocacy basics"), new("Hours", "3"), new("Language", "both"), new("CertificateExpiryMonths", "24")]);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var courseAdminUrl = ok.Headers.Location!.ToString();
        var lesson = await AcademyWebSite.PostFormAsync(staff, courseAdminUrl + "/lessons/new", courseAdminUrl + "/lessons",
            [new("TitleZh", "甚麼是倡議"), new("TitleEn", "What advocacy is"), new("BodyZh", "## 倡議"), new("BodyEn", "## Advocacy"), new("Required", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, lesson.StatusCode);

        var cohorts = await staff.GetStringAsync("/admin/academy/cohorts");
        var courseId = courseAdminUrl.Split('/').Last();
        var cohort = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/cohorts", "/admin/academy/cohorts",
            [new("Name", "2027 春季班"), new("CourseId", courseId), new("StartsOn", "2027-03-01"), new("EndsOn", "2027-05-31")]);
        Assert.Equal(HttpStatusCode.Redirect, cohort.StatusCode);
        var cohortUrl = cohort.Headers.Location!.ToString();
        var enrolled = await AcademyWebSite.PostFormAsync(staff, cohortUrl, cohortUrl + "/enrol", [new("people", "nobody-here@example.org\nlearner2")]);
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var report = await staff.GetStringAsync(cohortUrl);
        Assert.Contains("找不到：nobody-here@example.org", report, StringComparison.Ordinal);
        Assert.Contains("Wong Siu Ming", report, StringComparison.Ordinal);
        Assert.Contains("學員進度分佈", report, StringComparison.Ordinal);
        var csv = await staff.GetAsync(cohortUrl + "/report.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var zip = await staff.GetAsync(cohortUrl + "/certificates.zip");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(cohorts);

        var path = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/paths", "/admin/academy/paths",
            [new("Slug", "advocates"), new("TitleZh", "倡議者之路"), new("TitleEn", "Path for advocates"), new($"Positions[{courseId}]", "2")]);
        Assert.Equal(HttpStatusCode.Redirect, path.StatusCode);
        var badPath = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/paths", "/admin/academy/paths", [new("Slug", "x"), new("TitleZh", ""), new("TitleEn", "")]);
        Assert.Contains("請輸入學習路徑的中文及英文名稱", await badPath.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_reorder_and_delete_lessons_and_delete_an_unused_course()
    {
        using var staff = await site.BrowserForAsync("staff1", "Staff");
        var created = await AcademyWebSite.PostFormAsync(staff, "/admin/academy/courses/new", "/admin/academy/courses/new",
            [new("Slug", "lesson-order-test"), new("TitleZh", "次序測試"), new("TitleEn", "Order test"), new("Hours", "1"), new("Language", "both")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var courseUrl = created.Headers.Location!.ToString();
        foreach (var (zh, en) in new[] { ("第一課", "Lesson one"), ("第二課", "Lesson two") })
        {
            var added = await AcademyWebSite.PostFormAsync(staff, courseUrl + "/lessons/new", courseUrl + "/lessons",
                [new("TitleZh", zh), new("TitleEn", en), new("BodyZh", "內容"), new("Required", "true")]);
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        long[] ids;
        using (var scope = site.Services.CreateScope())
        {
            var course = await scope.ServiceProvider.GetRequiredService<AcademyDbContext>().Courses.Include(c => c.Lessons).SingleAsync(c => c.Slug == "lesson-order-test");
            ids = course.OrderedLessons.Select(l => l.Id).ToArray();
        }

        // The second lesson moves up; the course page shows the new order at once.
        var moved = await AcademyWebSite.PostFormAsync(staff, courseUrl, $"{courseUrl}/lessons/{ids[1]}/move", [new("direction", "up")]);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.EndsWith($"#lesson-{ids[1]}", moved.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await staff.GetStringAsync(courseUrl);
        Assert.True(page.IndexOf("第二課", StringComparison.Ordinal) < page.IndexOf("第一課", StringComparison.Ordinal));
        Assert.Contains("已上移", page, StringComparison.Ordinal);
        var noDirection = await AcademyWebSite.PostFormAsync(staff, courseUrl, $"{courseUrl}/lessons/{ids[1]}/move", [new("direction", "sideways")]);
        Assert.Equal(HttpStatusCode.Redirect, noDirection.StatusCode);

        // Deleting asks first and says what happens.
        var confirm = await staff.GetStringAsync($"{courseUrl}/lessons/{ids[0]}/delete");
        Assert.Contains("暫時未有學員完成這課節", confirm, StringComparison.Ordinal);
        Assert.Contains("進度會按餘下的課節計算", confirm, StringComparison.Ordinal);
        var deleted = await AcademyWebSite.PostFormAsync(staff, $"{courseUrl}/lessons/{ids[0]}/delete", $"{courseUrl}/lessons/{ids[0]}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("第一課", await staff.GetStringAsync(courseUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"{courseUrl}/lessons/{ids[0]}/delete")).StatusCode);

        // Nobody is enrolled, so the course itself can be deleted.
        var courseConfirm = await staff.GetStringAsync(courseUrl + "/delete");
        Assert.Contains("沒有人報名這課程", courseConfirm, StringComparison.Ordinal);
        var gone = await AcademyWebSite.PostFormAsync(staff, courseUrl + "/delete", courseUrl + "/delete", []);
        Assert.Equal("/admin/academy", gone.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(courseUrl)).StatusCode);
    }

    private async Task<(IReadOnlyList<long> Lessons, Quiz Quiz)> LoadCourseAsync()
    {
        using var scope = site.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AcademyDbContext>();
        var course = await db.Courses.Include(c => c.Lessons).Include(c => c.Quizzes).ThenInclude(q => q.Questions).ThenInclude(q => q.Options)
            .AsSplitQuery().SingleAsync(c => c.Slug == Slug);
        return (course.OrderedLessons.Where(l => l.Required).Select(l => l.Id).ToList(), course.Quizzes.Single());
    }

    private static IEnumerable<KeyValuePair<string, string>> Answers(Quiz quiz, bool correct) =>
        quiz.Questions.SelectMany(q => (correct ? q.Options.Where(o => o.IsCorrect) : q.Options.Where(o => !o.IsCorrect).Take(1))
            .Select(o => new KeyValuePair<string, string>("q" + q.Id, o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
