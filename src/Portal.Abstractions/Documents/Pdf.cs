using System.Globalization;

namespace Portal.Documents;

/// <summary>An sRGB colour for PDF drawing.</summary>
public readonly record struct PdfColor(byte R, byte G, byte B)
{
    public static PdfColor Black { get; } = new(0, 0, 0);

    /// <summary>From <c>#RRGGBB</c> or <c>RRGGBB</c>.</summary>
    public static PdfColor FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.TrimStart('#');
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            throw new FormatException("A colour is #RRGGBB: " + hex);
        }

        return new PdfColor((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }
}

/// <summary>A rectangle in points (1/72 inch) from the page's top-left corner, y downwards.</summary>
public readonly record struct PdfRect(float Left, float Top, float Width, float Height)
{
    public float Right => Left + Width;

    public float Bottom => Top + Height;
}

/// <summary>Which face sets a piece of text. Every face falls back, character by character, to the text fonts.</summary>
public enum PdfFontFace
{
    /// <summary>The running text face (a sans-serif CJK font with Latin letters).</summary>
    Text,

    /// <summary>A serif display face for names and titles (e.g. Noto Serif CJK when installed).</summary>
    Display,
}

public enum PdfTextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>How a line or outline is drawn.</summary>
/// <param name="Color">Line colour.</param>
/// <param name="Width">Line width in points.</param>
/// <param name="Dash">Dash pattern (on, off, … in points); null for a solid line.</param>
public sealed record PdfStroke(PdfColor Color, float Width = 1, IReadOnlyList<float>? Dash = null);

/// <summary>The document's metadata (PDF Info dictionary).</summary>
/// <param name="Title">The title (shown by PDF readers and screen readers).</param>
/// <param name="Created">Creation and modification time; a fixed value keeps the output reproducible.</param>
public sealed record PdfDocumentInfo(string Title, DateTimeOffset Created)
{
    public string? Author { get; init; }

    /// <summary>The application that made it, e.g. "Portal Academy".</summary>
    public string? Creator { get; init; }

    /// <summary>The document's main language as a BCP 47 tag (e.g. "zh-HK"), written as the catalogue's /Lang.</summary>
    public string? Language { get; init; }

    /// <summary>What the document is about (PDF Subject).</summary>
    public string? Subject { get; init; }

    /// <summary>Keeps raster images lossless (PNG, no JPEG), for QR codes and line art. On by default.</summary>
    public bool LosslessImages { get; init; } = true;
}

/// <summary>
/// Makes PDF documents for modules (certificates, reports). Implemented once by the host: a font with Traditional
/// Chinese and Latin letters is found for the text (the host's bundled subset of WenQuanYi Micro Hei, a configured
/// font, or a system font) and embedded as a subset of just the characters used, so text stays extractable and
/// files stay small. Modules never see the drawing library.
/// </summary>
public interface IPdfDocumentFactory
{
    /// <summary>A new, empty document. Dispose it after <see cref="IPdfDocument.ToArray"/>.</summary>
    IPdfDocument Create(PdfDocumentInfo info);

    /// <summary>The fonts found, in the order they are tried (for diagnostics and health checks).</summary>
    IReadOnlyList<string> FontSources { get; }

    /// <summary>
    /// The characters (Unicode code points) of <paramref name="text"/> that no font in the chain can draw, in order of
    /// first appearance. Each character is set in the first font that has it (configured fonts, the bundled font,
    /// installed CJK fonts, then whatever font the system offers for it, if its licence allows embedding); empty when
    /// every character will be drawn. Callers refuse to issue a document whose text has missing characters.
    /// </summary>
    IReadOnlyList<int> MissingCharacters(string text);
}

/// <summary>
/// One PDF being written. Pages are recorded as they are drawn and the file is produced by <see cref="ToArray"/>,
/// when every character is known (the font subset is cut then). Measuring uses the same font that will be embedded.
/// </summary>
public interface IPdfDocument : IDisposable
{
    /// <summary>A new page, <paramref name="width"/> × <paramref name="height"/> points (A4 portrait: 595 × 842).</summary>
    IPdfPage AddPage(float width, float height);

    /// <summary>Width in points of <paramref name="text"/> at <paramref name="size"/> points.</summary>
    float MeasureText(string text, float size, PdfFontFace face = PdfFontFace.Text);

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="maxWidth"/>: between words in Latin scripts, between any
    /// two characters in Chinese (zh-HK and en mixed in one string are fine). Never loses a character; a single word
    /// longer than the width gets a line of its own.
    /// </summary>
    IReadOnlyList<string> Wrap(string text, float size, float maxWidth, PdfFontFace face = PdfFontFace.Text);

    /// <summary>The finished PDF file. The document cannot be drawn on afterwards.</summary>
    byte[] ToArray();

    /// <summary>
    /// A picture of page <paramref name="pageIndex"/> as PNG, <paramref name="scale"/> pixels per point, drawn with the
    /// same fonts (for previews on screen). Call it before <see cref="ToArray"/>, or instead of it.
    /// </summary>
    byte[] ToPng(int pageIndex, float scale);
}

/// <summary>Drawing on one page. Coordinates in points from the top-left corner, y downwards.</summary>
public interface IPdfPage
{
    float Width { get; }

    float Height { get; }

    /// <summary>One line of text; <paramref name="baseline"/> is the y of the text's baseline.</summary>
    void Text(string text, float x, float baseline, float size, PdfColor color, PdfTextAlign align = PdfTextAlign.Left, PdfFontFace face = PdfFontFace.Text);

    /// <summary>
    /// Wrapped text (see <see cref="IPdfDocument.Wrap"/>): the first baseline is at <paramref name="firstBaseline"/>,
    /// then every <paramref name="lineHeight"/>. For centred or right-aligned text <paramref name="x"/> is the centre
    /// or the right edge. Returns the y of the baseline after the last line (where the next line would go).
    /// </summary>
    float TextBlock(string text, float x, float firstBaseline, float maxWidth, float size, float lineHeight, PdfColor color, PdfTextAlign align = PdfTextAlign.Left, PdfFontFace face = PdfFontFace.Text);

    void Line(float x1, float y1, float x2, float y2, PdfStroke stroke);

    /// <summary>A rectangle, filled and/or outlined (either may be null).</summary>
    void Rectangle(PdfRect rect, PdfColor? fill, PdfStroke? outline = null);

    /// <summary>A circle (centre and radius in points), filled and/or outlined (either may be null).</summary>
    void Circle(float centerX, float centerY, float radius, PdfColor? fill, PdfStroke? outline = null);

    /// <summary>Diagonal hatching inside a rectangle (e.g. a chart bar whose value is withheld), lines every <paramref name="spacing"/> points.</summary>
    void Hatch(PdfRect rect, PdfStroke stroke, float spacing = 4);

    /// <summary>A horizontal bar chart as vector shapes: one row per bar, label on the left, value after the bar.</summary>
    /// <returns>The y below the chart.</returns>
    float BarChart(PdfBarChart chart, float left, float top, float width);

    /// <summary>A table as text and rules: a header row, then the rows; cells wrap inside their column.</summary>
    /// <returns>The y below the table.</returns>
    float Table(PdfTable table, float left, float top);

    /// <summary>An encoded raster image (PNG, JPEG) scaled into <paramref name="rect"/>; <paramref name="sharp"/> keeps pixels square (no smoothing).</summary>
    void Image(byte[] encoded, PdfRect rect, bool sharp = false);

    /// <summary>A QR code (error correction M) of <paramref name="payload"/>, drawn losslessly into a square at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    void QrCode(string payload, float left, float top, float size);
}

/// <summary>One bar of a <see cref="PdfBarChart"/>.</summary>
/// <param name="Label">Text on the left (one line; cut to fit).</param>
/// <param name="Value">Text after the bar, e.g. "12" or "&lt; 5".</param>
/// <param name="Share">Bar length as a share of the widest bar, 0–1.</param>
/// <param name="Hidden">A withheld value: drawn hatched with a dashed outline instead of filled.</param>
public sealed record PdfBar(string Label, string Value, float Share, bool Hidden = false);

/// <summary>A horizontal bar chart.</summary>
public sealed record PdfBarChart(IReadOnlyList<PdfBar> Bars, PdfColor BarColor, PdfColor TextColor)
{
    public float LabelWidth { get; init; } = 150;

    public float RowHeight { get; init; } = 16;

    public float FontSize { get; init; } = 9;

    /// <summary>Room kept right of the longest bar for its value.</summary>
    public float ValueWidth { get; init; } = 60;
}

/// <summary>A simple table: column widths in points, a header and rows of cell texts.</summary>
public sealed record PdfTable(IReadOnlyList<float> ColumnWidths, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, PdfColor TextColor, PdfColor RuleColor)
{
    public float FontSize { get; init; } = 9;

    public float LineHeight { get; init; } = 12;

    public float Padding { get; init; } = 4;
}
