namespace Portal.Resources;

/// <summary>Marker for the account pages' strings; <c>AccountStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class AccountStrings;
