namespace Portal.PortalModule.Resources;

/// <summary>Marker for the module's localized strings: the key is the English text, <c>PortalModuleStrings.zh-HK.resx</c> holds the Chinese.</summary>
public sealed class PortalModuleStrings
{
}
