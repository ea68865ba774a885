namespace Portal.Knowledge.Models;

/// <summary>A rule of the knowledge base was broken. <see cref="Exception.Message"/> is an English text that is
/// also the localization key, so pages show it in the reader's language.</summary>
public sealed class KnowledgeRuleException : Exception
{
    public KnowledgeRuleException(string message)
        : base(message)
    {
    }

    public KnowledgeRuleException()
    {
    }

    public KnowledgeRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
