namespace Portal.Forum.Models;

public enum ModerationKind
{
    Held = 0,
    HiddenByFlags = 1,
    Approved = 2,
    Removed = 3,
    PublicApproved = 4,
    Muted = 5,
    Suspended = 6,
    Restored = 7,
    SupportAlert = 8,
    FlagsDismissed = 9,
    SettingsChanged = 10,
}

/// <summary>The moderation log: every decision, by whom (empty for the forum's own rules), about what, and why.</summary>
public sealed class ModerationAction
{
    public const int MaxReason = 500;

    private ModerationAction()
    {
    }

    public ModerationAction(ModerationKind kind, string moderatorUserId, long? postId, long? profileId, string? reason, DateTimeOffset now)
    {
        Kind = kind;
        ModeratorUserId = moderatorUserId;
        PostId = postId;
        ProfileId = profileId;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : Community.Clip(reason, MaxReason);
        CreatedUtc = now;
    }

    public long Id { get; private set; }
    public ModerationKind Kind { get; private set; }

    /// <summary>Empty when the forum's rules acted on their own (first post held, hidden by flags).</summary>
    public string ModeratorUserId { get; private set; } = "";
    public long? PostId { get; private set; }
    public long? ProfileId { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    public void EraseModerator() => ModeratorUserId = "";

    public void ForgetProfile() => ProfileId = null;
}

/// <summary>Staff's settings: the support notice (with hotlines) in both languages and the word filter list.</summary>
public sealed class ForumSettings
{
    public const int MaxText = 4000;

    public const string DefaultNoticeZh = "如果你正想傷害自己，你並不孤單，現在就可以找人傾談。撒瑪利亞防止自殺會 24 小時熱線：2389 2222；香港撒瑪利亞會 24 小時熱線：2896 0000；情緒通 18111 精神健康支援熱線：18111。如有即時危險，請致電 999。";
    public const string DefaultNoticeEn = "If you are thinking of hurting yourself, you are not alone and you can talk to someone now. Suicide Prevention Services 24-hour hotline: 2389 2222; The Samaritans 24-hour hotline: 2896 0000; Mental Health Support Hotline: 18111. In immediate danger, call 999.";

    private ForumSettings()
    {
    }

    public int Id { get; private set; }
    public string SupportNoticeZh { get; private set; } = DefaultNoticeZh;
    public string SupportNoticeEn { get; private set; } = DefaultNoticeEn;

    /// <summary>Words or phrases, one a line: a post containing one is held for a moderator.</summary>
    public string WordFilter { get; private set; } = "";
    public DateTimeOffset UpdatedUtc { get; private set; }

    public static ForumSettings Defaults() => new() { Id = 1 };

    public IReadOnlyList<string> FilterWords =>
        [.. WordFilter.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(w => w.Length > 0)];

    public string SupportNotice(bool english) => english ? SupportNoticeEn : SupportNoticeZh;

    public void Change(string noticeZh, string noticeEn, string? wordFilter, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(noticeZh) || string.IsNullOrWhiteSpace(noticeEn))
        {
            throw new ForumRuleException("The support notice is needed in Chinese and in English.");
        }

        SupportNoticeZh = Community.Clip(noticeZh, MaxText);
        SupportNoticeEn = Community.Clip(noticeEn, MaxText);
        WordFilter = Community.Clip(wordFilter, MaxText);
        UpdatedUtc = now;
    }
}
