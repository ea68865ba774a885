namespace Portal.Resources;

/// <summary>Marker for the host's privacy strings (audit trail, reason prompt, retention, consent);
/// <c>PrivacyStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class PrivacyStrings;
