using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Portal.Globalization;

/// <summary>A piece of a text and the <c>lang</c> it needs: null when it is in the text's own language (the
/// container's), else the other language, for a run of the other script inside it.</summary>
public readonly record struct LanguageRun(string Text, string? Lang);

public static partial class PortalCultures
{
    /// <summary>
    /// Splits stored text whose language is KNOWN into runs for language of parts (WCAG 3.1.2): in English text, runs of
    /// Han characters (with the CJK punctuation around and between them) are <see cref="Chinese"/>, e.g. the name in
    /// "No news for 32 days: 周家明"; in Chinese text, runs of Latin words (at least one word of two or more letters
    /// with no digit; not single letters, numbers, codes such as A4 or web addresses) are <see cref="English"/>, e.g.
    /// "同路人支援 Peer support". Every other piece has a null <c>Lang</c>. When the language is not known (null or
    /// empty) the whole text is one run without a language: the language is never guessed from the script here.
    /// </summary>
    public static IReadOnlyList<LanguageRun> RunsOf(string? text, string? knownCulture)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(knownCulture))
        {
            return [new(text, null)];
        }

        return Normalize(knownCulture) == English ? HanRuns(text) : LatinRuns(text);
    }

    /// <summary>
    /// Stored text of a known language as HTML-encoded text in which each run of the other script is a
    /// <c>&lt;span lang="…"&gt;</c> (see <see cref="RunsOf"/>). The runs' <c>lang</c> is relative to the text's own
    /// language, so the container must carry that language: the page's, or its own
    /// <c>lang="@PortalCultures.LangOf(culture)"</c>:
    /// <c>&lt;span lang="@PortalCultures.LangOf(n.Culture)"&gt;@PortalCultures.WithLanguageRuns(n.Title, n.Culture)&lt;/span&gt;</c>.
    /// </summary>
    public static IHtmlContent WithLanguageRuns(string? text, string? knownCulture) => new LanguageRunsContent(RunsOf(text, knownCulture));

    /// <summary>The language of a text shown through a fallback (the culture <see cref="LangOfFallback"/> marks): English
    /// on an English page when the English text is there, else Chinese (the Chinese text is the one shown).</summary>
    public static string CultureOfFallback(bool english, string? englishText) =>
        english && !string.IsNullOrEmpty(englishText) ? English : Chinese;

    private static List<LanguageRun> HanRuns(string text)
    {
        var runs = new List<LanguageRun>();
        int plain = 0, i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (!IsHan(rune.Value) && !IsCjkPunctuation(rune.Value))
            {
                i += length;
                continue;
            }

            // The longest stretch of Han, CJK punctuation and punctuation both scripts share (·, —, …); the shared
            // marks belong to the run only between its characters, never at its ends.
            int end = i, han = 0;
            while (end < text.Length)
            {
                Rune.DecodeFromUtf16(text.AsSpan(end), out var next, out var nextLength);
                if (!IsHan(next.Value) && !IsCjkPunctuation(next.Value) && !IsSharedPunctuation(next.Value))
                {
                    break;
                }

                han += IsHan(next.Value) ? 1 : 0;
                end += nextLength;
            }

            int start = i;
            while (start < end && IsSharedPunctuation(text[start]))
            {
                start++;
            }

            while (end > start && IsSharedPunctuation(text[end - 1]))
            {
                end--;
            }

            if (han > 0)
            {
                Add(runs, text, plain, start, null);
                Add(runs, text, start, end, Chinese);
                plain = end;
            }

            i = Math.Max(end, i + length);
        }

        Add(runs, text, plain, text.Length, null);
        return runs;
    }

    private static List<LanguageRun> LatinRuns(string text)
    {
        var runs = new List<LanguageRun>();
        int plain = 0, i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (!IsLatinLetter(rune))
            {
                i += length;
                continue;
            }

            if (IsAddressAt(text, i))
            {
                i = EndOfAddress(text, i);
                continue;
            }

            // Latin words joined by spaces, digits and the punctuation English writes between words; the run ends at
            // its last letter or digit, before any Han character, full-width punctuation or web address.
            // A run counts only with a word: two or more letters with no digit in the same token, so codes and
            // identifiers ("cd6c0b", "A4", "3M") are left as they are (not words of any language).
            int j = i, end = i, letters = 0;
            var digit = false;
            var hasWord = false;
            void EndToken()
            {
                hasWord |= letters >= 2 && !digit;
                letters = 0;
                digit = false;
            }

            while (j < text.Length)
            {
                Rune.DecodeFromUtf16(text.AsSpan(j), out var next, out var nextLength);
                if (IsLatinLetter(next))
                {
                    if (letters == 0 && !digit && j > i && IsAddressAt(text, j))
                    {
                        break;
                    }

                    letters++;
                    end = j + nextLength;
                }
                else if (next.Value is >= '0' and <= '9')
                {
                    digit = true;
                    end = j + nextLength;
                }
                else if (next.Value is ' ' or '\'' or '\u2019' or '-' or '.' or ',' or '&' or '/' or ':' or '+')
                {
                    EndToken();
                }
                else
                {
                    break;
                }

                j += nextLength;
            }

            EndToken();
            if (hasWord)
            {
                Add(runs, text, plain, i, null);
                Add(runs, text, i, end, English);
                plain = end;
            }

            i = end;
        }

        Add(runs, text, plain, text.Length, null);
        return runs;
    }

    private static void Add(List<LanguageRun> runs, string text, int start, int end, string? lang)
    {
        if (end > start)
        {
            runs.Add(new(text[start..end], lang));
        }
    }

    private static bool IsLatinLetter(Rune rune) => rune.Value < 0x250 && Rune.IsLetter(rune);

    private static bool IsAddressAt(string text, int index)
    {
        var rest = text.AsSpan(index);
        return rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A web address runs to the next space or non-ASCII character (Chinese text around it).</summary>
    private static int EndOfAddress(string text, int index)
    {
        while (index < text.Length && text[index] is > ' ' and < '\u007F')
        {
            index++;
        }

        return index;
    }

    /// <summary>CJK symbols and punctuation (、。「」『』〇 and the ideographic space), CJK compatibility forms and the
    /// full-width forms of ASCII punctuation (，：！？（）).</summary>
    private static bool IsCjkPunctuation(int c) =>
        c is (>= 0x3000 and <= 0x303F) or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF01 and <= 0xFF0F) or (>= 0xFF1A and <= 0xFF20)
            or (>= 0xFF3B and <= 0xFF40) or (>= 0xFF5B and <= 0xFF65) or 0x30FB;

    /// <summary>Marks both scripts use: the middle dot of transliterated names, dashes, the ellipsis.</summary>
    private static bool IsSharedPunctuation(int c) => c is 0x00B7 or 0x2014 or 0x2015 or 0x2026;

    private sealed class LanguageRunsContent(IReadOnlyList<LanguageRun> runs) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(encoder);
            foreach (var run in runs)
            {
                if (run.Lang is null)
                {
                    encoder.Encode(writer, run.Text);
                    continue;
                }

                writer.Write("<span lang=\"");
                writer.Write(run.Lang);
                writer.Write("\">");
                encoder.Encode(writer, run.Text);
                writer.Write("</span>");
            }
        }
    }
}
