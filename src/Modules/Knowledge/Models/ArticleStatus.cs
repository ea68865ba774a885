namespace Portal.Knowledge.Models;

public enum ArticleStatus
{
    Draft = 0,
    InReview = 1,
    Published = 2,
    Unpublished = 3,
}

public enum ArticleVisibility
{
    /// <summary>Anyone may read it.</summary>
    Public = 0,

    /// <summary>Only signed-in people may read it.</summary>
    MembersOnly = 1,
}
