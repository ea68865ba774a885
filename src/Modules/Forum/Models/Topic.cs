namespace Portal.Forum.Models;

public enum TopicKind
{
    Discussion = 0,
    Article = 1,
}

/// <summary>Who may read a thread. Public is for experience articles only and only once a moderator approved it;
/// until then a thread asked to be public is read as community-only.</summary>
public enum TopicVisibility
{
    Community = 0,
    Members = 1,
    Public = 2,
}

public enum PostStatus
{
    Published = 0,

    /// <summary>Waiting for a moderator (a new member's first post, or a word in the filter list).</summary>
    Held = 1,

    /// <summary>Hidden pending review after several trusted members flagged it.</summary>
    Hidden = 2,

    /// <summary>Removed by a moderator or by its author.</summary>
    Removed = 3,
}

/// <summary>A discussion or an experience article in one community. Its first post (<see cref="Post.Number"/> 1)
/// holds the text; the thread holds the title, tags and visibility.</summary>
public sealed class Topic
{
    public const int MaxTitle = 150;

    private Topic()
    {
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string AuthorUserId { get; private set; } = "";
    public TopicKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Culture { get; private set; } = "zh-HK";
    public TopicVisibility RequestedVisibility { get; private set; }
    public bool PublicApproved { get; private set; }
    public bool Anonymous { get; private set; }

    /// <summary>Condition slugs, space separated (<see cref="Vocabulary.Conditions"/>).</summary>
    public string ConditionTags { get; private set; } = "";

    /// <summary>Topic slugs, space separated (<see cref="Vocabulary.TopicTags"/>).</summary>
    public string TopicTags { get; private set; } = "";

    /// <summary>The opening post's status: a held or hidden opening post hides the thread too.</summary>
    public PostStatus Status { get; private set; }

    /// <summary>Published posts after the opening one (kept up to date by the service, for lists).</summary>
    public int ReplyCount { get; private set; }

    /// <summary>Highest post number given out (posts are numbered 1, 2, 3… for paging).</summary>
    public int LastNumber { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset LastPostUtc { get; private set; }
    public DateTimeOffset UpdatedUtc { get; private set; }

    /// <summary>The author deleted their account and chose to keep their posts: no link to them remains.</summary>
    public bool AuthorErased { get; private set; }

    public TopicVisibility Visibility => RequestedVisibility == TopicVisibility.Public && !(Kind == TopicKind.Article && PublicApproved)
        ? TopicVisibility.Community
        : RequestedVisibility;

    public bool AwaitingPublicApproval => RequestedVisibility == TopicVisibility.Public && Kind == TopicKind.Article && !PublicApproved;

    public IEnumerable<string> ConditionList => ConditionTags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<string> TopicList => TopicTags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static Topic Start(long communityId, string authorUserId, TopicKind kind, string title, string culture, TopicVisibility visibility, bool anonymous,
        IEnumerable<string> conditions, IEnumerable<string> topics, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(visibility))
        {
            throw new ForumRuleException("Choose from the lists.");
        }

        if (visibility == TopicVisibility.Public && kind != TopicKind.Article)
        {
            throw new ForumRuleException("Only experience articles can be public, after a moderator has read them.");
        }

        var topic = new Topic
        {
            CommunityId = communityId,
            AuthorUserId = authorUserId,
            Kind = kind,
            Culture = culture == "en" ? "en" : "zh-HK",
            RequestedVisibility = visibility,
            Anonymous = anonymous,
            CreatedUtc = now,
            LastPostUtc = now,
            UpdatedUtc = now,
        };
        topic.Retitle(title, conditions, topics, now);
        return topic;
    }

    public void Retitle(string title, IEnumerable<string> conditions, IEnumerable<string> topics, DateTimeOffset now)
    {
        var trimmed = (title ?? "").Trim();
        if (trimmed.Length is < 3 or > MaxTitle)
        {
            throw new ForumRuleException("Give the thread a title of 3 to 150 characters.");
        }

        var conditionList = conditions.Distinct().ToList();
        var topicList = topics.Distinct().ToList();
        if (conditionList.Any(c => !Vocabulary.Has(Vocabulary.Conditions, c)) || topicList.Any(t => !Vocabulary.Has(Vocabulary.TopicTags, t)))
        {
            throw new ForumRuleException("Choose tags from the lists.");
        }

        Title = trimmed;
        ConditionTags = string.Join(' ', conditionList);
        TopicTags = string.Join(' ', topicList);
        UpdatedUtc = now;
    }

    public void ChangeVisibility(TopicVisibility visibility, DateTimeOffset now)
    {
        if (!Enum.IsDefined(visibility) || (visibility == TopicVisibility.Public && Kind != TopicKind.Article))
        {
            throw new ForumRuleException("Only experience articles can be public, after a moderator has read them.");
        }

        if (visibility != RequestedVisibility)
        {
            RequestedVisibility = visibility;
            PublicApproved = false;
            UpdatedUtc = now;
        }
    }

    public void ApprovePublic(DateTimeOffset now)
    {
        if (!AwaitingPublicApproval)
        {
            throw new ForumRuleException("This thread is not waiting to be made public.");
        }

        PublicApproved = true;
        UpdatedUtc = now;
    }

    public int NextNumber() => ++LastNumber;

    public void OpeningIs(PostStatus openingStatus, DateTimeOffset now)
    {
        Status = openingStatus;
        UpdatedUtc = now;
    }

    public void Replied(DateTimeOffset now)
    {
        ReplyCount++;
        LastPostUtc = now;
        UpdatedUtc = now;
    }

    public void ReplyGone(DateTimeOffset now)
    {
        ReplyCount = Math.Max(0, ReplyCount - 1);
        UpdatedUtc = now;
    }

    /// <summary>Erasure: the thread stays (others' replies remain readable) with no link to its author; with
    /// <paramref name="removeTitle"/> its title goes too (the page then says the title was removed).</summary>
    public void EraseAuthor(bool removeTitle)
    {
        AuthorUserId = "";
        AuthorErased = true;
        Anonymous = true;
        if (removeTitle)
        {
            Title = "";
        }
    }
}

/// <summary>The opening post or a reply, in Markdown. Every edit keeps the earlier text in <see cref="PostRevision"/>.</summary>
public sealed class Post
{
    public const int MaxText = 20000;
    public const int MinText = 2;

    private Post()
    {
    }

    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public long CommunityId { get; private set; }
    public int Number { get; private set; }
    public string AuthorUserId { get; private set; } = "";
    public bool Anonymous { get; private set; }
    public string Markdown { get; private set; } = "";
    public PostStatus Status { get; private set; }

    /// <summary>Why it was held or hidden (an English key: "first post", "word filter", "flagged").</summary>
    public string? HoldReason { get; private set; }

    /// <summary>The text mentions self-harm: the page shows the support notice and moderators were alerted.</summary>
    public bool SupportConcern { get; private set; }

    /// <summary>A moderator has looked at a post that mentioned self-harm.</summary>
    public bool SupportReviewed { get; private set; }
    public int FlagCount { get; private set; }
    public DateTimeOffset CreatedUtc { get; private set; }
    public DateTimeOffset? EditedUtc { get; private set; }

    /// <summary>From the form: the same key twice (a double submit) makes one post.</summary>
    public string? IdempotencyKey { get; private set; }
    public bool AuthorErased { get; private set; }

    public bool IsOpening => Number == 1;

    public static Post Write(Topic topic, string authorUserId, bool anonymous, string markdown, string? idempotencyKey, DateTimeOffset now)
    {
        var post = new Post
        {
            TopicId = topic.Id,
            CommunityId = topic.CommunityId,
            Number = topic.NextNumber(),
            AuthorUserId = authorUserId,
            Anonymous = anonymous,
            CreatedUtc = now,
            IdempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64 ? null : idempotencyKey,
        };
        post.Markdown = Checked(markdown);
        return post;
    }

    internal static string Checked(string? markdown)
    {
        var text = (markdown ?? "").Trim();
        if (text.Length < MinText)
        {
            throw new ForumRuleException("Write a few words before posting.");
        }

        if (text.Length > MaxText)
        {
            throw new ForumRuleException("A post can be up to 20,000 characters. Split it into two posts.");
        }

        return text;
    }

    /// <summary>Changes the text; returns the earlier text for the history.</summary>
    public PostRevision Edit(string editorUserId, string markdown, DateTimeOffset now)
    {
        if (Status == PostStatus.Removed)
        {
            throw new ForumRuleException("A removed post cannot be changed.");
        }

        var revision = new PostRevision(Id, Markdown, EditedUtc ?? CreatedUtc, editorUserId, now);
        Markdown = Checked(markdown);
        EditedUtc = now;
        return revision;
    }

    public void Hold(string reason)
    {
        Status = PostStatus.Held;
        HoldReason = reason;
    }

    public void MarkSupportConcern()
    {
        SupportConcern = true;
        SupportReviewed = false;
    }

    public void ReviewSupport() => SupportReviewed = true;

    public void Flagged(int distinctTrustedFlags, int hideThreshold)
    {
        FlagCount++;
        if (Status == PostStatus.Published && distinctTrustedFlags >= hideThreshold)
        {
            Status = PostStatus.Hidden;
            HoldReason = "flagged";
        }
    }

    public void Approve()
    {
        if (Status is PostStatus.Removed)
        {
            throw new ForumRuleException("A removed post cannot be changed.");
        }

        Status = PostStatus.Published;
        HoldReason = null;
        FlagCount = 0;
    }

    public void Remove(string reason)
    {
        Status = PostStatus.Removed;
        HoldReason = reason;
    }

    /// <summary>Erasure, "keep my posts anonymised": the text stays, nothing points at the person any more.</summary>
    public void EraseAuthor()
    {
        AuthorUserId = "";
        Anonymous = true;
        AuthorErased = true;
        IdempotencyKey = null;
    }

    /// <summary>Erasure, "remove my posts": the text is gone; the row stays so replies keep their place.</summary>
    public void EraseText()
    {
        Markdown = "";
        AuthorUserId = "";
        Anonymous = true;
        AuthorErased = true;
        IdempotencyKey = null;
        Status = PostStatus.Removed;
        HoldReason = "author deleted";
    }
}

/// <summary>An earlier version of a post, kept when it is edited.</summary>
public sealed class PostRevision
{
    private PostRevision()
    {
    }

    public PostRevision(long postId, string markdown, DateTimeOffset writtenUtc, string editorUserId, DateTimeOffset replacedUtc)
    {
        PostId = postId;
        Markdown = markdown;
        WrittenUtc = writtenUtc;
        EditorUserId = editorUserId;
        ReplacedUtc = replacedUtc;
    }

    public long Id { get; private set; }
    public long PostId { get; private set; }
    public string Markdown { get; private set; } = "";
    public DateTimeOffset WrittenUtc { get; private set; }
    public DateTimeOffset ReplacedUtc { get; private set; }
    public string EditorUserId { get; private set; } = "";

    public void Erase()
    {
        Markdown = "";
        EditorUserId = "";
    }

    public void EraseEditor() => EditorUserId = "";
}
