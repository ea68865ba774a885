using System.Globalization;
using System.Text;

namespace Portal.Globalization;

/// <summary>The portal's languages and Hong Kong's time zone.</summary>
public static partial class PortalCultures
{
    public const string Chinese = "zh-HK";
    public const string English = "en";
    public const string Default = Chinese;

    public static IReadOnlyList<string> All { get; } = [Chinese, English];

    public static TimeZoneInfo HongKong { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Hong_Kong");

    /// <summary>Normalises user input such as <c>zh</c>, <c>zh-hk</c>, <c>en-GB</c> to a supported culture.</summary>
    public static string Normalize(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The language a piece of text that people wrote is in, judged by its script (WCAG 3.1.2, language of parts):
    /// <see cref="Chinese"/> when its Han characters are at least as many as its Latin words, <see cref="English"/>
    /// when it has Latin words and fewer Han characters, null when it has neither (numbers, symbols).
    /// </summary>
    public static string? LanguageOfText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        int han = 0, words = 0;
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var latin = rune.Value < 0x250 && Rune.IsLetter(rune);
            if (latin && !inWord)
            {
                words++;
            }

            inWord = latin;
            han += IsHan(rune.Value) ? 1 : 0;
        }

        return han == 0 && words == 0 ? null : han >= words ? Chinese : English;
    }

    /// <summary>The <c>lang</c> to put on text that people wrote when it is not in the page's language, else null
    /// (Razor then leaves the attribute out): <c>&lt;a lang="@PortalCultures.LangIfOther(title)"&gt;</c>.</summary>
    public static string? LangIfOther(string? text) =>
        LanguageOfText(text) is { } language && language != Normalize(CultureInfo.CurrentUICulture.Name) ? language : null;

    /// <summary>
    /// The <c>lang</c> for stored text whose language is known (WCAG 3.1.2): an article's or a notification's culture,
    /// the Chinese text an English page falls back to. The stored culture when it is not the page's, else null (Razor
    /// then leaves the attribute out): <c>&lt;h1 lang="@PortalCultures.LangOf(article.Culture)"&gt;</c>. Null as well
    /// when the culture is not known (null or empty): the language is never guessed from the text here.
    /// </summary>
    public static string? LangOf(string? storedCulture) =>
        string.IsNullOrWhiteSpace(storedCulture) || Normalize(storedCulture) == Normalize(CultureInfo.CurrentUICulture.Name)
            ? null
            : Normalize(storedCulture);

    /// <summary>The <c>lang</c> for a text shown through a fallback: <see cref="Chinese"/> on an English page when the
    /// English text is empty and the Chinese one is shown instead, else null.</summary>
    public static string? LangOfFallback(bool english, string? englishText) =>
        english && string.IsNullOrEmpty(englishText) ? LangOf(Chinese) : null;

    private static bool IsHan(int c) =>
        c is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x323AF);

    public static DateTimeOffset ToHongKong(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, HongKong);

    /// <summary>A Hong Kong wall-clock time (as typed in a form: "12 Dec 2026 19:30") as an instant.</summary>
    public static DateTimeOffset FromHongKong(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, HongKong.GetUtcOffset(unspecified));
    }

    /// <summary>Today in Hong Kong: the portal's calendar day (publish dates, certificate validity, digests), from
    /// the injected clock so that tests can move it (<c>FakeTimeProvider</c>).</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateInHongKong(clock.GetUtcNow());
    }

    /// <summary>The Hong Kong calendar day of an instant.</summary>
    public static DateOnly DateInHongKong(DateTimeOffset utc) => DateOnly.FromDateTime(ToHongKong(utc).DateTime);

    /// <summary>The instant a Hong Kong calendar day starts (for "from … to …" date ranges).</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), HongKong), TimeSpan.Zero);

    /// <summary>Date as Hong Kong writes it: 2026年11月27日 in Chinese, 27 Nov 2026 in English.</summary>
    public static string FormatDate(DateTimeOffset utc) =>
        ToHongKong(utc).ToString(IsEnglish ? "d MMM yyyy" : "yyyy年M月d日", CultureInfo.CurrentCulture);

    public static string FormatDate(DateOnly date) =>
        date.ToString(IsEnglish ? "d MMM yyyy" : "yyyy年M月d日", CultureInfo.CurrentCulture);

    /// <summary>Date and time in HKT: 2026年11月27日 下午3:05 / 27 Nov 2026, 3:05 pm.</summary>
    public static string FormatDateTime(DateTimeOffset utc) =>
        ToHongKong(utc).ToString(IsEnglish ? "d MMM yyyy, h:mm tt" : "yyyy年M月d日 tth:mm", CultureInfo.CurrentCulture);
}
