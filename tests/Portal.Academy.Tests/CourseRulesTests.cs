using Portal.Academy.Models;
using static Portal.Academy.Tests.TestData;

namespace Portal.Academy.Tests;

public sealed class CourseRulesTests
{
    [Theory]
    [InlineData("Bad Slug")]
    [InlineData("a")]
    [InlineData("-leading")]
    [InlineData("有效會議")]
    public void Slug_must_be_a_plain_web_name(string slug) =>
        Assert.Contains(Models.Course.Validate(slug, Details()), p => p.Contains("web address", StringComparison.Ordinal));

    [Fact]
    public void Wording_accepts_known_placeholders_only()
    {
        Assert.Empty(Models.Course.ValidateWording("茲證明 {{name}} 完成 {{ course }}，{{hours}} 小時，{{date}}，{{issuer}}"));
        Assert.NotEmpty(Models.Course.ValidateWording("{{name}} {{ system.secret }}"));
        Assert.NotEmpty(Models.Course.ValidateWording("{{name}"));
        Assert.NotEmpty(Models.Course.ValidateWording(new string('x', 601)));
    }

    [Fact]
    public void Publishing_needs_a_required_lesson()
    {
        var course = Models.Course.Create("empty-course", Details(), Now);
        Assert.Throws<AcademyRuleException>(() => course.Publish(Now));
        course.AddLesson(Lesson("一"), Now);
        course.Publish(Now);
        Assert.True(course.Published);
    }

    [Fact]
    public void Question_shapes_are_checked()
    {
        var tf = new QuestionDetails
        {
            Kind = QuestionKind.TrueFalse,
            TextZh = "對嗎？",
            TextEn = "True?",
            Options = [new() { TextZh = "對", TextEn = "True", IsCorrect = true }, new() { TextZh = "錯", TextEn = "False", IsCorrect = true }],
        };
        Assert.NotEmpty(QuizQuestion.Validate(tf));
        Assert.Empty(QuizQuestion.Validate(tf with { Options = [tf.Options[0], tf.Options[1] with { IsCorrect = false }] }));
    }

    [Fact]
    public void Shuffle_is_stable_per_seed_and_keeps_every_question()
    {
        var quiz = Course().Quizzes[0];
        var a = quiz.QuestionsFor(7).Select(q => q.Id).ToList();
        Assert.Equal(a, quiz.QuestionsFor(7).Select(q => q.Id));
        Assert.Equal([31L, 32L], a.Order());
    }

    [Fact]
    public void Lesson_resources_and_video_links_must_be_safe()
    {
        Assert.NotEmpty(Models.Lesson.Validate(Lesson("一") with { VideoUrl = "javascript:alert(1)" }));
        Assert.NotEmpty(Models.Lesson.Validate(Lesson("一") with { Resources = "壞 | javascript:alert(1)" }));
        var lesson = Course().Lessons[0];
        Assert.Equal([new LessonResource("範本", "https://example.org/template.docx")], lesson.ResourceLinks);
    }

    [Fact]
    public void Codes_are_unique_crockford_and_normalised_from_what_people_type()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => CertificateCode.New()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{16}$", c));

        var code = codes[0];
        var typed = CertificateCode.Format(code).ToLowerInvariant();
        Assert.Equal(code, CertificateCode.Normalize(typed));
        Assert.Equal("0123456789ABCDEF", CertificateCode.Normalize("OI23-4567-89ab-cdef"));
        Assert.Null(CertificateCode.Normalize("../../etc/passwd"));
        Assert.Null(CertificateCode.Normalize("SHORT"));
    }
}
