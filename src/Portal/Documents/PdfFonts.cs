using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using HarfBuzzSharp;
using Portal.Documents;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Portal.Hosting.Documents;

/// <summary>Settings under <c>Portal:Pdf</c>.</summary>
public sealed class PdfOptions
{
    public const string Section = "Portal:Pdf";

    /// <summary>Optional path of a .ttf/.otf/.ttc font with Traditional Chinese and Latin letters, tried first.</summary>
    public string? Font { get; set; }

    /// <summary>Further font files tried, character by character, after the bundled and installed CJK fonts (e.g. a
    /// font with the HKSCS characters of CJK Extension B).</summary>
    public string[] Fallbacks { get; set; } = [];

    /// <summary>Optional path of a serif display font for names and titles; Noto Serif CJK is used when installed.</summary>
    public string? DisplayFont { get; set; }

    /// <summary>Use installed fonts (well-known paths and fontconfig). On by default; off, only the configured and bundled
    /// fonts are used (as on a fresh machine).</summary>
    public bool SystemFonts { get; set; } = true;

    /// <summary>Ask the system (fontconfig) for a font for a character no listed font has, if that font's licence
    /// allows embedding. On by default.</summary>
    public bool SystemFallback { get; set; } = true;
}

/// <summary>Raised when no font with Chinese characters can be found; the message says what to install.</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);

/// <summary>
/// The fonts for PDF documents, as two chains tried character by character. Text: the configured file, the font
/// shipped inside the host (a subset of WenQuanYi Micro Hei, Apache-2.0, see <c>Documents/Fonts/README.md</c>),
/// well-known installed CJK fonts (Noto Sans CJK HK covers HKSCS-2016), fonts with CJK Extension B (HanaMin), the
/// configured fallbacks, then any system font that has the character and whose licence allows embedding. Display:
/// the configured display font and Noto Serif CJK, then the text chain. Every character is set in the first font of
/// its chain that has it; when the document is written each font used is cut down to just its characters.
/// </summary>
public sealed class PdfFonts : IDisposable
{
    public const string BundledResource = "Portal.Documents.Fonts.portal-cjk.ttf";

    /// <summary>The 1,693 HKSCS characters outside the BMP (subsets of HanaMin B in two files, as HarfBuzz refuses one
    /// subset of them all, and of HanaMin A for 11 compatibility ideographs), so a machine without CJK Extension B
    /// fonts draws 𡃁 too.</summary>
    public static readonly string[] BundledSupplementaryResources =
        ["Portal.Documents.Fonts.portal-hkscs-b1.ttf", "Portal.Documents.Fonts.portal-hkscs-b2.ttf", "Portal.Documents.Fonts.portal-hkscs-c.ttf"];

    internal static readonly string[] SystemFontPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "C:\\Windows\\Fonts\\msjh.ttc",
        "C:\\Windows\\Fonts\\mingliub.ttc",
    ];

    /// <summary>Fonts with the supplementary-plane (CJK Extension B and later) characters Hong Kong names use.</summary>
    internal static readonly string[] SupplementaryFontPaths =
    [
        "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    ];

    internal static readonly string[] DisplayFontPaths =
    [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-SemiBold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    ];

    public const string InstallHint =
        "No font with Chinese characters was found for PDF documents. Install one, e.g. on Debian/Ubuntu: " +
        "`sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk), or set Portal:Pdf:Font " +
        "to the path of a .ttf/.otf/.ttc font that has Traditional Chinese and Latin letters.";

    /// <summary>What staff are told to do when a character has no glyph in any font.</summary>
    public const string MissingCharacterHint =
        "Install a font that has it and whose licence allows embedding (e.g. `apt-get install fonts-noto-cjk fonts-hanazono`), " +
        "or add its path to Portal:Pdf:Fallbacks.";

    private readonly object _gate = new();
    private readonly PdfOptions _options;
    private readonly Lazy<(List<LoadedFont> Fonts, List<int> Text, List<int> Display)> _chains;
    private readonly ConcurrentDictionary<(PdfFontFace Face, int Codepoint), int> _byCodepoint = new();
    private readonly ConcurrentDictionary<string, SKTypeface> _subsetCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _systemTried = new(StringComparer.Ordinal);
    private readonly ILogger<PdfFonts>? _logger;

    public PdfFonts(IOptions<PdfOptions> options, ILogger<PdfFonts>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _options = options.Value;
        _chains = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Names of the fonts found, in the order they are tried (for diagnostics).</summary>
    public IReadOnlyList<string> Sources
    {
        get
        {
            lock (_gate)
            {
                return [.. _chains.Value.Fonts.Select(f => f.Source)];
            }
        }
    }

    /// <summary>How many fonts were found.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _chains.Value.Fonts.Count;
            }
        }
    }

    /// <summary>The index (in <see cref="Sources"/>) of the first text font with every character of <paramref name="text"/>,
    /// or the one missing the fewest.</summary>
    public int Choose(string text) => Choose(Codepoints(text));

    /// <summary>The index of the font that sets <paramref name="codepoint"/> in <paramref name="face"/>, or -1 when
    /// no font in the chain (nor any embeddable system font) has a glyph for it.</summary>
    public int FontFor(int codepoint, PdfFontFace face = PdfFontFace.Text)
    {
        if (_byCodepoint.TryGetValue((face, codepoint), out var index))
        {
            return index;
        }

        lock (_gate)
        {
            var (fonts, text, display) = _chains.Value;
            if (fonts.Count == 0)
            {
                throw new PdfFontMissingException(InstallHint);
            }

            index = (face == PdfFontFace.Display ? display : text).FirstOrDefault(i => fonts[i].Typeface.GetGlyph(codepoint) != 0, -1);
            if (index < 0 && _options.SystemFallback && _options.SystemFonts)
            {
                index = FromSystem(codepoint);
            }
        }

        _byCodepoint[(face, codepoint)] = index;
        return index;
    }

    /// <summary>The first font of the chain (it sets characters no font has, as an empty box).</summary>
    public int First(PdfFontFace face)
    {
        var (fonts, text, display) = _chains.Value;
        if (fonts.Count == 0)
        {
            throw new PdfFontMissingException(InstallHint);
        }

        return face == PdfFontFace.Display && display.Count > 0 ? display[0] : text[0];
    }

    /// <summary>The characters of <paramref name="text"/> that no font can draw, in order of first appearance.</summary>
    public IReadOnlyList<int> Missing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var missing = new List<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && !Rune.IsWhiteSpace(rune) && !missing.Contains(rune.Value) && FontFor(rune.Value) < 0)
            {
                missing.Add(rune.Value);
            }
        }

        return missing;
    }

    /// <summary>The whole font at <paramref name="index"/>, for measuring (same advances as its subsets).</summary>
    public SKTypeface FullTypeface(int index)
    {
        lock (_gate)
        {
            return _chains.Value.Fonts[index].Typeface;
        }
    }

    /// <summary>A typeface of the font at <paramref name="index"/> holding exactly <paramref name="codepoints"/>, ready to be embedded.</summary>
    public SKTypeface Subset(int index, IReadOnlyCollection<int> codepoints)
    {
        ArgumentNullException.ThrowIfNull(codepoints);
        LoadedFont font;
        lock (_gate)
        {
            font = _chains.Value.Fonts[index];
        }

        var key = font.Source + "\n" + string.Join(',', codepoints.Order());
        if (_subsetCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var bytes = FontSubsetter.Subset(font.Face, codepoints);
        var typeface = SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException("Skia could not load the subset font.");
        if (_subsetCache.Count > 64)
        {
            // Typefaces handed out earlier may still be drawing elsewhere: they are left to the finalizer, not disposed.
            _subsetCache.Clear();
        }

        return _subsetCache.GetOrAdd(key, typeface);
    }

    internal static SortedSet<int> Codepoints(string text)
    {
        var set = new SortedSet<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
            {
                set.Add(rune.Value);
            }
        }

        return set;
    }

    /// <summary>Whether a font's licence lets it be embedded as a subset (OpenType OS/2 fsType: not "restricted
    /// licence", not "no subsetting", not "bitmap only"). A font without an OS/2 table is taken as installable.</summary>
    internal static bool AllowsEmbedding(SKTypeface typeface)
    {
        const uint os2 = ('O' << 24) | ('S' << 16) | ('/' << 8) | '2';
        if (!typeface.TryGetTableData(os2, out var table) || table is null || table.Length < 10)
        {
            return true;
        }

        var fsType = (table[8] << 8) | table[9];
        return (fsType & 0x000F) != 0x0002 && (fsType & 0x0100) == 0 && (fsType & 0x0200) == 0;
    }

    private int Choose(IReadOnlyCollection<int> codepoints)
    {
        lock (_gate)
        {
            var (fonts, text, _) = _chains.Value;
            if (fonts.Count == 0)
            {
                throw new PdfFontMissingException(InstallHint);
            }

            var best = text[0];
            var bestMissing = int.MaxValue;
            foreach (var i in text)
            {
                var typeface = fonts[i].Typeface;
                var missing = codepoints.Count(cp => typeface.GetGlyph(cp) == 0);
                if (missing == 0)
                {
                    return i;
                }

                if (missing < bestMissing)
                {
                    best = i;
                    bestMissing = missing;
                }
            }

            return best;
        }
    }

    /// <summary>Asks the system for a font with <paramref name="codepoint"/>; adds it to both chains if it may be embedded.</summary>
    private int FromSystem(int codepoint)
    {
        var (fonts, text, display) = _chains.Value;
        using var match = SKFontManager.Default.MatchCharacter(codepoint);
        if (match is null || match.GetGlyph(codepoint) == 0)
        {
            return -1;
        }

        using var stream = match.OpenStream(out var faceIndex);
        if (stream is null)
        {
            return -1;
        }

        var source = "system:" + match.FamilyName + "#" + faceIndex.ToString(CultureInfo.InvariantCulture);
        var existing = fonts.FindIndex(f => f.Source == source);
        if (existing >= 0)
        {
            return fonts[existing].Typeface.GetGlyph(codepoint) != 0 ? existing : -1;
        }

        if (!_systemTried.Add(source))
        {
            return -1;
        }

        var data = SKData.Create(stream);
        if (data is null)
        {
            return -1;
        }

        var index = Add(fonts, source, data, faceIndex, requireChinese: false);
        if (index < 0)
        {
            return -1;
        }

        text.Add(index);
        display.Add(index);
        _logger?.LogInformation("PDF font fallback: {Font} for U+{Codepoint:X4}.", source, codepoint);
        return fonts[index].Typeface.GetGlyph(codepoint) != 0 ? index : -1;
    }

    private (List<LoadedFont> Fonts, List<int> Text, List<int> Display) Load()
    {
        var fonts = new List<LoadedFont>();
        var text = new List<int>();
        var display = new List<int>();
        void Into(List<int> chain, int index)
        {
            if (index >= 0)
            {
                chain.Add(index);
            }
        }

        var configured = _options.Font;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
            {
                throw new PdfFontMissingException(string.Format(CultureInfo.InvariantCulture,
                    "The PDF font set in Portal:Pdf:Font was not found: {0}. {1}", configured, InstallHint));
            }

            Into(text, AddFile(fonts, configured, requireChinese: true));
        }

        Into(text, AddResource(fonts, BundledResource, "bundled:portal-cjk.ttf", requireChinese: true));

        var system = _options.SystemFonts;
        foreach (var path in SystemFontPaths.Where(p => system && File.Exists(p)))
        {
            Into(text, AddFile(fonts, path, requireChinese: true));
        }

        foreach (var path in SupplementaryFontPaths.Where(p => system && File.Exists(p)))
        {
            Into(text, AddFile(fonts, path, requireChinese: false));
        }

        foreach (var resource in BundledSupplementaryResources)
        {
            Into(text, AddResource(fonts, resource, "bundled:" + resource["Portal.Documents.Fonts.".Length..], requireChinese: false));
        }

        foreach (var path in (_options.Fallbacks ?? []).Where(File.Exists))
        {
            Into(text, AddFile(fonts, path, requireChinese: false));
        }

        var displayFont = _options.DisplayFont;
        if (!string.IsNullOrWhiteSpace(displayFont) && File.Exists(displayFont))
        {
            Into(display, AddFile(fonts, displayFont, requireChinese: false));
        }

        var serif = system ? DisplayFontPaths.FirstOrDefault(File.Exists) : null;
        if (serif is not null)
        {
            Into(display, AddFile(fonts, serif, requireChinese: true));
        }

        display.AddRange(text);
        return (fonts, text, display);
    }

    private int AddFile(List<LoadedFont> fonts, string path, bool requireChinese)
    {
        // Mapped from the file, not read into memory: a CJK font is 20-30 MB and the chain holds several, of which a
        // glyph check or a subset touches only a few pages (the rest stays on disk, shared with the page cache).
        var data = SKData.Create(path);
        if (data is null)
        {
            _logger?.LogWarning("Could not read PDF font {Font}.", path);
            return -1;
        }

        return Add(fonts, path, data, null, requireChinese);
    }

    private int AddResource(List<LoadedFont> fonts, string resource, string source, bool requireChinese)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(resource);
        return stream is null ? -1 : Add(fonts, source, SKData.Create(stream), null, requireChinese);
    }

    /// <summary>Loads a font (for a collection, the Hong Kong face, else the Traditional Chinese one, else
    /// <paramref name="faceIndex"/> or the first); returns its index or -1 when it is unusable or may not be embedded.</summary>
    private int Add(List<LoadedFont> fonts, string source, SKData data, int? faceIndex, bool requireChinese)
    {
        try
        {
            var font = new LoadedFont(source, data, faceIndex);
            var usable = AllowsEmbedding(font.Typeface)
                && (!requireChinese || (font.Typeface.GetGlyph('證') != 0 && font.Typeface.GetGlyph('A') != 0));
            if (!usable)
            {
                _logger?.LogWarning("PDF font {Font} is not used: it lacks Chinese or Latin letters, or its licence does not allow embedding.", source);
                font.Dispose();
                return -1;
            }

            fonts.Add(font);
            return fonts.Count - 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            _logger?.LogWarning(ex, "Could not load PDF font {Font}.", source);
            data.Dispose();
            return -1;
        }
    }

    public void Dispose()
    {
        if (_chains.IsValueCreated)
        {
            foreach (var font in _chains.Value.Fonts)
            {
                font.Dispose();
            }
        }

        foreach (var typeface in _subsetCache.Values)
        {
            typeface.Dispose();
        }
    }

    /// <summary>A font's bytes in native memory (mapped from its file, or copied from a resource), read in place by
    /// Skia for drawing and by HarfBuzz for every subset.</summary>
    private sealed class LoadedFont : IDisposable
    {
        private readonly SKData _data;
        private readonly Blob _blob;

        public LoadedFont(string source, SKData data, int? faceIndex)
        {
            Source = source;
            _data = data;
            _blob = new Blob(data.Data, checked((int)data.Size), MemoryMode.ReadOnly);
            var index = faceIndex ?? ChineseFace(data);
            Face = new Face(_blob, index);
            Typeface = SKTypeface.FromData(data, index)
                ?? throw new InvalidOperationException("Skia could not read the font " + source);
            if (index > 0)
            {
                Source = source + "#" + Typeface.FamilyName;
            }
        }

        public string Source { get; }
        public Face Face { get; }
        public SKTypeface Typeface { get; }

        /// <summary>In a font collection (.ttc) the face for Hong Kong, else for Taiwan (Traditional), else the first.</summary>
        private static int ChineseFace(SKData data)
        {
            var names = new List<string>();
            for (var i = 0; i < 16; i++)
            {
                using var face = SKTypeface.FromData(data, i);
                if (face is null)
                {
                    break;
                }

                names.Add(face.FamilyName ?? "");
            }

            var hk = names.FindIndex(n => n.EndsWith(" HK", StringComparison.Ordinal));
            var tc = names.FindIndex(n => n.EndsWith(" TC", StringComparison.Ordinal));
            return hk >= 0 ? hk : tc >= 0 ? tc : 0;
        }

        public void Dispose()
        {
            Typeface.Dispose();
            Face.Dispose();
            _blob.Dispose();
            _data.Dispose();
        }
    }
}
