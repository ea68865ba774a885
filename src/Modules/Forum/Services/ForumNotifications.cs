using Portal.Notifications;

namespace Portal.Forum.Services;

/// <summary>The forum's kinds of notification. They never carry a post's text or an anonymous author's name:
/// only the thread's title (which the recipient may read) and a link.</summary>
internal sealed class ForumNotifications : INotificationKindProvider
{
    public const string Reply = "forum.reply";
    public const string Mention = "forum.mention";
    public const string ModerationAlert = "forum.moderation-alert";
    public const string SafetyAlert = "forum.safety-alert";
    public const string ContactRequest = "forum.contact-request";
    public const string ContactAccepted = "forum.contact-accepted";
    public const string PostApproved = "forum.post-approved";

    private const string Module = "Forum";

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        Kind(Reply, "討論新回覆", "New replies in threads you follow", DeliveryPreference.Immediately,
            "新回覆：{{title}}", "{{name}}，你好！{{author}}回覆了你關注的討論「{{title}}」。閱讀：{{url}}",
            "New reply: {{title}}", "Hello {{name}}, {{author}} replied in \"{{title}}\", a thread you follow. Read it: {{url}}"),
        Kind(Mention, "有人提到你", "Someone mentioned you", DeliveryPreference.Immediately,
            "{{author}} 在討論中提到你", "{{name}}，你好！{{author}}在「{{title}}」中提到你。閱讀：{{url}}",
            "{{author}} mentioned you", "Hello {{name}}, {{author}} mentioned you in \"{{title}}\". Read it: {{url}}"),
        Kind(ModerationAlert, "帖子等候審閱", "Posts waiting for review", DeliveryPreference.Immediately,
            "社群管理：有帖子等候審閱", "{{name}}，你好！有帖子等候審閱（原因：{{reason}}）。審閱列表：{{url}}",
            "Moderation: a post is waiting for review", "Hello {{name}}, a post is waiting for review (reason: {{reason}}). Review queue: {{url}}"),
        Kind(SafetyAlert, "提及自我傷害的帖子", "Posts that mention self-harm", DeliveryPreference.Immediately,
            "請即留意：有帖子提及自我傷害", "{{name}}，你好！社群中剛有帖子提及自我傷害，請盡快查看並考慮聯絡作者：{{url}}",
            "Please look now: a post mentions self-harm", "Hello {{name}}, a post in the community has just mentioned self-harm. Please look at it soon and consider reaching out: {{url}}"),
        Kind(ContactRequest, "會員聯絡邀請", "Requests to be in touch", DeliveryPreference.Immediately,
            "{{author}} 想和你聯絡", "{{name}}，你好！在「和我相似的會員」中，{{author}}想和你聯絡。你可以接受或略過：{{url}}",
            "{{author}} would like to be in touch", "Hello {{name}}, {{author}} found you in \"members like me\" and would like to be in touch. You may accept or ignore it: {{url}}"),
        Kind(ContactAccepted, "聯絡邀請獲接受", "Requests to be in touch accepted", DeliveryPreference.Immediately,
            "{{author}} 接受了你的聯絡邀請", "{{name}}，你好！{{author}}接受了你的聯絡邀請。查看對方的回覆：{{url}}",
            "{{author}} accepted your request", "Hello {{name}}, {{author}} accepted your request to be in touch. See their reply: {{url}}"),
        Kind(PostApproved, "帖子已刊出", "Your post is shown", DeliveryPreference.Immediately,
            "你的帖子已經刊出", "{{name}}，你好！你在「{{title}}」的帖子已由管理員審閱並刊出：{{url}}",
            "Your post is now shown", "Hello {{name}}, a moderator has read your post in \"{{title}}\" and it is now shown: {{url}}"),
    ];

    private static NotificationKind Kind(string name, string zhName, string enName, DeliveryPreference delivery, string zhSubject, string zhBody, string enSubject, string enBody) =>
        new(name, Module, false, delivery, [new("zh-HK", zhSubject, zhBody), new("en", enSubject, enBody)]) { DisplayNameZh = zhName, DisplayNameEn = enName };
}
