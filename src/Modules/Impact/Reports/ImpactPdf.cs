using System.Globalization;
using System.Text;
using Portal.Globalization;
using Portal.Impact.Services;
using SkiaSharp;

namespace Portal.Impact.Reports;

/// <summary>The fixed wording of the report in both languages (from the module's strings).</summary>
public sealed record BilingualText(Func<string, (string Zh, string En)> Lookup)
{
    public (string Zh, string En) this[string key] => Lookup(key);
}

/// <summary>
/// The funder report as an A4 PDF drawn with SkiaSharp: every heading, label and note in Traditional Chinese with
/// the English beneath, targets against goals, each module's figures and a bar chart for each breakdown
/// (suppressed values hatched and labelled "&lt; 5"). The CJK font is embedded as a subset.
/// </summary>
public sealed class ImpactPdf(ImpactFonts fonts)
{
    private const float W = 595f;
    private const float H = 842f;
    private const float Margin = 48f;
    private static readonly SKColor Navy = new(0x1B, 0x3A, 0x5C);
    private static readonly SKColor Ink = new(0x1C, 0x24, 0x30);
    private static readonly SKColor Grey = new(0x4A, 0x55, 0x66);
    private static readonly SKColor Line = new(0xC9, 0xD2, 0xCC);

    public byte[] Render(ImpactReport zh, ImpactReport en, BilingualText text)
    {
        ArgumentNullException.ThrowIfNull(zh);
        ArgumentNullException.ThrowIfNull(en);
        ArgumentNullException.ThrowIfNull(text);
        var zhCulture = CultureInfo.GetCultureInfo(PortalCultures.Chinese);
        var enCulture = CultureInfo.GetCultureInfo(PortalCultures.English);
        var lines = Layout(zh, en, text, zhCulture, enCulture);
        var all = new StringBuilder("0123456789 .,:;%<>+-–()/·|abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ…▲▼●");
        foreach (var line in lines)
        {
            all.Append(line.Text);
            all.Append(line.Extra);
            if (line.Bars is not null)
            {
                foreach (var bar in line.Bars)
                {
                    all.Append(bar.Label).Append(bar.Value);
                }
            }
        }

        var typeface = fonts.SubsetFor(all.ToString());
        return Draw(lines, typeface, zh.GeneratedUtc, text);
    }

    private enum Kind { Title, Subtitle, Heading, SubHeading, Body, Muted, Metric, Chart, Rule, Gap }

    private sealed record Bar(string Label, string Value, float Share, bool Hidden);

    private sealed record PdfLine(Kind Kind, string Text, string? Extra = null, IReadOnlyList<Bar>? Bars = null);

    private static List<PdfLine> Layout(ImpactReport zh, ImpactReport en, BilingualText text, CultureInfo zhc, CultureInfo enc)
    {
        var lines = new List<PdfLine>();
        var title = text["Impact report"];
        lines.Add(new(Kind.Title, title.Zh));
        lines.Add(new(Kind.Subtitle, title.En));
        var period = text["Period"];
        lines.Add(new(Kind.Body, period.Zh + "：" + Dates(zh.Period, zhc) + "（" + text["previous period"].Zh + "：" + Dates(zh.PreviousPeriod, zhc) + "）"));
        lines.Add(new(Kind.Muted, period.En + ": " + Dates(en.Period, enc) + " (" + text["previous period"].En + ": " + Dates(en.PreviousPeriod, enc) + ")"));
        var note = text["Numbers from 1 to 4 are shown as \"< 5\" so that no one can be identified."];
        lines.Add(new(Kind.Body, note.Zh));
        lines.Add(new(Kind.Muted, note.En));
        lines.Add(new(Kind.Rule, ""));

        var targets = text["Targets"];
        lines.Add(new(Kind.Heading, targets.Zh + "  " + targets.En));
        if (zh.Targets.Count == 0)
        {
            var none = text["No targets are set."];
            lines.Add(new(Kind.Body, none.Zh + "  " + none.En));
        }

        var goal = text["Goal"];
        var actual = text["Actual"];
        foreach (var (tz, te) in zh.Targets.Zip(en.Targets))
        {
            var status = tz.Met switch
            {
                true => text["Met"],
                false => text["Not yet met"],
                null => text["No data yet"],
            };
            lines.Add(new(Kind.Metric, tz.Label, tz.ActualText(zhc) ?? "—"));
            lines.Add(new(Kind.Muted, te.Label));
            lines.Add(new(Kind.Muted, $"{goal.Zh} {goal.En}: {tz.GoalText(zhc)} · {actual.Zh} {actual.En}: {tz.ActualText(zhc) ?? "—"} · {status.Zh} {status.En} · {tz.Plan}"));
            lines.Add(new(Kind.Gap, ""));
        }

        var previousText = text["previous period"];
        foreach (var (sz, se) in zh.Sections.Zip(en.Sections))
        {
            lines.Add(new(Kind.Rule, ""));
            lines.Add(new(Kind.Heading, sz.Title == se.Title ? sz.Title : sz.Title + "  " + se.Title));
            if (sz.Failed)
            {
                var failed = text["These figures could not be read. Try again later."];
                lines.Add(new(Kind.Body, failed.Zh + " " + failed.En));
                continue;
            }

            foreach (var (mz, me) in sz.Metrics.Zip(se.Metrics))
            {
                lines.Add(new(Kind.Metric, mz.Label, mz.Display(zhc)));
                var prev = mz.PreviousDisplay(zhc);
                lines.Add(new(Kind.Muted, me.Label + (prev is null ? "" : $" · {previousText.Zh} {previousText.En}: {prev}")));
                foreach (var (bz, be) in mz.Breakdowns.Zip(me.Breakdowns))
                {
                    if (bz.Parts.All(p => p.Value == 0))
                    {
                        var none = text["none in this period."];
                        lines.Add(new(Kind.Muted, $"{bz.Label} {be.Label}: {none.Zh} {none.En}"));
                        continue;
                    }

                    lines.Add(new(Kind.SubHeading, bz.Label + " " + be.Label));
                    var max = bz.Parts.Where(p => !p.Hidden).Select(p => p.Value).DefaultIfEmpty(0).Max();
                    if (max <= 0)
                    {
                        max = Suppression.Threshold;
                    }

                    var bars = bz.Parts.Zip(be.Parts).Select(p => new Bar(
                        p.First.Label == p.Second.Label ? p.First.Label : p.First.Label + " " + p.Second.Label,
                        p.First.Display(mz.Unit, zhc),
                        p.First.Hidden ? (float)Math.Min(1m, Suppression.Threshold / max) : (float)(p.First.Value / max),
                        p.First.Hidden)).ToList();
                    for (var i = 0; i < bars.Count; i += 12)
                    {
                        lines.Add(new(Kind.Chart, "", null, bars.Skip(i).Take(12).ToList()));
                    }
                }

                lines.Add(new(Kind.Gap, ""));
            }
        }

        return lines;
    }

    private static string Dates(ReportPeriod period, CultureInfo culture)
    {
        var format = culture.Name.StartsWith("en", StringComparison.Ordinal) ? "d MMM yyyy" : "yyyy年M月d日";
        return period.From.ToString(format, culture) + " – " + period.To.ToString(format, culture);
    }

    private static byte[] Draw(List<PdfLine> lines, SKTypeface typeface, DateTimeOffset generated, BilingualText text)
    {
        using var stream = new MemoryStream(64 * 1024);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = text["Impact report"].Zh + " " + text["Impact report"].En,
            Creator = "Portal Impact",
            Producer = "Portal Impact (SkiaSharp)",
            Creation = generated.UtcDateTime,
            Modified = generated.UtcDateTime,
            RasterDpi = 72,
        };
        using var pdf = SKDocument.CreatePdf(stream, metadata);
        using var titleFont = NewFont(typeface, 22);
        using var subtitleFont = NewFont(typeface, 14);
        using var headingFont = NewFont(typeface, 15);
        using var subFont = NewFont(typeface, 10.5f);
        using var bodyFont = NewFont(typeface, 10.5f);
        using var metricFont = NewFont(typeface, 12);
        using var valueFont = NewFont(typeface, 14);
        using var smallFont = NewFont(typeface, 9);
        using var navy = new SKPaint { Color = Navy, IsAntialias = true };
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var grey = new SKPaint { Color = Grey, IsAntialias = true };
        using var rule = new SKPaint { Color = Line, StrokeWidth = 1 };
        using var barPaint = new SKPaint { Color = Navy, IsAntialias = true };
        using var hatchStroke = new SKPaint { Color = Navy, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([3, 2], 0) };
        using var hatchLine = new SKPaint { Color = Navy, StrokeWidth = 1, IsAntialias = true };

        var page = 0;
        SKCanvas? canvas = null;
        var y = 0f;
        var contentWidth = W - 2 * Margin;

        void NewPage()
        {
            if (canvas is not null)
            {
                pdf.EndPage();
            }

            page++;
            canvas = pdf.BeginPage(W, H);
            var footer = text["Page"];
            canvas.DrawText($"{footer.Zh} {footer.En} {page}", W - Margin, H - 24, SKTextAlign.Right, smallFont, grey);
            canvas.DrawText(text["Impact report"].Zh + " " + text["Impact report"].En, Margin, H - 24, SKTextAlign.Left, smallFont, grey);
            y = Margin;
        }

        void Need(float height)
        {
            if (canvas is null || y + height > H - Margin - 10)
            {
                NewPage();
            }
        }

        void Text(string s, SKFont font, SKPaint paint, float lineHeight, float indent = 0)
        {
            foreach (var l in Wrap(s, font, contentWidth - indent))
            {
                Need(lineHeight);
                y += lineHeight;
                canvas!.DrawText(l, Margin + indent, y - lineHeight * 0.25f, SKTextAlign.Left, font, paint);
            }
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case Kind.Title: Text(line.Text, titleFont, navy, 30); break;
                case Kind.Subtitle: Text(line.Text, subtitleFont, navy, 22); y += 6; break;
                case Kind.Heading: Need(60); y += 8; Text(line.Text, headingFont, navy, 22); break;
                case Kind.SubHeading: Need(40); y += 2; Text(line.Text, subFont, ink, 15); break;
                case Kind.Body: Text(line.Text, bodyFont, ink, 15); break;
                case Kind.Muted: Text(line.Text, bodyFont, grey, 15); break;
                case Kind.Gap: y += 6; break;
                case Kind.Rule:
                    Need(16);
                    y += 10;
                    canvas!.DrawLine(Margin, y, W - Margin, y, rule);
                    y += 4;
                    break;
                case Kind.Metric:
                    {
                        Need(40);
                        var valueWidth = valueFont.MeasureText(line.Extra ?? "");
                        var labelLines = Wrap(line.Text, metricFont, contentWidth - valueWidth - 16);
                        y += 18;
                        canvas!.DrawText(line.Extra ?? "", W - Margin, y - 3, SKTextAlign.Right, valueFont, navy);
                        foreach (var (l, i) in labelLines.Select((l, i) => (l, i)))
                        {
                            if (i > 0)
                            {
                                Need(16);
                                y += 16;
                            }

                            canvas!.DrawText(l, Margin, y - 3, SKTextAlign.Left, metricFont, ink);
                        }

                        break;
                    }

                case Kind.Chart:
                    {
                        const float row = 16f;
                        const float labelWidth = 150f;
                        var barSpace = contentWidth - labelWidth - 60;
                        foreach (var bar in line.Bars!)
                        {
                            Need(row);
                            var top = y + 3;
                            var wrapped = Wrap(bar.Label, smallFont, labelWidth - 8);
                            var label = wrapped.Count > 0 ? wrapped[0] : "";
                            canvas!.DrawText(label, Margin + labelWidth - 8, top + 10, SKTextAlign.Right, smallFont, ink);
                            var w = Math.Max(bar.Share * barSpace, bar.Hidden ? 6 : (bar.Share > 0 ? 2 : 0));
                            var rect = SKRect.Create(Margin + labelWidth, top, w, 11);
                            if (bar.Hidden)
                            {
                                canvas.Save();
                                canvas.ClipRect(rect);
                                for (var x = rect.Left - 12; x < rect.Right; x += 4)
                                {
                                    canvas.DrawLine(x, rect.Bottom, x + 11, rect.Top, hatchLine);
                                }

                                canvas.Restore();
                                canvas.DrawRect(rect, hatchStroke);
                            }
                            else if (w > 0)
                            {
                                canvas.DrawRect(rect, barPaint);
                            }

                            canvas.DrawText(bar.Value, rect.Right + 5, top + 10, SKTextAlign.Left, smallFont, ink);
                            y += row;
                        }

                        y += 4;
                        break;
                    }
            }
        }

        if (canvas is null)
        {
            NewPage();
        }

        pdf.EndPage();
        pdf.Close();
        return stream.ToArray();
    }

    private static SKFont NewFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
        Edging = SKFontEdging.Antialias,
    };

    /// <summary>Breaks text into lines that fit: between words in Latin scripts, between any two characters in Chinese.</summary>
    internal static IReadOnlyList<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var token in Tokens(text))
        {
            var candidate = current + token;
            if (current.Length > 0 && font.MeasureText(candidate) > maxWidth)
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

    private static List<string> Tokens(string text)
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
