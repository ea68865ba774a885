using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portal.Impact.Models;
using Portal.Impact.Reports;
using Portal.Impact.Services;

namespace Portal.Impact.Tests;

public sealed class OutputTests
{
    private static readonly ReportPeriod Year = new(new(2026, 1, 1), new(2026, 11, 20));

    private static async Task<(ImpactSite Site, IReadOnlyDictionary<string, ImpactReport> Reports)> ReportsAsync()
    {
        var site = new ImpactSite(ReportBuilderTests.Academy(), ReportBuilderTests.Mentoring());
        await using var scope = site.Scope();
        await scope.ServiceProvider.GetRequiredService<ImpactTargetsService>().SetTargetAsync("partners.companies", 13, TargetUnits.Count, "2025–2030 五年計劃", "u");
        return (site, await scope.ServiceProvider.GetRequiredService<ImpactReportBuilder>().BuildBilingualAsync(Year));
    }

    [Fact]
    public void The_chart_is_an_accessible_svg_with_the_numbers_and_no_inline_style_or_script()
    {
        ReportPart[] parts = [new("2026-01", "2026年1月", 30, false), new("2026-02", "2026年2月", 3, true), new("2026-03", "<b>", 15, true)];
        var culture = CultureInfo.GetCultureInfo("zh-HK");
        var svg = SvgBarChart.Render("c1", "課程報名 · 按月", SvgBarChart.Describe("課程報名", parts, "count", culture), parts, "count", culture);
        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("c1-title c1-desc", (string?)root.Attribute("aria-labelledby"));
        Assert.Equal("課程報名 · 按月", root.Element(ns + "title")!.Value);
        Assert.Contains("2026年2月 < 5", root.Element(ns + "desc")!.Value, StringComparison.Ordinal);
        Assert.Equal(["30", "< 5", "< 5"], root.Elements(ns + "text").Where(t => (string?)t.Attribute("class") == "impact-svg-value").Select(t => t.Value));
        Assert.Equal(2, root.Elements(ns + "rect").Count(r => (string?)r.Attribute("class") == "impact-svg-suppressed"));
        Assert.DoesNotContain("style", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        Assert.All(root.Elements(ns + "rect").Where(r => (string?)r.Attribute("class") == "impact-svg-bar"), r => Assert.Equal("currentColor", (string?)r.Attribute("fill")));
    }

    [Fact]
    public async Task The_csv_has_every_figure_with_small_numbers_suppressed_and_a_bom()
    {
        var (site, reports) = await ReportsAsync();
        await using var _ = site;
        var bytes = ImpactCsv.Write(reports["en"]);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Concat([]).ToList();
        if (lines.Count == 1)
        {
            lines = [.. lines[0].Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }

        Assert.Equal(string.Join(',', ImpactCsv.Header), lines[0]);
        Assert.Contains("2026-01-01,2026-11-20,Academy,academy.enrolments,Course enrolments,count,,,,48,40,,", lines);
        Assert.Contains("2026-01-01,2026-11-20,Academy,academy.enrolments,Course enrolments,count,month,2026-02,Feb 2026,< 5,,,", lines);
        Assert.Contains("2026-01-01,2026-11-20,Academy,academy.enrolments,Course enrolments,count,month,2026-03,Mar 2026,< 5,,,", lines);
        Assert.Contains("2026-01-01,2026-11-20,Mentoring,mentoring.hours,Mentoring hours,hours,,,,< 5,< 5,,", lines);
        Assert.Contains(lines, l => l.Contains("partners.companies,Partner companies in the network,count,,,,,,13,2025–2030 五年計劃", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",3,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pdf_embeds_its_fonts_and_has_both_languages_and_suppressed_numbers()
    {
        var (site, reports) = await ReportsAsync();
        await using var _ = site;
        var pdf = site.Services.GetRequiredService<ImpactPdf>();
        var bytes = pdf.Render(reports["zh-HK"], reports["en"], new BilingualText(key => (key + "（中）", key)));
        var dir = Directory.CreateTempSubdirectory("impact-pdf-");
        try
        {
            await CheckPdfAsync(bytes, dir);
        }
        finally
        {
            dir.Delete(recursive: true); // nothing left in /tmp after the run
        }
    }

    private static async Task CheckPdfAsync(byte[] bytes, DirectoryInfo dir)
    {
        var file = Path.Combine(dir.FullName, "report.pdf");
        await File.WriteAllBytesAsync(file, bytes);

        var fonts = Run("pdffonts", file);
        var fontLines = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fontLines);
        Assert.All(fontLines, l => Assert.Contains(" yes ", l, StringComparison.Ordinal)); // emb column

        var text = Run("pdftotext", "-layout", file, "-");
        Assert.Contains("課程報名", text, StringComparison.Ordinal);
        Assert.Contains("Course enrolments", text, StringComparison.Ordinal);
        Assert.Contains("Mentoring hours", text, StringComparison.Ordinal);
        Assert.Contains("< 5", text, StringComparison.Ordinal);
        Assert.Contains("2026年1月1日", text, StringComparison.Ordinal);
        Assert.Contains("1 Jan 2026", text, StringComparison.Ordinal);

        Run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", file, Path.Combine(dir.FullName, "page"));
        Assert.NotEmpty(Directory.GetFiles(dir.FullName, "page*.png"));
        Assert.True(bytes.Length < 1_500_000, $"The PDF is {bytes.Length} bytes: the font should be a subset.");
    }

    internal static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {tool}: install poppler-utils.");
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
