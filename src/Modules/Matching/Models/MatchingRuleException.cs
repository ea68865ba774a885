namespace Portal.Matching.Models;

/// <summary>A rule of the partner-matching scheme was broken. <see cref="Exception.Message"/> is the English text,
/// which is also the localization key, so pages show it in the person's language.</summary>
public sealed class MatchingRuleException : Exception
{
    public MatchingRuleException(string message) : base(message)
    {
    }

    public MatchingRuleException()
    {
    }

    public MatchingRuleException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
