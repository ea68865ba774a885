namespace Portal.Academy.Models;

/// <summary>A rule of the academy was broken. <see cref="Exception.Message"/> is the English text, which is also
/// the localization key, so pages show it in the person's language.</summary>
public sealed class AcademyRuleException : Exception
{
    public AcademyRuleException(string message) : base(message)
    {
    }

    public AcademyRuleException()
    {
    }

    public AcademyRuleException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
