using System.Reflection;
using System.Text;

namespace Portal.Search.Analysis;

/// <summary>
/// Length-preserving character folding applied before tokenising, both when indexing and when querying:
/// compatibility forms (full-width Latin, ideographic space, compatibility ideographs) fold by NFKC when NFKC
/// yields one character, then Traditional Chinese folds to Simplified by OpenCC's character table.
/// Because every character maps to exactly one character, token offsets stay valid for the original text.
/// </summary>
internal static class CharFolding
{
    private static readonly char[] Table = BuildTable();

    public static char Fold(char c) => Table[c];

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(Table[c]);
        }

        return result.ToString();
    }

    public static void FoldInPlace(char[] buffer, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            buffer[i] = Table[buffer[i]];
        }
    }

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            table[i] = c;
            if (char.IsSurrogate(c) || i < 0x80)
            {
                continue;
            }

            string normalized;
            try
            {
                normalized = c.ToString().Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (normalized.Length == 1)
            {
                table[i] = normalized[0];
            }
        }

        // U+3000 ideographic space folds to a normal space (NFKC does this too; kept explicit for clarity).
        table[0x3000] = ' ';

        using var stream = typeof(CharFolding).Assembly.GetManifestResourceStream("Portal.Search.TraditionalToSimplified.txt")
            ?? throw new InvalidOperationException("The Traditional to Simplified table is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var pairs = new Dictionary<char, char>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 3 && line[1] == '\t' && !line.StartsWith('#'))
            {
                pairs[line[0]] = line[2];
            }
        }

        for (var i = 0; i <= char.MaxValue; i++)
        {
            if (pairs.TryGetValue(table[i], out var simplified))
            {
                table[i] = simplified;
            }
        }

        return table;
    }

    internal static Assembly ResourceAssembly => typeof(CharFolding).Assembly;
}
