using Portal.Notifications;

namespace Portal.Academy.Services;

/// <summary>The kinds of notification the academy sends, with their default wording.</summary>
internal sealed class AcademyNotifications : INotificationKindProvider
{
    public const string Enrolled = "academy.enrolled";
    public const string CertificateIssued = "academy.certificate-issued";
    public const string Nudge = "academy.nudge";

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        new(Enrolled, "Academy", false, DeliveryPreference.Immediately,
        [
            new("zh-HK", "已報讀：{{course}}", "{{name}}，你好！你已報讀「{{course}}」。隨時登入「我的學習」開始或繼續上課：{{url}}"),
            new("en", "You are enrolled: {{course}}", "Hello {{name}}, you are enrolled in \"{{course}}\". Start or continue any time from My learning: {{url}}"),
        ]) { DisplayNameZh = "課程報讀確認", DisplayNameEn = "Course enrolment confirmed" },
        new(CertificateIssued, "Academy", false, DeliveryPreference.Immediately,
        [
            new("zh-HK", "恭喜完成課程：{{course}}", "{{name}}，恭喜你完成「{{course}}」！你的證書（核實編號 {{code}}）可在「我的學習」下載：{{url}}"),
            new("en", "Congratulations on completing {{course}}", "Congratulations, {{name}}, on completing \"{{course}}\"! Download your certificate (verification code {{code}}) from My learning: {{url}}"),
        ]) { DisplayNameZh = "課程證書", DisplayNameEn = "Course certificates" },
        new(Nudge, "Academy", false, DeliveryPreference.DailyDigest,
        [
            new("zh-HK", "繼續你的課程：{{course}}", "{{name}}，你在「{{course}}」已完成 {{percent}}%。找個時間繼續吧，你會由上次停下的地方開始：{{url}}"),
            new("en", "Carry on with {{course}}", "Hello {{name}}, you are {{percent}}% through \"{{course}}\". When you have a moment, carry on where you left off: {{url}}"),
        ]) { DisplayNameZh = "繼續課程的提示", DisplayNameEn = "Reminders to carry on with a course" },
    ];
}
