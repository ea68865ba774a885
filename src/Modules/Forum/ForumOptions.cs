namespace Portal.Forum;

/// <summary>Settings under <c>Portal:Forum</c>.</summary>
public sealed class ForumOptions
{
    public const string Section = "Portal:Forum";

    /// <summary>Posts flagged by this many different trusted members are hidden until a moderator reviews them.</summary>
    public int HideAfterTrustedFlags { get; set; } = 3;

    /// <summary>Contact requests ("members like me") one person may send in 24 hours.</summary>
    public int ContactRequestsPerDay { get; set; } = 3;

    /// <summary>Roles whose members are alerted at once to held posts and posts that mention self-harm.</summary>
    public string[] AlertRoles { get; set; } = ["Staff"];

    public int PageSize { get; set; } = 20;
}
