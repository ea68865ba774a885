namespace Portal.Forum.Models;

public enum ReactionKind
{
    Helpful = 0,
    ThankYou = 1,
    Hug = 2,
}

/// <summary>One person's reaction of one kind to a post (pressing again takes it back).</summary>
public sealed class Reaction
{
    private Reaction()
    {
    }

    public Reaction(long postId, string userId, ReactionKind kind, DateTimeOffset now)
    {
        PostId = postId;
        UserId = userId;
        Kind = kind;
        CreatedUtc = now;
    }

    public long Id { get; private set; }
    public long PostId { get; private set; }
    public string UserId { get; private set; } = "";
    public ReactionKind Kind { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
}

/// <summary>A thread a person saved to read again.</summary>
public sealed class Bookmark
{
    private Bookmark()
    {
    }

    public Bookmark(long topicId, string userId, DateTimeOffset now)
    {
        TopicId = topicId;
        UserId = userId;
        CreatedUtc = now;
    }

    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTimeOffset CreatedUtc { get; private set; }
}

/// <summary>A thread a person is told about when someone replies.</summary>
public sealed class Follow
{
    private Follow()
    {
    }

    public Follow(long topicId, string userId, DateTimeOffset now)
    {
        TopicId = topicId;
        UserId = userId;
        CreatedUtc = now;
    }

    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTimeOffset CreatedUtc { get; private set; }
}

public enum FlagReason
{
    Unkind = 0,
    Spam = 1,
    Misinformation = 2,
    Privacy = 3,
    SafetyConcern = 4,
    Other = 5,
}

/// <summary>A member's report of a post, with a reason. One per person and post.</summary>
public sealed class Flag
{
    public const int MaxNote = 500;

    private Flag()
    {
    }

    public Flag(long postId, string userId, FlagReason reason, string? note, bool trusted, DateTimeOffset now)
    {
        if (!Enum.IsDefined(reason))
        {
            throw new ForumRuleException("Choose a reason.");
        }

        PostId = postId;
        UserId = userId;
        Reason = reason;
        Note = string.IsNullOrWhiteSpace(note) ? null : Community.Clip(note, MaxNote);
        Trusted = trusted;
        CreatedUtc = now;
    }

    public long Id { get; private set; }
    public long PostId { get; private set; }
    public string UserId { get; private set; } = "";
    public FlagReason Reason { get; private set; }
    public string? Note { get; private set; }

    /// <summary>Made by a trusted member or a moderator: these count towards hiding the post.</summary>
    public bool Trusted { get; private set; }
    public bool Resolved { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }

    public void Resolve() => Resolved = true;

    public void EraseReporter() => UserId = "";
}

public enum ContactStatus
{
    Pending = 0,
    Accepted = 1,
    Ignored = 2,
}

/// <summary>"Members like me": a request to be in touch, which the other may accept (with a note) or ignore.</summary>
public sealed class ContactRequest
{
    public const int MaxMessage = 1000;

    private ContactRequest()
    {
    }

    public long Id { get; private set; }
    public string FromUserId { get; private set; } = "";
    public string ToUserId { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string? Reply { get; private set; }
    public ContactStatus Status { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset? AnsweredUtc { get; private set; }

    public static ContactRequest Send(string from, string to, string? message, DateTimeOffset now)
    {
        if (from == to)
        {
            throw new ForumRuleException("You cannot send a request to yourself.");
        }

        var text = (message ?? "").Trim();
        if (text.Length is < 2 or > MaxMessage)
        {
            throw new ForumRuleException("Write a short message (up to 1,000 characters) to say why you would like to be in touch.");
        }

        return new ContactRequest { FromUserId = from, ToUserId = to, Message = text, CreatedUtc = now };
    }

    public void Answer(bool accept, string? reply, DateTimeOffset now)
    {
        if (Status != ContactStatus.Pending)
        {
            throw new ForumRuleException("This request has already been answered.");
        }

        Status = accept ? ContactStatus.Accepted : ContactStatus.Ignored;
        Reply = accept && !string.IsNullOrWhiteSpace(reply) ? Community.Clip(reply, MaxMessage) : null;
        AnsweredUtc = now;
    }
}
