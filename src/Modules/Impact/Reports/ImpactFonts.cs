using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using HarfBuzzSharp;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace Portal.Impact.Reports;

/// <summary>Raised when no font with Chinese characters can be found; the message says what to install.</summary>
public sealed class ImpactFontMissingException(string message) : Exception(message);

/// <summary>
/// The CJK font for the funder report: the subset of WenQuanYi Micro Hei bundled in this assembly (Apache-2.0,
/// see <c>Fonts/README.md</c>), then well-known system fonts. Each report gets a subset of just its characters,
/// which Skia embeds in the PDF.
/// </summary>
public sealed class ImpactFonts : IDisposable
{
    public const string BundledResource = "Portal.Impact.Fonts.impact-cjk.ttf";

    private static readonly string[] SystemFontPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ];

    private readonly Lazy<IReadOnlyList<LoadedFont>> _fonts;
    private readonly ConcurrentDictionary<string, SKTypeface> _subsets = new(StringComparer.Ordinal);
    private readonly ILogger<ImpactFonts>? _logger;

    public ImpactFonts(ILogger<ImpactFonts>? logger = null)
    {
        _logger = logger;
        _fonts = new Lazy<IReadOnlyList<LoadedFont>>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyList<string> Sources => [.. _fonts.Value.Select(f => f.Source)];

    /// <summary>A typeface holding exactly the characters of <paramref name="text"/>.</summary>
    public SKTypeface SubsetFor(string text)
    {
        var codepoints = new SortedSet<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
            {
                codepoints.Add(rune.Value);
            }
        }

        var fonts = _fonts.Value;
        if (fonts.Count == 0)
        {
            throw new ImpactFontMissingException("No font with Chinese characters was found for the impact report. Install one, e.g. `sudo apt-get install fonts-wqy-microhei`.");
        }

        var font = fonts.FirstOrDefault(f => codepoints.All(cp => f.Typeface.GetGlyph(cp) != 0))
            ?? fonts.OrderBy(f => codepoints.Count(cp => f.Typeface.GetGlyph(cp) == 0)).First();
        var key = font.Source + "\n" + string.Join(',', codepoints);
        if (_subsets.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var bytes = FontSubsetter.Subset(font.Face, codepoints);
        var typeface = SKTypeface.FromData(SKData.CreateCopy(bytes)) ?? throw new InvalidOperationException("Skia could not load the subset font.");
        if (_subsets.Count > 32)
        {
            _subsets.Clear();
        }

        return _subsets.GetOrAdd(key, typeface);
    }

    private List<LoadedFont> Load()
    {
        var fonts = new List<LoadedFont>();
        using (var stream = typeof(ImpactFonts).Assembly.GetManifestResourceStream(BundledResource))
        {
            if (stream is not null)
            {
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                fonts.Add(new LoadedFont("bundled:impact-cjk.ttf", memory.ToArray()));
            }
        }

        foreach (var path in SystemFontPaths.Where(File.Exists))
        {
            try
            {
                fonts.Add(new LoadedFont(path, File.ReadAllBytes(path)));
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                _logger?.LogWarning(ex, "Could not load report font {Font}.", path);
            }
        }

        return fonts;
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

        foreach (var typeface in _subsets.Values)
        {
            typeface.Dispose();
        }
    }

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
            Typeface = SKTypeface.FromData(SKData.CreateCopy(bytes), 0) ?? throw new InvalidOperationException("Skia could not read the font " + source);
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
