using Portal.Globalization;

namespace Portal.Notifications.Services;

/// <summary>
/// Kinds this module declares: the account e-mails the host publishes, and the digest wrappers this module sends.
/// </summary>
internal sealed class NotificationsKindProvider : INotificationKindProvider
{
    public const string ConfirmEmail = "account.confirm-email";
    public const string ResetPassword = "account.reset-password";
    public const string PasswordChanged = "account.password-changed";
    public const string EmailChanged = "account.email-changed";
    public const string TwoFactorOn = "account.two-factor-on";
    public const string TwoFactorOff = "account.two-factor-off";
    public const string RecoveryCodes = "account.recovery-codes";
    public const string RegistrationAttempt = "account.registration-attempt";
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
        ]) { DisplayNameZh = "確認電郵地址", DisplayNameEn = "Confirm your email address" },
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
        ]) { DisplayNameZh = "重設密碼", DisplayNameEn = "Reset your password" },
        new(PasswordChanged, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的密碼已更改",
                """
                {{displayName}}，你好：

                你帳戶的密碼剛剛更改了。如果是你本人更改的，你不用做任何事。

                如果這不是你本人做的，請立即重設密碼，並聯絡我們：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}
                """),
            new(PortalCultures.English, "Your password was changed",
                """
                Hello {{displayName}},

                The password of your account has just been changed. If you changed it, there is nothing more to do.

                If this was not you, reset your password now and contact us:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}
                """),
        ]) { DisplayNameZh = "密碼已更改", DisplayNameEn = "Password changed" },
        new(EmailChanged, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你帳戶的電郵地址已更改",
                """
                {{displayName}}，你好：

                你帳戶的電郵地址剛剛改為 {{newEmail}}。以後的電郵會寄到新地址，這是寄到舊地址的最後一封通知。

                如果這不是你本人做的，請立即聯絡我們：別人可能已控制你的帳戶，新地址會收到重設密碼的電郵。
                """),
            new(PortalCultures.English, "The email address of your account was changed",
                """
                Hello {{displayName}},

                The email address of your account has just been changed to {{newEmail}}. Future emails go to the new address; this is the last notice sent to this one.

                If this was not you, contact us at once: someone else may have taken over your account, and password-reset emails now go to the new address.
                """),
        ]) { DisplayNameZh = "電郵地址已更改", DisplayNameEn = "Email address changed" },
        new(TwoFactorOn, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你已開啟兩步驗證",
                """
                {{displayName}}，你好：

                你的帳戶剛剛開啟了兩步驗證（驗證器應用程式）。以後登入時，除了密碼，還要輸入應用程式顯示的號碼。

                如果這不是你本人做的，請立即重設密碼，並聯絡我們：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}
                """),
            new(PortalCultures.English, "Two-step sign-in is on",
                """
                Hello {{displayName}},

                Two-step sign-in (an authenticator app) has just been turned on for your account. From now on, signing in asks for the code the app shows as well as your password.

                If this was not you, reset your password now and contact us:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}
                """),
        ]) { DisplayNameZh = "兩步驗證已開啟", DisplayNameEn = "Two-step sign-in turned on" },
        new(TwoFactorOff, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的兩步驗證已關閉",
                """
                {{displayName}}，你好：

                你帳戶的兩步驗證（驗證器應用程式）剛剛關閉或被重設。現在只需密碼便可登入。

                如果這不是你本人做的，請立即重設密碼，並聯絡我們：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}
                """),
            new(PortalCultures.English, "Two-step sign-in was turned off",
                """
                Hello {{displayName}},

                Two-step sign-in (an authenticator app) has just been turned off or reset for your account. Signing in now needs only your password.

                If this was not you, reset your password now and contact us:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}
                """),
        ]) { DisplayNameZh = "兩步驗證已關閉", DisplayNameEn = "Two-step sign-in turned off" },
        new(RecoveryCodes, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的後備代碼已更新",
                """
                {{displayName}}，你好：

                你的帳戶剛剛產生了一組新的兩步驗證後備代碼，舊的代碼已不能再用。

                如果這不是你本人做的，請立即重設密碼，並聯絡我們：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}
                """),
            new(PortalCultures.English, "New recovery codes were made",
                """
                Hello {{displayName}},

                A new set of recovery codes for two-step sign-in has just been made for your account; the old codes no longer work.

                If this was not you, reset your password now and contact us:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}
                """),
        ]) { DisplayNameZh = "新的後備代碼", DisplayNameEn = "New recovery codes" },
        new(RegistrationAttempt, Module, Essential: true, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "有人嘗試用你的電郵地址登記",
                """
                {{displayName}}，你好：

                有人剛剛嘗試用這個電郵地址登記新帳戶，但這個地址已經有帳戶。

                如果是你本人，你不需要再登記，請直接登入。如果忘記了密碼，可以按以下連結重設：

                [重設密碼]({{link}})

                如果連結無法開啟，請把以下網址複製到瀏覽器：
                {{link}}

                如果不是你，請不用理會這封電郵，你的帳戶沒有任何改變。
                """),
            new(PortalCultures.English, "Someone tried to register with your email address",
                """
                Hello {{displayName}},

                Someone has just tried to register a new account with this email address, but it already has an account.

                If it was you, there is no need to register again: just sign in. If you have forgotten your password, you can reset it:

                [Reset my password]({{link}})

                If the link does not open, copy this address into your browser:
                {{link}}

                If it was not you, you can ignore this email; nothing about your account has changed.
                """),
        ]) { DisplayNameZh = "有人用你的電郵地址登記", DisplayNameEn = "Someone tried to register with your email" },
        new(DailyDigest, Module, Essential: false, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的每日通知摘要（{{count}} 則）",
                """
                {{displayName}}，你好：

                以下是你過去一天收到的通知：
                """),
            new(PortalCultures.English, "Your daily summary ({{notifications}})",
                """
                Hello {{displayName}},

                Here is what happened for you over the past day:
                """),
        ]) { DisplayNameZh = "每日通知摘要", DisplayNameEn = "Daily summary" },
        new(WeeklyDigest, Module, Essential: false, DeliveryPreference.Immediately,
        [
            new(PortalCultures.Chinese, "你的每週通知摘要（{{count}} 則）",
                """
                {{displayName}}，你好：

                以下是你過去一週收到的通知：
                """),
            new(PortalCultures.English, "Your weekly summary ({{notifications}})",
                """
                Hello {{displayName}},

                Here is what happened for you over the past week:
                """),
        ]) { DisplayNameZh = "每週通知摘要", DisplayNameEn = "Weekly summary" },
    ];
}
