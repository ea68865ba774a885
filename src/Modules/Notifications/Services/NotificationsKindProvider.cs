using Portal.Globalization;

namespace Portal.Notifications.Services;

/// <summary>
/// Kinds this module declares: the account e-mails the host publishes, and the digest wrappers this module sends.
/// </summary>
internal sealed class NotificationsKindProvider : INotificationKindProvider
{
    public const string ConfirmEmail = "account.confirm-email";
    public const string ResetPassword = "account.reset-password";
    public const string DailyDigest = "notifications.daily-digest";
    public const string WeeklyDigest = "notifications.weekly-digest";

    private const string Module = "Notifications";

    /// <summary>Kinds that are part of the module's machinery, not something people choose a delivery for.</summary>
    public static bool IsSystemKind(string name) => name.StartsWith("notifications.", StringComparison.Ordinal);

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        new(ConfirmEmail, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "請確認你的電郵地址",
                """
                {{displayName}}，你好：

                多謝你登記成為會員。請按以下連結確認你的電郵地址：

                [確認我的電郵地址]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}

                如果你沒有登記，請不用理會這封電郵，你的電郵地址不會被使用。
                """),
            new(PortalCultures.English, "Please confirm your email address",
                """
                Hello {{displayName}},

                Thank you for registering. Please confirm your email address by following this link:

                [Confirm my email address]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}

                If you did not register, you can ignore this email; your address will not be used.
                """),
        ]),
        new(ResetPassword, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "重設你的密碼",
                """
                {{displayName}}，你好：

                我們收到重設你帳戶密碼的要求。請按以下連結設定新密碼：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}

                如果你沒有提出這個要求，請不用理會這封電郵，你的密碼不會改變。
                """),
            new(PortalCultures.English, "Reset your password",
                """
                Hello {{displayName}},

                We received a request to reset the password of your account. Follow this link to choose a new password:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}

                If you did not ask for this, you can ignore this email; your password will not change.
                """),
        ]),
        new(DailyDigest, Module, Essential: false, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的每日通知摘要（{{count}} 則）",
                """
                {{displayName}}，你好：

                以下是你過去一天收到的通知：
                """),
            new(PortalCultures.English, "Your daily summary ({{count}} notifications)",
                """
                Hello {{displayName}},

                Here is what happened for you over the past day:
                """),
        ]),
        new(WeeklyDigest, Module, Essential: false, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的每週通知摘要（{{count}} 則）",
                """
                {{displayName}}，你好：

                以下是你過去一週收到的通知：
                """),
            new(PortalCultures.English, "Your weekly summary ({{count}} notifications)",
                """
                Hello {{displayName}},

                Here is what happened for you over the past week:
                """),
        ]),
    ];
}
