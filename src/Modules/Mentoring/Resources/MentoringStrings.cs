namespace Portal.Mentoring.Resources;

/// <summary>Marker for the module's strings: the key is the English text; MentoringStrings.zh-HK.resx holds the Chinese.</summary>
public sealed class MentoringStrings
{
}
