namespace Portal.Resources;

/// <summary>Marker for the host's strings; <c>HostStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class HostStrings;
