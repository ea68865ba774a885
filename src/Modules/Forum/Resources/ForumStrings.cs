namespace Portal.Forum.Resources;

/// <summary>Marker for the forum's strings; the English text is the key, <c>ForumStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class ForumStrings
{
}
