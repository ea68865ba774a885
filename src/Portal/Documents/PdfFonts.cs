using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HarfBuzzSharp;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Portal.Hosting.Documents;

/// <summary>Settings under <c>Portal:Pdf</c>.</summary>
public sealed class PdfOptions
{
    public const string Section = "Portal:Pdf";

    /// <summary>Optional path of a .ttf/.otf/.ttc font with Traditional Chinese and Latin letters, tried first.</summary>
    public string? Font { get; set; }
}

/// <summary>Raised when no font with Chinese characters can be found; the message says what to install.</summary>
public sealed class PdfFontMissingException(string message) : Exception(message);

/// <summary>
/// The fonts for PDF documents: the configured file, the font shipped inside the host (a subset of WenQuanYi Micro
/// Hei, Apache-2.0, see <c>Documents/Fonts/README.md</c>), then well-known system fonts. Each piece of text is set in
/// the first font that has all its characters; when the document is written each font used is cut down to just the
/// characters set in it.
/// </summary>
public sealed class PdfFonts : IDisposable
{
    public const string BundledResource = "Portal.Documents.Fonts.portal-cjk.ttf";

    internal static readonly string[] SystemFontPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "C:\\Windows\\Fonts\\msjh.ttc",
    ];

    public const string InstallHint =
        "No font with Chinese characters was found for PDF documents. Install one, e.g. on Debian/Ubuntu: " +
        "`sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk), or set Portal:Pdf:Font " +
        "to the path of a .ttf/.otf/.ttc font that has Traditional Chinese and Latin letters.";

    private readonly Lazy<IReadOnlyList<LoadedFont>> _fonts;
    private readonly ConcurrentDictionary<string, SKTypeface> _subsetCache = new(StringComparer.Ordinal);
    private readonly ILogger<PdfFonts>? _logger;

    public PdfFonts(IOptions<PdfOptions> options, ILogger<PdfFonts>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var configured = options.Value.Font;
        _fonts = new Lazy<IReadOnlyList<LoadedFont>>(() => Load(configured), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Names of the fonts found, in the order they are tried (for diagnostics).</summary>
    public IReadOnlyList<string> Sources => [.. _fonts.Value.Select(f => f.Source)];

    /// <summary>How many fonts were found.</summary>
    public int Count => _fonts.Value.Count;

    /// <summary>The index (in <see cref="Sources"/>) of the first font with every character of <paramref name="text"/>,
    /// or the one missing the fewest.</summary>
    public int Choose(string text) => Choose(Codepoints(text));

    /// <summary>The whole font at <paramref name="index"/>, for measuring (same advances as its subsets).</summary>
    public SKTypeface FullTypeface(int index) => _fonts.Value[index].Typeface;

    /// <summary>A typeface of the font at <paramref name="index"/> holding exactly <paramref name="codepoints"/>, ready to be embedded.</summary>
    public SKTypeface Subset(int index, IReadOnlyCollection<int> codepoints)
    {
        ArgumentNullException.ThrowIfNull(codepoints);
        var font = _fonts.Value[index];
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

    private int Choose(IReadOnlyCollection<int> codepoints)
    {
        var fonts = _fonts.Value;
        if (fonts.Count == 0)
        {
            throw new PdfFontMissingException(InstallHint);
        }

        var best = 0;
        var bestMissing = int.MaxValue;
        for (var i = 0; i < fonts.Count; i++)
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

        _logger?.LogWarning("No PDF font has all {Count} characters; {Missing} are missing in {Font}.", codepoints.Count, bestMissing, fonts[best].Source);
        return best;
    }

    private List<LoadedFont> Load(string? configured)
    {
        var fonts = new List<LoadedFont>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
            {
                throw new PdfFontMissingException(string.Format(CultureInfo.InvariantCulture,
                    "The PDF font set in Portal:Pdf:Font was not found: {0}. {1}", configured, InstallHint));
            }

            Add(fonts, configured, File.ReadAllBytes(configured));
        }

        using (var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(BundledResource))
        {
            if (stream is not null)
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                Add(fonts, "bundled:portal-cjk.ttf", memory.ToArray());
            }
        }

        foreach (var path in SystemFontPaths.Where(File.Exists))
        {
            Add(fonts, path, File.ReadAllBytes(path));
        }

        return fonts;
    }

    private void Add(List<LoadedFont> fonts, string source, byte[] bytes)
    {
        try
        {
            var font = new LoadedFont(source, bytes);
            if (font.Typeface.GetGlyph('證') != 0 && font.Typeface.GetGlyph('A') != 0)
            {
                fonts.Add(font);
            }
            else
            {
                font.Dispose();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            _logger?.LogWarning(ex, "Could not load PDF font {Font}.", source);
        }
    }

    public void Dispose()
    {
        if (_fonts.IsValueCreated)
        {
            foreach (var font in _fonts.Value)
            {
                font.Dispose();
            }
        }

        foreach (var typeface in _subsetCache.Values)
        {
            typeface.Dispose();
        }
    }

    /// <summary>A font kept in pinned memory so HarfBuzz can read it for every subset without copying.</summary>
    private sealed class LoadedFont : IDisposable
    {
        private GCHandle _handle;
        private readonly Blob _blob;

        public LoadedFont(string source, byte[] bytes)
        {
            Source = source;
            _handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
            _blob = new Blob(_handle.AddrOfPinnedObject(), bytes.Length, MemoryMode.ReadOnly);
            Face = new Face(_blob, 0);
            Typeface = SKTypeface.FromData(SKData.CreateCopy(bytes), 0)
                ?? throw new InvalidOperationException("Skia could not read the font " + source);
        }

        public string Source { get; }
        public Face Face { get; }
        public SKTypeface Typeface { get; }

        public void Dispose()
        {
            Typeface.Dispose();
            Face.Dispose();
            _blob.Dispose();
            if (_handle.IsAllocated)
            {
                _handle.Free();
            }
        }
    }
}
