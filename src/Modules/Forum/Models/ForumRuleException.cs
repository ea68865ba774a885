namespace Portal.Forum.Models;

/// <summary>A forum rule was broken. <see cref="Exception.Message"/> is the English text, which is also the
/// localization key, so pages show it in the person's language.</summary>
public sealed class ForumRuleException : Exception
{
    public ForumRuleException(string message) : base(message)
    {
    }

    public ForumRuleException()
    {
    }

    public ForumRuleException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
