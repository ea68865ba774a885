using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Academy.Certificates;
using Portal.Academy.Models;
using Portal.Academy.Services;
using Portal.Documents;
using Portal.Hosting.Documents;
using static Portal.Academy.Tests.TestData;

namespace Portal.Academy.Tests;

/// <summary>
/// Every character of a holder's name is drawn, including Hong Kong (HKSCS) characters outside the Basic Multilingual
/// Plane; a name the fonts cannot draw stops the certificate (the learner is not told it is ready) and staff see why.
/// The certificate prints the name and course once each, in the serif display face, with its metadata.
/// </summary>
public sealed class CertificateFontTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acad-font-").FullName;
    private readonly PdfFonts _fonts = new(Options.Create(new PdfOptions()));

    /// <summary>Private use, outside every font: no glyph anywhere.</summary>
    private const string NoGlyph = "\U0010FFFD";

    [Theory]
    [InlineData("梁𡃁仔")]          // U+210C1, as in 𡃁仔 (a young lad)
    [InlineData("陳𨋢")]            // U+282E2, 𨋢 (lift)
    [InlineData("何𠝹𥄫")]          // U+20779, U+2512B
    [InlineData("黃㗎嘅 Wong Ka Ke")] // HKSCS characters in the BMP with Latin letters
    public void A_name_with_HKSCS_characters_is_drawn_to_the_last_character(string name)
    {
        var factory = new SkiaPdfDocumentFactory(_fonts);
        Assert.Empty(factory.MissingCharacters(name));
        foreach (var rune in name.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)))
        {
            var font = _fonts.FontFor(rune.Value, PdfFontFace.Display);
            Assert.True(font >= 0, $"U+{rune.Value:X4} has no font");
            Assert.NotEqual(0, _fonts.FullTypeface(font).GetGlyph(rune.Value));
        }

        var document = Document(name);
        var renderer = new CertificatePdfRenderer(factory);
        Assert.Empty(renderer.MissingCharacters(document));
        var file = Path.Combine(_dir, "hkscs.pdf");
        File.WriteAllBytes(file, renderer.Render(document));

        var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Contains(name, text, StringComparison.Ordinal);
        var fonts = PdfTool.Run("pdffonts", file).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        // Every font is embedded with a Unicode map; TrueType fonts as subsets (Skia writes CFF-outline fonts such as
        // Noto CJK as Type 3 fonts of just the glyphs used).
        Assert.All(fonts, l => Assert.Matches(@"\s+yes\s+(yes|no)\s+yes\s+", l));
        Assert.Contains(fonts, l => l.Contains("CID TrueType", StringComparison.Ordinal) && l.Contains('+', StringComparison.Ordinal));
    }

    [Fact]
    public void A_character_no_font_has_is_reported_and_the_chain_says_so()
    {
        var factory = new SkiaPdfDocumentFactory(_fonts);
        Assert.Equal([0x10FFFD], factory.MissingCharacters("陳" + NoGlyph + "文"));
        Assert.Equal([0x10FFFD], new CertificatePdfRenderer(factory).MissingCharacters(Document("陳" + NoGlyph)));
        Assert.Equal("𡃁 (U+210C1)", CertificateNotDrawableException.Describe([0x210C1]));
    }

    [Fact]
    public async Task A_name_that_cannot_be_drawn_is_not_issued_and_staff_see_why()
    {
        await using var site = new AcademySite();
        await LearningFlowTests.RunRecipeAsync(site, LearningFlowTests.SmallRecipe());
        await using (var scope = site.Scope())
        {
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            var enrolment = await learning.EnrolAsync("user-1", "running-meetings");
            var course = (await learning.GetCourseViewAsync("running-meetings", "user-1"))!.Course;
            await CompleteAsync(learning, enrolment, course);

            var refused = await Assert.ThrowsAsync<CertificateNotDrawableException>(() =>
                learning.IssueCertificateAsync(enrolment, course, "陳" + NoGlyph, "Chan", HolderNameChoice.Chinese));
            Assert.Equal([0x10FFFD], refused.Missing);
            Assert.Empty(enrolment.Certificates);
        }

        Assert.DoesNotContain(site.Notifications.Published, p => p.Request.Kind == AcademyNotifications.CertificateIssued);
        await using (var scope = site.Scope())
        {
            var waiting = await scope.ServiceProvider.GetRequiredService<AcademyAdminService>()
                .FindWaitingCertificatesAsync(scope.ServiceProvider.GetRequiredService<CertificatePdfRenderer>());
            var one = Assert.Single(waiting);
            Assert.Equal("陳" + NoGlyph, one.Name);
            Assert.Contains("U+10FFFD", one.MissingText, StringComparison.Ordinal);

            // With a name the fonts can draw (an HKSCS one), it is issued and no longer waits.
            var learning = scope.ServiceProvider.GetRequiredService<LearningService>();
            var view = (await learning.GetCourseViewAsync("running-meetings", "user-1"))!;
            var certificate = await learning.IssueCertificateAsync(view.Enrolment!, view.Course, "梁𡃁仔", "Leung", HolderNameChoice.Chinese);
            Assert.Equal("梁𡃁仔", certificate.HolderName);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<AcademyAdminService>()
                .FindWaitingCertificatesAsync(scope.ServiceProvider.GetRequiredService<CertificatePdfRenderer>()));
        }

        Assert.Contains(site.Notifications.Published, p => p.Request.Kind == AcademyNotifications.CertificateIssued);
    }

    [Fact]
    public void The_certificate_prints_name_and_course_once_in_the_display_face_with_title_author_and_language()
    {
        var look = new CertificateLook("陳美玲", "Chan Mei-ling", "學院總監", "Director of the Academy", "訓練學院", null);
        var renderer = new CertificatePdfRenderer(new SkiaPdfDocumentFactory(_fonts), look);
        var document = Document("梁𡃁仔 Leung Leng Chai");
        var bytes = renderer.Render(document);
        var file = Path.Combine(_dir, "look.pdf");
        File.WriteAllBytes(file, bytes);

        var text = PdfTool.Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Equal(1, Count(text, "梁𡃁仔 Leung Leng Chai"));
        Assert.Equal(1, Count(text, "領袖承續與接班人培訓"));
        Assert.Equal(1, Count(text, "Leadership succession and successor training"));
        Assert.Contains("陳美玲", text, StringComparison.Ordinal);
        Assert.Contains("Director of the Academy", text, StringComparison.Ordinal);
        Assert.Contains("並掌握規劃領袖承續的基本方法", text, StringComparison.Ordinal);

        var info = PdfTool.Run("pdfinfo", file);
        Assert.Matches(@"Title:\s+領袖承續與接班人培訓 結業證書 · Certificate of Completion: Leadership succession and successor training", info);
        Assert.Matches(@"Author:\s+自助組織培訓學院 Self-Help Organisation Training Academy", info);
        Assert.Contains("/Lang (zh-HK)", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Matches(@"Pages:\s+1", info);

        var fonts = PdfTool.Run("pdffonts", file);
        if (_fonts.Sources.Any(s => s.Contains("NotoSerifCJK", StringComparison.Ordinal)))
        {
            Assert.Contains("Type 3", fonts, StringComparison.Ordinal); // the display face (Noto Serif CJK, CFF outlines) is embedded
        }

        // The preview is the same page as a picture, marked as not issued.
        var png = renderer.Preview(document, png: true);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        var preview = Path.Combine(_dir, "preview.pdf");
        File.WriteAllBytes(preview, renderer.Preview(document, png: false));
        Assert.Contains("Preview · not issued", PdfTool.Run("pdftotext", "-enc", "UTF-8", preview, "-"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("茲證明 陳大文 已完成「有效會議」課程，共 4 小時。", "陳大文", "有效會議", "茲證明", "已完成課程", "共 4 小時。")]
    [InlineData("This is to certify that Chan has completed the course \"Meetings\" (4 hours).", "Chan", "Meetings", "This is to certify that", "has completed the course", "(4 hours).")]
    [InlineData("茲證明", "陳大文", "有效會議", "茲證明", "已完成", "茲證明")]
    public void Wording_is_split_around_the_name_and_the_course(string wording, string name, string course, string lead, string middle, string tail)
    {
        var (l, m, t) = CertificatePage.Split(wording, name, course, "茲證明", "已完成");
        Assert.Equal((lead, middle, tail), (l, m, t));
    }

    private static CertificateDocument Document(string name) => new(name, "領袖承續與接班人培訓", "Leadership succession and successor training", 6m,
        new DateOnly(2026, 12, 1), "自助組織培訓學院", "Self-Help Organisation Training Academy",
        $"茲證明 {name} 已完成「領袖承續與接班人培訓」課程，共 6 小時，並掌握規劃領袖承續的基本方法。",
        $"This is to certify that {name} has completed \"Leadership succession and successor training\" (6 hours) and can plan leadership succession in a self-help group.",
        "0123456789ABCDEF", "https://portal.example.hk/certificates/verify/0123456789ABCDEF", null, Now);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task CompleteAsync(LearningService learning, Enrolment enrolment, Course course)
    {
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Pre, Ratings(2));
        foreach (var lesson in course.OrderedLessons)
        {
            await learning.VisitLessonAsync(enrolment, lesson);
            await learning.CompleteLessonAsync(enrolment, lesson);
        }

        var quiz = course.Quizzes[0];
        var question = quiz.Questions[0];
        await learning.SubmitQuizAsync(enrolment, quiz, new Dictionary<long, IReadOnlyCollection<long>> { [question.Id] = [question.Options.Single(o => o.IsCorrect).Id] });
        await learning.RecordAssessmentAsync(enrolment, course, AssessmentStage.Post, Ratings(4));
    }

    public void Dispose()
    {
        _fonts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
