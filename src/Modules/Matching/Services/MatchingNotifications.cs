using Portal.Notifications;

namespace Portal.Matching.Services;

/// <summary>The kinds of notification the partner-matching scheme sends, with their default wording.</summary>
internal sealed class MatchingNotifications : INotificationKindProvider
{
    public const string InterestReceived = "matching.interest-received";
    public const string AnswerReminder = "matching.answer-reminder";
    public const string InterestAnswered = "matching.interest-answered";
    public const string InterestExpired = "matching.interest-expired";
    public const string ReadyToIntroduce = "matching.ready-to-introduce";
    public const string Introduction = "matching.introduction";
    public const string FeedbackAsked = "matching.feedback-asked";

    private const string Module = "Matching";

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        Kind(InterestReceived, "合作夥伴的協助提議", "Offers of help from partners", "{{other}} 想協助你們：{{need}}",
            "{{name}}，你好！{{other}} 想協助你們的需要「{{need}}」。請在 {{deadline}} 前回覆（5 個工作天）：{{url}}",
            "{{other}} would like to help: {{need}}",
            "Hello {{name}}, {{other}} would like to help with your need \"{{need}}\". Please answer by {{deadline}} (5 working days): {{url}}"),
        Kind(AnswerReminder, "協助提議回覆提示", "Reminders to answer an offer", "提提你：請在 {{deadline}} 前回覆 {{other}}",
            "{{name}}，你好！{{other}} 想協助你們的需要「{{need}}」，回覆限期是 {{deadline}}。過了限期，這個提議便會失效：{{url}}",
            "Reminder: please answer {{other}} by {{deadline}}",
            "Hello {{name}}, {{other}} offered to help with \"{{need}}\" and is waiting for your answer by {{deadline}}. After that the offer lapses: {{url}}"),
        Kind(InterestAnswered, "協助提議的回覆", "Answers to your offers", "{{other}} 已回覆你的協助提議",
            "{{name}}，你好！{{other}} {{answer}}你協助「{{need}}」的提議。{{next}} {{url}}",
            "{{other}} answered your offer",
            "Hello {{name}}, {{other}} {{answer}} your offer to help with \"{{need}}\". {{next}} {{url}}"),
        Kind(InterestExpired, "協助提議過期", "Offers that lapsed", "協助提議已過期：{{need}}",
            "{{name}}，你好！關於「{{need}}」的協助提議，小組未能在限期前回覆，提議已失效。職員會與你聯絡：{{url}}",
            "An offer lapsed: {{need}}",
            "Hello {{name}}, the offer of help with \"{{need}}\" was not answered in time and has lapsed. Staff will be in touch: {{url}}"),
        Kind(ReadyToIntroduce, "待介紹的配對（職員）", "Matches to introduce (staff)", "請介紹雙方認識：{{need}}",
            "{{name}}，你好！{{group}} 接受了 {{other}} 協助「{{need}}」的提議。請以電郵介紹雙方認識：{{url}}",
            "Please introduce both sides: {{need}}",
            "Hello {{name}}, {{group}} accepted {{other}}'s offer to help with \"{{need}}\". Please introduce them by e-mail: {{url}}"),
        Kind(Introduction, "合作夥伴介紹", "Introductions to partners", "介紹：{{other}}（{{need}}）",
            "{{name}}，你好！\n\n很高興介紹你認識 {{other}}，關於「{{need}}」。\n\n聯絡資料：\n{{contacts}}\n\n請在數天內互相聯絡，開始後在這裏按「我們已開始」：{{url}}\n\n自助組織平台職員 {{staff}}",
            "Introduction: {{other}} ({{need}})",
            "Hello {{name}},\n\nWe are glad to introduce you to {{other}}, about \"{{need}}\".\n\nContact details:\n{{contacts}}\n\nPlease get in touch in the next few days, and once you have started press \"We have started\" here: {{url}}\n\n{{staff}}, Self-help Organisations Portal"),
        Kind(FeedbackAsked, "分享合作成果", "Requests to share the outcome", "{{other}} 已記錄成果，請你也分享",
            "{{name}}，你好！{{other}} 已為「{{need}}」記錄了成果。請你也花一分鐘分享結果及付出的時數：{{url}}",
            "{{other}} recorded the outcome: please add yours",
            "Hello {{name}}, {{other}} recorded the outcome of \"{{need}}\". Please take a minute to add yours and the hours given: {{url}}"),
    ];

    private static NotificationKind Kind(string name, string zhName, string enName, string zhSubject, string zhBody, string enSubject, string enBody) =>
        new(name, Module, false, DeliveryPreference.Immediately, [new("zh-HK", zhSubject, zhBody), new("en", enSubject, enBody)]) { DisplayNameZh = zhName, DisplayNameEn = enName };
}
