using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Academy.Data;
using Portal.Academy.Models;
using Portal.Academy.Resources;
using Portal.Privacy;

namespace Portal.Academy.Services;

/// <summary>
/// The academy's part of a person's data export and erasure (PDPO). Erasure, in one transaction:
/// learner profile, lesson completions, quiz attempts and self-assessments are deleted; enrolments are deleted,
/// except those that carry an issued certificate, which are kept anonymised (no user id, no cohort, no activity
/// details) because the certificate row needs its enrolment; certificates are kept so that anyone holding the
/// paper can still check its code, but the holder's names, the printed wording (it contains the name) and the
/// user id are removed, and the verification page says the holder deleted their account.
/// </summary>
internal sealed class AcademyPersonalData(AcademyDbContext db, IStringLocalizer<AcademyStrings> t) : IPersonalDataProvider
{
    /// <summary>Prefix of the user id of an enrolment kept only for its certificate; the rest is the enrolment id,
    /// so it stays unique per course without pointing to anyone.</summary>
    internal const string ErasedEnrolmentPrefix = "(erased):";

    public string Section => "academy";

    public string Title => t["Training academy"];

    public async Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        var enrolments = await db.EnrolmentsWithProgress().AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var courseIds = enrolments.Select(e => e.CourseId).ToList();
        var courses = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var lessons = await db.Lessons.AsNoTracking().Where(l => courseIds.Contains(l.CourseId)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var quizzes = await db.Quizzes.AsNoTracking().Where(q => courseIds.Contains(q.CourseId)).ToDictionaryAsync(q => q.Id, cancellationToken);
        var cohortIds = enrolments.Where(e => e.CohortId is not null).Select(e => e.CohortId!.Value).ToList();
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => cohortIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var optionIds = enrolments.SelectMany(e => e.Attempts).SelectMany(a => a.DecodeAnswers().Values.SelectMany(v => v)).Distinct().ToList();
        var options = await db.Set<QuizOption>().AsNoTracking().Where(o => optionIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var profile = await db.LearnerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.IssuedUtc).ToListAsync(cancellationToken);

        string Slug(long courseId) => courses.TryGetValue(courseId, out var c) ? c.Slug : courseId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var tables = new List<PersonalDataTable>();
        if (profile is not null)
        {
            tables.Add(new PersonalDataTable("learnerProfile", t["Certificate names and sharing"], [PersonalDataRow.Of(
                ("nameZh", profile.NameZh),
                ("nameEn", profile.NameEn),
                ("nameChoice", profile.NameChoice),
                ("shareProgressWithMentor", profile.ShareProgressWithMentor))]));
        }

        tables.Add(new PersonalDataTable("enrolments", t["Enrolments"], [.. enrolments.Select(e => PersonalDataRow.Of(
            ("course", Slug(e.CourseId)),
            ("courseTitleZh", courses.GetValueOrDefault(e.CourseId)?.TitleZh),
            ("courseTitleEn", courses.GetValueOrDefault(e.CourseId)?.TitleEn),
            ("enrolledUtc", e.EnrolledUtc),
            ("lastActivityUtc", e.LastActivityUtc),
            ("completedUtc", e.CompletedUtc),
            ("lastReminderUtc", e.LastNudgedUtc),
            ("shareWithMentor", e.ShareWithMentor)))]));
        tables.Add(new PersonalDataTable("cohorts", t["Cohorts"], [.. enrolments.Where(e => e.CohortId is { } id && cohorts.ContainsKey(id)).Select(e =>
        {
            var cohort = cohorts[e.CohortId!.Value];
            return PersonalDataRow.Of(("course", Slug(e.CourseId)), ("cohort", cohort.Name), ("startsOn", cohort.StartsOn), ("endsOn", cohort.EndsOn));
        })]));
        tables.Add(new PersonalDataTable("lessonCompletions", t["Lessons completed"], [.. enrolments.SelectMany(e => e.Completions.OrderBy(c => c.CompletedUtc).Select(c => PersonalDataRow.Of(
            ("course", Slug(e.CourseId)),
            ("lesson", lessons.GetValueOrDefault(c.LessonId)?.TitleZh),
            ("lessonEn", lessons.GetValueOrDefault(c.LessonId)?.TitleEn),
            ("completedUtc", c.CompletedUtc))))]));
        tables.Add(new PersonalDataTable("quizAttempts", t["Quiz attempts"], [.. enrolments.SelectMany(e => e.Attempts.OrderBy(a => a.SubmittedUtc).Select(a => PersonalDataRow.Of(
            ("course", Slug(e.CourseId)),
            ("quiz", quizzes.GetValueOrDefault(a.QuizId)?.TitleZh),
            ("quizEn", quizzes.GetValueOrDefault(a.QuizId)?.TitleEn),
            ("attempt", a.Number),
            ("correct", a.Correct),
            ("questions", a.Total),
            ("scorePercent", a.ScorePercent),
            ("passed", a.Passed),
            ("answers", string.Join(" | ", a.DecodeAnswers().Values.SelectMany(v => v).Select(id => options.TryGetValue(id, out var o) ? o.TextZh + " / " + o.TextEn : id.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            ("submittedUtc", a.SubmittedUtc))))]));
        tables.Add(new PersonalDataTable("selfAssessments", t["Self-assessments"], [.. enrolments.SelectMany(e => e.Ratings.OrderBy(r => r.Stage).ThenBy(r => r.Competency).Select(r => PersonalDataRow.Of(
            ("course", Slug(e.CourseId)),
            ("stage", r.Stage),
            ("competency", r.Competency),
            ("rating", r.Rating),
            ("recordedUtc", r.RecordedUtc))))]));
        tables.Add(new PersonalDataTable("certificates", t["Certificates"], [.. certificates.Select(c => PersonalDataRow.Of(
            ("code", c.FormattedCode),
            ("course", Slug(c.CourseId)),
            ("courseTitleZh", c.CourseTitleZh),
            ("courseTitleEn", c.CourseTitleEn),
            ("holderNameZh", c.HolderNameZh),
            ("holderNameEn", c.HolderNameEn),
            ("nameChoice", c.NameChoice),
            ("hours", c.Hours),
            ("completedOn", c.CompletedOn),
            ("issuedUtc", c.IssuedUtc),
            ("expiresOn", c.ExpiresOn),
            ("revokedUtc", c.RevokedUtc),
            ("revokedReason", c.RevokedReason),
            ("replacedByCode", c.ReplacedByCode is null ? null : CertificateCode.Format(c.ReplacedByCode))))]));
        var programmes = await db.ProgrammeCertificates.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.IssuedUtc).ToListAsync(cancellationToken);
        if (programmes.Count > 0)
        {
            tables.Add(new PersonalDataTable("programmeCertificates", t["Programme certificates"], [.. programmes.Select(c => PersonalDataRow.Of(
                ("code", c.FormattedCode), ("holderName", c.HolderName), ("titleZh", c.TitleZh), ("titleEn", c.TitleEn),
                ("completedOn", c.CompletedOn), ("issuedUtc", c.IssuedUtc)))]));
        }

        return new PersonalDataSection(Section, Title, tables);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var enrolmentIds = await db.Enrolments.Where(e => e.UserId == userId).Select(e => e.Id).ToListAsync(cancellationToken);
        var deleted = 0;
        deleted += await db.Set<LessonCompletion>().Where(c => enrolmentIds.Contains(c.EnrolmentId)).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Set<QuizAttempt>().Where(a => enrolmentIds.Contains(a.EnrolmentId)).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.Set<SelfAssessmentRating>().Where(r => enrolmentIds.Contains(r.EnrolmentId)).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.LearnerProfiles.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);

        // Certificates keep verifying for whoever holds the paper, without the holder's name (it is also inside the wording).
        var anonymised = await db.Certificates.Where(c => c.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.UserId, Certificate.ErasedHolderUserId)
            .SetProperty(c => c.HolderNameZh, "")
            .SetProperty(c => c.HolderNameEn, "")
            .SetProperty(c => c.WordingZh, "")
            .SetProperty(c => c.WordingEn, ""), cancellationToken);

        anonymised += await db.ProgrammeCertificates.Where(c => c.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.UserId, Certificate.ErasedHolderUserId)
            .SetProperty(c => c.HolderName, ""), cancellationToken);

        var certified = await db.Certificates.Where(c => enrolmentIds.Contains(c.EnrolmentId)).Select(c => c.EnrolmentId).Distinct().ToListAsync(cancellationToken);
        deleted += await db.Enrolments.Where(e => enrolmentIds.Contains(e.Id) && !certified.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var id in certified)
        {
            anonymised += await db.Enrolments.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.UserId, ErasedEnrolmentPrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .SetProperty(e => e.CohortId, (long?)null)
                .SetProperty(e => e.LastLessonId, (long?)null)
                .SetProperty(e => e.LastNudgedUtc, (DateTimeOffset?)null)
                .SetProperty(e => e.ShareWithMentor, false), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PersonalDataErasure(deleted, anonymised);
    }
}
