using System.Globalization;
using Portal.Documents;
using Portal.Globalization;
using Portal.Impact.Services;

namespace Portal.Impact.Reports;

/// <summary>The fixed wording of the report in both languages (from the module's strings).</summary>
public sealed record BilingualText(Func<string, (string Zh, string En)> Lookup)
{
    public (string Zh, string En) this[string key] => Lookup(key);
}

/// <summary>
/// The funder report as an A4 PDF drawn with SkiaSharp: every heading, label and note in Traditional Chinese with
/// the English beneath, targets against goals, each module's figures and a bar chart for each breakdown
/// (suppressed values hatched and labelled "&lt; 5"). Written through the host's <see cref="IPdfDocumentFactory"/>,
/// which embeds the CJK font as a subset.
/// </summary>
public sealed class ImpactPdf(IPdfDocumentFactory documents)
{
    private const float W = 595f;
    private const float H = 842f;
    private const float Margin = 48f;
    private static readonly PdfColor Navy = new(0x1B, 0x3A, 0x5C);
    private static readonly PdfColor Ink = new(0x1C, 0x24, 0x30);
    private static readonly PdfColor Grey = new(0x4A, 0x55, 0x66);
    private static readonly PdfColor Line = new(0xC9, 0xD2, 0xCC);

    public byte[] Render(ImpactReport zh, ImpactReport en, BilingualText text)
    {
        ArgumentNullException.ThrowIfNull(zh);
        ArgumentNullException.ThrowIfNull(en);
        ArgumentNullException.ThrowIfNull(text);
        var zhCulture = CultureInfo.GetCultureInfo(PortalCultures.Chinese);
        var enCulture = CultureInfo.GetCultureInfo(PortalCultures.English);
        var lines = Layout(zh, en, text, zhCulture, enCulture);
        return Draw(lines, zh.GeneratedUtc, text);
    }

    private enum Kind { Title, Subtitle, Heading, SubHeading, Body, Muted, Metric, Chart, Rule, Gap }

        private sealed record PdfLine(Kind Kind, string Text, string? Extra = null, IReadOnlyList<PdfBar>? Bars = null);

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

                    var bars = bz.Parts.Zip(be.Parts).Select(p => new PdfBar(
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

    private byte[] Draw(List<PdfLine> lines, DateTimeOffset generated, BilingualText text)
    {
        using var pdf = documents.Create(new PdfDocumentInfo(text["Impact report"].Zh + " " + text["Impact report"].En, generated)
        {
            Creator = "Portal Impact",
        });
        const float titleSize = 22, subtitleSize = 14, headingSize = 15, subSize = 10.5f, bodySize = 10.5f, metricSize = 12, valueSize = 14, smallSize = 9;
        var rule = new PdfStroke(Line);

        var pageNumber = 0;
        IPdfPage? page = null;
        var y = 0f;
        const float contentWidth = W - 2 * Margin;

        void NewPage()
        {
            pageNumber++;
            page = pdf.AddPage(W, H);
            var footer = text["Page"];
            page.Text($"{footer.Zh} {footer.En} {pageNumber}", W - Margin, H - 24, smallSize, Grey, PdfTextAlign.Right);
            page.Text(text["Impact report"].Zh + " " + text["Impact report"].En, Margin, H - 24, smallSize, Grey);
            y = Margin;
        }

        void Need(float height)
        {
            if (page is null || y + height > H - Margin - 10)
            {
                NewPage();
            }
        }

        void Text(string s, float size, PdfColor color, float lineHeight, float indent = 0)
        {
            foreach (var l in pdf.Wrap(s, size, contentWidth - indent))
            {
                Need(lineHeight);
                y += lineHeight;
                page!.Text(l, Margin + indent, y - lineHeight * 0.25f, size, color);
            }
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case Kind.Title: Text(line.Text, titleSize, Navy, 30); break;
                case Kind.Subtitle: Text(line.Text, subtitleSize, Navy, 22); y += 6; break;
                case Kind.Heading: Need(60); y += 8; Text(line.Text, headingSize, Navy, 22); break;
                case Kind.SubHeading: Need(40); y += 2; Text(line.Text, subSize, Ink, 15); break;
                case Kind.Body: Text(line.Text, bodySize, Ink, 15); break;
                case Kind.Muted: Text(line.Text, bodySize, Grey, 15); break;
                case Kind.Gap: y += 6; break;
                case Kind.Rule:
                    Need(16);
                    y += 10;
                    page!.Line(Margin, y, W - Margin, y, rule);
                    y += 4;
                    break;
                case Kind.Metric:
                    {
                        Need(40);
                        var valueWidth = pdf.MeasureText(line.Extra ?? "", valueSize);
                        var labelLines = pdf.Wrap(line.Text, metricSize, contentWidth - valueWidth - 16);
                        y += 18;
                        page!.Text(line.Extra ?? "", W - Margin, y - 3, valueSize, Navy, PdfTextAlign.Right);
                        foreach (var (l, i) in labelLines.Select((l, i) => (l, i)))
                        {
                            if (i > 0)
                            {
                                Need(16);
                                y += 16;
                            }

                            page!.Text(l, Margin, y - 3, metricSize, Ink);
                        }

                        break;
                    }

                case Kind.Chart:
                    {
                        // One bar at a time, so a long chart breaks across pages between bars.
                        foreach (var bar in line.Bars!)
                        {
                            var chart = new PdfBarChart([bar], Navy, Ink) { FontSize = smallSize };
                            Need(chart.RowHeight);
                            y = page!.BarChart(chart, Margin, y, contentWidth);
                        }

                        y += 4;
                        break;
                    }
            }
        }

        if (page is null)
        {
            NewPage();
        }

        return pdf.ToArray();
    }
}
