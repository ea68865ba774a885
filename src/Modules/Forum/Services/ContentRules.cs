using System.Text.RegularExpressions;

namespace Portal.Forum.Services;

/// <summary>What the forum looks for in a post's text: words that suggest self-harm (the support notice and an alert
/// to moderators), staff's word filter (the post is held), and @mentions.</summary>
public static partial class ContentRules
{
    /// <summary>Phrases in Cantonese, written Chinese and English. Kept broad on purpose: a false alarm costs a
    /// moderator a minute, a missed one may cost much more.</summary>
    public static readonly IReadOnlyList<string> SelfHarmPhrases =
    [
        "自殺", "自殘", "自我傷害", "輕生", "想死", "唔想活", "不想活", "唔想再活", "不想再活", "了結生命", "結束生命", "割脈", "跳樓", "尋死", "死咗好過", "死了算",
        "suicide", "suicidal", "kill myself", "killing myself", "end my life", "self-harm", "self harm", "hurt myself", "want to die", "don't want to live", "do not want to live",
    ];

    public static bool MentionsSelfHarm(string? text) =>
        !string.IsNullOrEmpty(text) && SelfHarmPhrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    public static string? FilteredWord(string? text, IReadOnlyList<string> words) =>
        string.IsNullOrEmpty(text) ? null : words.FirstOrDefault(w => w.Length > 0 && text.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Display names mentioned as <c>@name</c> (a name's spaces may be left out: <c>@DanielChan</c>).</summary>
    public static IReadOnlyList<string> Mentions(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. MentionPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(10)];

    public static string MentionKey(string displayName) => displayName.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex(@"(?<![\w@])@([\p{L}\p{N}_.\-]{2,40})")]
    private static partial Regex MentionPattern();
}
