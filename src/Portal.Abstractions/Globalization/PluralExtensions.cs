using Microsoft.Extensions.Localization;

namespace Portal.Globalization;

/// <summary>
/// Counts people read: "1 notification", "3 notifications". English has a singular and a plural; Chinese has
/// none, so the zh-HK resx gives both keys the same translation (e.g. 「{0} 則通知」).
/// </summary>
public static class PluralExtensions
{
    /// <summary>
    /// The singular key when <paramref name="count"/> is 1, otherwise the plural key, formatted with the count.
    /// Both keys are English text with a <c>{0}</c> for the number, e.g. <c>"{0} notification"</c> and <c>"{0} notifications"</c>.
    /// </summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, long count, string singular, string plural, params object[] more)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        object[] arguments = [count, .. more];
        return localizer[count == 1 ? singular : plural, arguments];
    }
}
