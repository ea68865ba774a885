namespace Portal.Mentoring.Models;

/// <summary>A rule of the mentor scheme was broken. <see cref="Exception.Message"/> is the English text, which is
/// also the localization key, so pages show it in the person's language.</summary>
public sealed class MentoringRuleException : Exception
{
    public MentoringRuleException(string message) : base(message)
    {
    }

    public MentoringRuleException()
    {
    }

    public MentoringRuleException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
