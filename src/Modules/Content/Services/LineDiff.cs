namespace Portal.Content.Services;

public enum DiffKind
{
    Same = 0,
    Removed = 1,
    Added = 2,
}

/// <summary>One line of a comparison: in both texts, only in the older one, or only in the newer one.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>A line-based comparison of two texts (longest common subsequence of lines), for staff to see what an
/// edit changed. Very long texts whose differing middle part is too large to compare line by line are shown as the
/// whole middle part removed and added.</summary>
public static class LineDiff
{
    /// <summary>Above this many line pairs the middle part is not compared line by line (time and memory).</summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compare(string? older, string? newer)
    {
        var a = Split(older);
        var b = Split(newer);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a[..prefix].Select(l => new DiffLine(DiffKind.Same, l)));
        var middleA = a[prefix..(a.Length - suffix)];
        var middleB = b[prefix..(b.Length - suffix)];
        if ((long)middleA.Length * middleB.Length > MaxCells)
        {
            result.AddRange(middleA.Select(l => new DiffLine(DiffKind.Removed, l)));
            result.AddRange(middleB.Select(l => new DiffLine(DiffKind.Added, l)));
        }
        else
        {
            result.AddRange(Middle(middleA, middleB));
        }

        result.AddRange(a[(a.Length - suffix)..].Select(l => new DiffLine(DiffKind.Same, l)));
        return result;
    }

    private static string[] Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.ReplaceLineEndings("\n").Split('\n');

    private static List<DiffLine> Middle(string[] a, string[] b)
    {
        // lengths[i, j] = length of the longest common subsequence of a[i..] and b[j..].
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add(new(DiffKind.Same, a[x++]));
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                lines.Add(new(DiffKind.Removed, a[x++]));
            }
            else
            {
                lines.Add(new(DiffKind.Added, b[y++]));
            }
        }

        while (x < a.Length)
        {
            lines.Add(new(DiffKind.Removed, a[x++]));
        }

        while (y < b.Length)
        {
            lines.Add(new(DiffKind.Added, b[y++]));
        }

        return lines;
    }
}
