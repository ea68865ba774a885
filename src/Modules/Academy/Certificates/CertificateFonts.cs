using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HarfBuzzSharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Portal.Academy.Certificates;

/// <summary>Raised when no font with Chinese characters can be found; the message says what to install.</summary>
public sealed class CertificateFontMissingException(string message) : Exception(message);

/// <summary>
/// Finds a CJK font for certificates: the configured file, the font shipped inside this assembly (a subset of
/// WenQuanYi Micro Hei, Apache-2.0), then well-known system fonts. For every certificate the first font that
/// has all its characters is chosen and cut down to just those characters.
/// </summary>
public sealed class CertificateFonts : IDisposable
{
    public const string BundledResource = "Portal.Academy.Fonts.academy-cjk.ttf";

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
        "No font with Chinese characters was found for certificates. Install one, e.g. on Debian/Ubuntu: " +
        "`sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk), or set Portal:Academy:CertificateFont " +
        "to the path of a .ttf/.otf/.ttc font that has Traditional Chinese and Latin letters.";

    private readonly Lazy<IReadOnlyList<LoadedFont>> _fonts;
    private readonly ConcurrentDictionary<string, SKTypeface> _subsetCache = new(StringComparer.Ordinal);
    private readonly ILogger<CertificateFonts>? _logger;

    public CertificateFonts(IOptions<AcademyOptions> options, ILogger<CertificateFonts>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var configured = options.Value.CertificateFont;
        _fonts = new Lazy<IReadOnlyList<LoadedFont>>(() => Load(configured), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Names of the fonts found, in the order they are tried (for diagnostics).</summary>
    public IReadOnlyList<string> Sources => [.. _fonts.Value.Select(f => f.Source)];

    /// <summary>A typeface holding exactly the characters of <paramref name="text"/>, ready to be embedded.</summary>
    public SKTypeface SubsetFor(string text)
    {
        var codepoints = Codepoints(text);
        var font = Choose(codepoints);
        var key = font.Source + "\n" + string.Join(',', codepoints);
        if (_subsetCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var bytes = FontSubsetter.Subset(font.Face, codepoints);
        var typeface = SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException("Skia could not load the subset font.");
        if (_subsetCache.Count > 64)
        {
            _subsetCache.Clear();
        }

        return _subsetCache.GetOrAdd(key, typeface);
    }

    /// <summary>The whole font chosen for the text (no subsetting), for comparison in the benchmark.</summary>
    internal SKTypeface FullTypefaceFor(string text) => Choose(Codepoints(text)).Typeface;

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

    private LoadedFont Choose(IReadOnlyCollection<int> codepoints)
    {
        var fonts = _fonts.Value;
        if (fonts.Count == 0)
        {
            throw new CertificateFontMissingException(InstallHint);
        }

        LoadedFont? best = null;
        var bestMissing = int.MaxValue;
        foreach (var font in fonts)
        {
            var missing = codepoints.Count(cp => font.Typeface.GetGlyph(cp) == 0);
            if (missing == 0)
            {
                return font;
            }

            if (missing < bestMissing)
            {
                best = font;
                bestMissing = missing;
            }
        }

        _logger?.LogWarning("No certificate font has all {Count} characters; {Missing} are missing in {Font}.", codepoints.Count, bestMissing, best!.Source);
        return best!;
    }

    private List<LoadedFont> Load(string? configured)
    {
        var fonts = new List<LoadedFont>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(configured))
            {
                throw new CertificateFontMissingException(string.Format(CultureInfo.InvariantCulture,
                    "The certificate font set in Portal:Academy:CertificateFont was not found: {0}. {1}", configured, InstallHint));
            }

            Add(fonts, configured, File.ReadAllBytes(configured));
        }

        using (var stream = typeof(CertificateFonts).Assembly.GetManifestResourceStream(BundledResource))
        {
            if (stream is not null)
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                Add(fonts, "bundled:academy-cjk.ttf", memory.ToArray());
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
            _logger?.LogWarning(ex, "Could not load certificate font {Font}.", source);
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
