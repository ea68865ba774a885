using Portal.Notifications;

namespace Portal.Mentoring.Services;

/// <summary>The kinds of notification the mentor scheme sends, with their default wording.</summary>
internal sealed class MentoringNotifications : INotificationKindProvider
{
    public const string ApplicationApproved = "mentoring.application-approved";
    public const string ApplicationDeclined = "mentoring.application-declined";
    public const string PairProposed = "mentoring.pair-proposed";
    public const string RequestReceived = "mentoring.request-received";
    public const string RequestAnswered = "mentoring.request-answered";
    public const string RequestExpired = "mentoring.request-expired";
    public const string MeetingLogged = "mentoring.meeting-logged";
    public const string MeetingReminder = "mentoring.meeting-reminder";
    public const string StallReminder = "mentoring.stall-reminder";
    public const string StallDigest = "mentoring.stall-digest";
    public const string PairWithdrawn = "mentoring.pair-withdrawn";

    private const string Module = "Mentoring";

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        Kind(ApplicationApproved, "師友計劃申請獲批", "Mentor scheme application approved", DeliveryPreference.Immediately,
            "你的師友計劃申請已獲批", "{{name}}，你好！你以{{role}}身份申請參加師友計劃，已獲批准。下一步：{{url}}",
            "Your mentor scheme application is approved", "Hello {{name}}, your application to the mentor scheme as a {{role}} is approved. Next steps: {{url}}"),
        Kind(ApplicationDeclined, "師友計劃申請未獲批", "Mentor scheme application not approved", DeliveryPreference.Immediately,
            "關於你的師友計劃申請", "{{name}}，你好！很抱歉，你以{{role}}身份的申請這次未能批准。原因：{{reason}}。你可以修改申請再遞交：{{url}}",
            "About your mentor scheme application", "Hello {{name}}, we are sorry: your application as a {{role}} was not approved this time. Reason: {{reason}}. You may change it and apply again: {{url}}"),
        Kind(PairProposed, "新師友配對", "New mentoring pair", DeliveryPreference.Immediately,
            "師友配對：請閱讀並接受師友協議", "{{name}}，你好！你與{{other}}已配對。請閱讀並接受師友協議，配對便會開始：{{url}}",
            "Mentor scheme pair: please read and accept the agreement", "Hello {{name}}, you are paired with {{other}}. Please read and accept the mentoring agreement to start: {{url}}"),
        Kind(RequestReceived, "師友邀請", "Requests to be a mentor", DeliveryPreference.Immediately,
            "{{other}} 邀請你擔任師友", "{{name}}，你好！{{other}} 希望你擔任他/她的師友。請在 {{deadline}} 前回覆：{{url}}",
            "{{other}} asks you to be their mentor", "Hello {{name}}, {{other}} would like you as their mentor. Please answer by {{deadline}}: {{url}}"),
        Kind(RequestAnswered, "師友邀請的回覆", "Answers to your mentor requests", DeliveryPreference.Immediately,
            "你的師友邀請已有回覆", "{{name}}，你好！{{other}} {{answer}}了你的邀請：{{url}}",
            "Your mentor request was answered", "Hello {{name}}, {{other}} {{answer}} your request: {{url}}"),
        Kind(RequestExpired, "師友邀請過期", "Mentor requests that expired", DeliveryPreference.Immediately,
            "你的師友邀請已過期", "{{name}}，你好！{{other}} 未能在限期前回覆你的邀請。你可以邀請另一位師友，或請職員協助配對：{{url}}",
            "Your mentor request expired", "Hello {{name}}, {{other}} did not answer your request in time. You may ask another mentor, or staff can help you find one: {{url}}"),
        Kind(MeetingLogged, "待確認的師友會面", "Mentoring meetings to confirm", DeliveryPreference.Immediately,
            "請確認師友會面", "{{name}}，你好！{{other}} 記錄了 {{date}} 的會面。請確認並為這次會面評分：{{url}}",
            "Please confirm your mentoring meeting", "Hello {{name}}, {{other}} logged your meeting on {{date}}. Please confirm it and rate the session: {{url}}"),
        Kind(MeetingReminder, "師友會面提示", "Mentoring meeting reminders", DeliveryPreference.Immediately,
            "提提你：師友會面 {{date}}", "{{name}}，你好！你與{{other}}的會面在 {{date}}（{{mode}}）。加入日曆或查看詳情：{{url}}",
            "Reminder: mentoring meeting {{date}}", "Hello {{name}}, your meeting with {{other}} is on {{date}} ({{mode}}). Add it to your calendar or see the details: {{url}}"),
        Kind(StallReminder, "師友配對久未記錄", "Mentoring pair with no news", DeliveryPreference.Immediately,
            "已 {{days}} 日未有記錄：{{other}}", "{{name}}，你好！你與{{other}}的師友配對已 {{days}} 日沒有新記錄。約個時間傾傾，或記錄最近的會面吧：{{url}}",
            "No news for {{days}} days: {{other}}", "Hello {{name}}, nothing has been logged for your pair with {{other}} for {{days}} days. Arrange a chat, or log your latest meeting: {{url}}"),
        Kind(StallDigest, "停滯的師友配對（職員）", "Stalled mentoring pairs (staff)", DeliveryPreference.DailyDigest,
            "師友計劃：{{count}} 對配對停滯", "{{name}}，你好！有 {{count}} 對師友配對超過 {{days}} 日沒有記錄。查看：{{url}}",
            "Mentor scheme: stalled pairs ({{count}})", "Hello {{name}}, {{count}} mentoring pairs have logged nothing for over {{days}} days. See them: {{url}}"),
        Kind(PairWithdrawn, "師友配對撤回", "Mentoring pair withdrawn", DeliveryPreference.Immediately,
            "師友配對已撤回：{{other}}", "{{name}}，你好！你與{{other}}的師友配對已撤回。原因：{{reason}}。你的記錄仍然保留，職員會協助你下一步：{{url}}",
            "Mentor scheme pair withdrawn: {{other}}", "Hello {{name}}, your mentoring pair with {{other}} was withdrawn. Reason: {{reason}}. Your records are kept, and staff will help with the next step: {{url}}"),
    ];

    private static NotificationKind Kind(string name, string zhName, string enName, DeliveryPreference delivery, string zhSubject, string zhBody, string enSubject, string enBody) =>
        new(name, Module, false, delivery, [new("zh-HK", zhSubject, zhBody), new("en", enSubject, enBody)]) { DisplayNameZh = zhName, DisplayNameEn = enName };
}
