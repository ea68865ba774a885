using System.Text;
using Portal.Commands;

namespace Portal.Hosting.Documents;

/// <summary>
/// <c>dotnet run --project src/Portal -- pdf-font-subset SOURCE.ttc OUTPUT.ttf</c>: makes the CJK font the
/// host ships for PDF documents (Latin, punctuation, the Big5 common and less-common characters, frequent Hong Kong characters).
/// </summary>
internal sealed class FontSubsetCommand : IPortalCommand
{
    public string Name => "pdf-font-subset";

    public string Description => "Makes the host's bundled PDF font (certificates, reports) from a CJK font (e.g. wqy-microhei.ttc).";

    public Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (arguments.Count is < 2 or > 3 || !File.Exists(arguments[0]) || (arguments.Count == 3 && !File.Exists(arguments[2])))
        {
            output.WriteLine("Usage: pdf-font-subset SOURCE-FONT OUTPUT.ttf [CODEPOINTS.txt]   (e.g. /usr/share/fonts/truetype/wqy/wqy-microhei.ttc;");
            output.WriteLine("       with a file of hexadecimal code points, one a line, '#' for comments, only those characters)");
            return Task.FromResult(2);
        }

        var codepoints = arguments.Count == 3 ? ReadCodepoints(arguments[2]) : BundledCharacterSet();
        var bytes = FontSubsetter.Subset(File.ReadAllBytes(arguments[0]), 0, codepoints, dropHinting: true);
        File.WriteAllBytes(arguments[1], bytes);
        output.WriteLine($"Wrote {arguments[1]}: {codepoints.Count} characters requested, {bytes.Length / 1024} KB.");
        return Task.FromResult(0);
    }

    /// <summary>Latin + punctuation + Big5 levels 1 and 2 (13,000+ Traditional characters) + Hong Kong
    /// colloquial characters.</summary>
    internal static SortedSet<int> BundledCharacterSet()
    {
        var set = new SortedSet<int>();
        AddRange(set, 0x20, 0x7E);
        AddRange(set, 0xA0, 0x17F);
        AddRange(set, 0x2010, 0x206F);
        AddRange(set, 0x2100, 0x215F);
        AddRange(set, 0x2190, 0x21FF);
        AddRange(set, 0x2460, 0x24FF);
        AddRange(set, 0x25A0, 0x25FF);
        AddRange(set, 0x3000, 0x303F);
        AddRange(set, 0x3105, 0x312F);
        AddRange(set, 0xFE30, 0xFE4F);
        AddRange(set, 0xFF01, 0xFF65);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var big5 = Encoding.GetEncoding(950);
        Span<byte> pair = stackalloc byte[2];
        for (var lead = 0xA1; lead <= 0xF9; lead++)
        {
            for (var trail = 0x40; trail <= 0xFE; trail++)
            {
                if (trail is > 0x7E and < 0xA1)
                {
                    continue;
                }

                pair[0] = (byte)lead;
                pair[1] = (byte)trail;
                var text = big5.GetString(pair);
                if (text.Length == 1 && text[0] != '?' && text[0] != '\uFFFD')
                {
                    set.Add(text[0]);
                }
            }
        }

        foreach (var rune in "嘅咗啲冇嚟喺噉佢哋嗰啱乜嘢攞睇諗咁嘥嚿咩㗎喇囉嘞啩吖呢嗱噃畀俾搵揸揼瞓踎孖氹凼".EnumerateRunes())
        {
            set.Add(rune.Value);
        }

        return set;
    }

    internal static SortedSet<int> ReadCodepoints(string path) =>
        [.. File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => int.Parse(l, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture))];

    private static void AddRange(SortedSet<int> set, int from, int to)
    {
        for (var c = from; c <= to; c++)
        {
            set.Add(c);
        }
    }
}
