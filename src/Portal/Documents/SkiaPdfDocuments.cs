using System.Text;
using Portal.Documents;
using QRCoder;
using SkiaSharp;

namespace Portal.Hosting.Documents;

/// <summary>The host's <see cref="IPdfDocumentFactory"/>: SkiaSharp's PDF back end with <see cref="PdfFonts"/>.</summary>
public sealed class SkiaPdfDocumentFactory(PdfFonts fonts) : IPdfDocumentFactory
{
    public IReadOnlyList<string> FontSources => fonts.Sources;

    public IReadOnlyList<int> MissingCharacters(string text) => fonts.Missing(text);

    public IPdfDocument Create(PdfDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new SkiaPdfDocument(fonts, info);
    }
}

/// <summary>
/// Records the pages' drawing, then writes the PDF in <see cref="ToArray"/>: only then are all characters known, so
/// each font used is embedded once as a subset of exactly its characters.
/// </summary>
internal sealed class SkiaPdfDocument(PdfFonts fonts, PdfDocumentInfo info) : IPdfDocument
{
    private readonly List<SkiaPdfPage> _pages = [];
    private readonly Dictionary<int, SortedSet<int>> _characters = [];
    private readonly Dictionary<(int Font, float Size), SKFont> _measuring = [];
    private readonly Dictionary<(int Font, float Size), SKFont> _replaying = [];
    private bool _written;

    public IPdfPage AddPage(float width, float height)
    {
        ThrowIfWritten();
        if (!(width > 0 && height > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), "A page needs a positive width and height.");
        }

        var page = new SkiaPdfPage(this, width, height);
        _pages.Add(page);
        return page;
    }

    public float MeasureText(string text, float size, PdfFontFace face = PdfFontFace.Text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : Runs(text, face).Sum(r => MeasuringFont(r.Font, size).MeasureText(r.Text));
    }

    /// <summary>The pieces of <paramref name="text"/> set in one font each: every character in the first font of the
    /// chain that has it (spaces stay with the piece before them).</summary>
    internal List<(int Font, string Text)> Runs(string text, PdfFontFace face)
    {
        var runs = new List<(int Font, string Text)>();
        var current = new StringBuilder();
        var currentFont = -1;
        foreach (var rune in text.EnumerateRunes())
        {
            int font;
            if ((Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) && currentFont >= 0)
            {
                font = currentFont;
            }
            else
            {
                font = fonts.FontFor(rune.Value, face);
                if (font < 0)
                {
                    font = currentFont >= 0 ? currentFont : fonts.First(face); // no font has it: drawn as an empty box
                }
            }

            if (font != currentFont && current.Length > 0)
            {
                runs.Add((currentFont, current.ToString()));
                current.Clear();
            }

            currentFont = font;
            current.Append(rune.ToString());
        }

        if (current.Length > 0)
        {
            runs.Add((currentFont, current.ToString()));
        }

        return runs;
    }

    public IReadOnlyList<string> Wrap(string text, float size, float maxWidth, PdfFontFace face = PdfFontFace.Text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var token in Tokens(text))
        {
            var candidate = current + token;
            if (current.Length > 0 && MeasureText(candidate, size, face) > maxWidth)
            {
                lines.Add(current.ToString().TrimEnd());
                current.Clear();
                if (token.Trim().Length == 0)
                {
                    continue;
                }
            }

            current.Append(token);
        }

        if (current.ToString().Trim().Length > 0)
        {
            lines.Add(current.ToString().TrimEnd());
        }

        return lines;
    }

    public byte[] ToArray()
    {
        ThrowIfWritten();
        _written = true;
        var typefaces = _characters.ToDictionary(c => c.Key, c => fonts.Subset(c.Key, c.Value));
        using var stream = new MemoryStream(64 * 1024);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = info.Title,
            Author = info.Author,
            Subject = info.Subject,
            Creator = info.Creator,
            Producer = "Portal (SkiaSharp)",
            Creation = info.Created.UtcDateTime,
            Modified = info.Created.UtcDateTime,
            RasterDpi = 72,
            EncodingQuality = info.LosslessImages ? 101 : 85, // > 100 keeps images lossless (no JPEG): QR codes stay sharp
        };
        using (var pdf = SKDocument.CreatePdf(stream, metadata))
        {
            foreach (var page in _pages.DefaultIfEmpty(new SkiaPdfPage(this, 595, 842)))
            {
                var canvas = pdf.BeginPage(page.Width, page.Height);
                page.Replay(canvas, typefaces);
                pdf.EndPage();
            }

            pdf.Close();
        }

        return string.IsNullOrWhiteSpace(info.Language) ? stream.ToArray() : PdfCatalog.AddLanguage(stream.ToArray(), info.Language);
    }

    public byte[] ToPng(int pageIndex, float scale)
    {
        ThrowIfWritten();
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pageIndex, _pages.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var page = _pages[pageIndex];
        var typefaces = _characters.Keys.ToDictionary(k => k, fonts.FullTypeface);
        using var surface = SKSurface.Create(new SKImageInfo((int)Math.Ceiling(page.Width * scale), (int)Math.Ceiling(page.Height * scale)))
            ?? throw new InvalidOperationException("Skia could not make a picture of the page.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        page.Replay(canvas, typefaces);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        foreach (var font in _replaying.Values)
        {
            font.Dispose(); // drawn with whole typefaces: ToArray makes its own with the subsets
        }

        _replaying.Clear();
        return png.ToArray();
    }

    public void Dispose()
    {
        foreach (var font in _measuring.Values.Concat(_replaying.Values))
        {
            font.Dispose();
        }

        _measuring.Clear();
        _replaying.Clear();
    }

    /// <summary>Notes the text's characters under the fonts that will set them; returns the pieces and their widths.</summary>
    internal List<(int Font, string Text, float Width)> Use(string text, float size, PdfFontFace face)
    {
        ThrowIfWritten();
        var runs = new List<(int Font, string Text, float Width)>();
        foreach (var (font, piece) in Runs(text, face))
        {
            if (!_characters.TryGetValue(font, out var set))
            {
                _characters[font] = set = [];
            }

            set.UnionWith(PdfFonts.Codepoints(piece));
            runs.Add((font, piece, MeasuringFont(font, size).MeasureText(piece)));
        }

        return runs;
    }

    internal SKFont ReplayFont(IReadOnlyDictionary<int, SKTypeface> typefaces, int font, float size)
    {
        if (!_replaying.TryGetValue((font, size), out var skFont))
        {
            _replaying[(font, size)] = skFont = NewFont(typefaces[font], size);
        }

        return skFont;
    }

    private SKFont MeasuringFont(int font, float size)
    {
        if (!_measuring.TryGetValue((font, size), out var skFont))
        {
            _measuring[(font, size)] = skFont = NewFont(fonts.FullTypeface(font), size);
        }

        return skFont;
    }

    private void ThrowIfWritten()
    {
        ObjectDisposedException.ThrowIf(_written, this);
    }

    /// <summary>Unhinted, subpixel-positioned glyphs: the advances match the widths written in the PDF, so text
    /// extraction does not see false spaces inside words.</summary>
    internal static SKFont NewFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };

    /// <summary>Words and spaces in Latin scripts; every character on its own from U+2E80 (CJK) on.</summary>
    internal static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || rune.Value >= 0x2E80)
            {
                if (word.Length > 0)
                {
                    tokens.Add(word.ToString());
                    word.Clear();
                }

                tokens.Add(rune.ToString());
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
        }

        return tokens;
    }
}

/// <summary>One page: its drawing is kept as a list of steps and replayed onto Skia's PDF canvas.</summary>
internal sealed class SkiaPdfPage(SkiaPdfDocument document, float width, float height) : IPdfPage
{
    private readonly List<Action<SKCanvas, IReadOnlyDictionary<int, SKTypeface>>> _steps = [];

    public float Width { get; } = width;

    public float Height { get; } = height;

    public void Text(string text, float x, float baseline, float size, PdfColor color, PdfTextAlign align = PdfTextAlign.Left, PdfFontFace face = PdfFontFace.Text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return;
        }

        var runs = document.Use(text, size, face);
        var width = runs.Sum(r => r.Width);
        var left = align switch
        {
            PdfTextAlign.Center => x - width / 2,
            PdfTextAlign.Right => x - width,
            _ => x,
        };
        _steps.Add((canvas, typefaces) =>
        {
            using var paint = Fill(color);
            var runX = left;
            foreach (var (font, piece, pieceWidth) in runs)
            {
                canvas.DrawText(piece, runX, baseline, SKTextAlign.Left, document.ReplayFont(typefaces, font, size), paint);
                runX += pieceWidth;
            }
        });
    }

    public float TextBlock(string text, float x, float firstBaseline, float maxWidth, float size, float lineHeight, PdfColor color, PdfTextAlign align = PdfTextAlign.Left, PdfFontFace face = PdfFontFace.Text)
    {
        var y = firstBaseline;
        foreach (var line in document.Wrap(text, size, maxWidth, face))
        {
            Text(line, x, y, size, color, align, face);
            y += lineHeight;
        }

        return y;
    }

    public void Line(float x1, float y1, float x2, float y2, PdfStroke stroke)
    {
        ArgumentNullException.ThrowIfNull(stroke);
        _steps.Add((canvas, _) =>
        {
            using var paint = Stroke(stroke);
            canvas.DrawLine(x1, y1, x2, y2, paint.Paint);
        });
    }

    public void Rectangle(PdfRect rect, PdfColor? fill, PdfStroke? outline = null)
    {
        _steps.Add((canvas, _) =>
        {
            var r = SKRect.Create(rect.Left, rect.Top, rect.Width, rect.Height);
            if (fill is { } f)
            {
                using var paint = Fill(f);
                canvas.DrawRect(r, paint);
            }

            if (outline is not null)
            {
                using var paint = Stroke(outline);
                canvas.DrawRect(r, paint.Paint);
            }
        });
    }

    public void Circle(float centerX, float centerY, float radius, PdfColor? fill, PdfStroke? outline = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        _steps.Add((canvas, _) =>
        {
            if (fill is { } f)
            {
                using var paint = Fill(f);
                canvas.DrawCircle(centerX, centerY, radius, paint);
            }

            if (outline is not null)
            {
                using var paint = Stroke(outline);
                canvas.DrawCircle(centerX, centerY, radius, paint.Paint);
            }
        });
    }

    public void Hatch(PdfRect rect, PdfStroke stroke, float spacing = 4)
    {
        ArgumentNullException.ThrowIfNull(stroke);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spacing);

        _steps.Add((canvas, _) =>
        {
            var r = SKRect.Create(rect.Left, rect.Top, rect.Width, rect.Height);
            using var paint = Stroke(stroke);
            canvas.Save();
            canvas.ClipRect(r);
            for (var x = r.Left - r.Height - 1; x < r.Right; x += spacing)
            {
                canvas.DrawLine(x, r.Bottom, x + r.Height, r.Top, paint.Paint);
            }

            canvas.Restore();
        });
    }

    public float BarChart(PdfBarChart chart, float left, float top, float width)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var barSpace = width - chart.LabelWidth - chart.ValueWidth;
        var y = top;
        var solid = new PdfStroke(chart.BarColor);
        var dashed = new PdfStroke(chart.BarColor, 1, [3, 2]);
        foreach (var bar in chart.Bars)
        {
            var rowTop = y + 3;
            var wrapped = document.Wrap(bar.Label, chart.FontSize, chart.LabelWidth - 8);
            Text(wrapped.Count > 0 ? wrapped[0] : "", left + chart.LabelWidth - 8, rowTop + 10, chart.FontSize, chart.TextColor, PdfTextAlign.Right);
            var share = Math.Clamp(bar.Share, 0, 1);
            var w = Math.Max(share * barSpace, bar.Hidden ? 6 : (share > 0 ? 2 : 0));
            var rect = new PdfRect(left + chart.LabelWidth, rowTop, w, 11);
            if (bar.Hidden)
            {
                Hatch(rect, solid);
                Rectangle(rect, null, dashed);
            }
            else if (w > 0)
            {
                Rectangle(rect, chart.BarColor);
            }

            Text(bar.Value, rect.Right + 5, rowTop + 10, chart.FontSize, chart.TextColor);
            y += chart.RowHeight;
        }

        return y;
    }

    public float Table(PdfTable table, float left, float top)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rule = new PdfStroke(table.RuleColor, 0.75f);
        var totalWidth = table.ColumnWidths.Sum();
        var y = top;
        IEnumerable<(IReadOnlyList<string> Cells, bool Header)> rows =
            [(table.Header, true), .. table.Rows.Select(r => (r, false))];
        foreach (var (cells, header) in rows)
        {
            if (header && cells.Count == 0)
            {
                continue;
            }

            var wrapped = table.ColumnWidths.Select((w, i) =>
                document.Wrap(i < cells.Count ? cells[i] : "", table.FontSize, w - 2 * table.Padding)).ToList();
            var lines = Math.Max(1, wrapped.Max(w => w.Count));
            var x = left;
            for (var i = 0; i < wrapped.Count; i++)
            {
                var baseline = y + table.Padding + table.FontSize;
                foreach (var line in wrapped[i])
                {
                    Text(line, x + table.Padding, baseline, table.FontSize, table.TextColor);
                    baseline += table.LineHeight;
                }

                x += table.ColumnWidths[i];
            }

            y += lines * table.LineHeight + 2 * table.Padding;
            Line(left, y, left + totalWidth, y, header ? rule with { Width = 1.25f } : rule);
        }

        return y;
    }

    public void Image(byte[] encoded, PdfRect rect, bool sharp = false)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var copy = encoded.ToArray();
        _steps.Add((canvas, _) =>
        {
            using var image = SKImage.FromEncodedData(copy) ?? throw new InvalidOperationException("The image could not be decoded.");
            var sampling = sharp ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            canvas.DrawImage(image, SKRect.Create(rect.Left, rect.Top, rect.Width, rect.Height), sampling, null);
        });
    }

    public void QrCode(string payload, float left, float top, float size)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Image(QrPng(payload), new PdfRect(left, top, size, size), sharp: true);
    }

    /// <summary>The QR code as a PNG, 4 pixels per module, error correction M.</summary>
    internal static byte[] QrPng(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }

    internal void Replay(SKCanvas canvas, IReadOnlyDictionary<int, SKTypeface> typefaces)
    {
        foreach (var step in _steps)
        {
            step(canvas, typefaces);
        }
    }

    private static SKColor ToSkia(PdfColor c) => new(c.R, c.G, c.B);

    private static SKPaint Fill(PdfColor color) => new() { Color = ToSkia(color), IsAntialias = true };

    private static StrokePaint Stroke(PdfStroke stroke) => new(stroke);

    /// <summary>A stroking paint and its dash effect, disposed together (disposing a paint leaves its effect alive).</summary>
    private sealed class StrokePaint : IDisposable
    {
        private readonly SKPathEffect? _dash;

        public StrokePaint(PdfStroke stroke)
        {
            _dash = stroke.Dash is { Count: > 0 } dash ? SKPathEffect.CreateDash([.. dash], 0) : null;
            Paint = new SKPaint { Color = ToSkia(stroke.Color), Style = SKPaintStyle.Stroke, StrokeWidth = stroke.Width, IsAntialias = true, PathEffect = _dash };
        }

        public SKPaint Paint { get; }

        public void Dispose()
        {
            Paint.Dispose();
            _dash?.Dispose();
        }
    }
}
