using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Documents;
using Portal.Hosting.Documents;

namespace Portal.Host.Tests;

/// <summary>The host's one PDF writer (<see cref="IPdfDocumentFactory"/>) that Academy and Impact draw through.</summary>
public sealed class PdfDocumentTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly PdfColor Ink = PdfColor.FromHex("#1C2430");
    private readonly string _dir = Directory.CreateTempSubdirectory("host-pdf-").FullName;
    private readonly PdfFonts _fonts = new(Options.Create(new PdfOptions()));

    private SkiaPdfDocumentFactory Factory => new(_fonts);

    [Fact]
    public void The_host_registers_one_factory_with_the_font_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Pdf:Font"] = "/fonts/my.ttf",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddPortalDocuments(configuration).BuildServiceProvider();

        Assert.IsType<SkiaPdfDocumentFactory>(services.GetRequiredService<IPdfDocumentFactory>());
        Assert.Same(services.GetRequiredService<IPdfDocumentFactory>(), services.GetRequiredService<IPdfDocumentFactory>());
        Assert.Equal("/fonts/my.ttf", services.GetRequiredService<IOptions<PdfOptions>>().Value.Font);
    }

    [Fact]
    public void The_bundled_fonts_alone_draw_every_HKSCS_character_outside_the_BMP()
    {
        // As on a fresh machine: no installed font, only what ships inside the host.
        using var fonts = new PdfFonts(Options.Create(new PdfOptions { SystemFonts = false }));
        var list = Path.Combine(AppContext.BaseDirectory, "hkscs-supplementary.txt");
        var hkscs = File.ReadLines(list).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => int.Parse(l, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1693, hkscs.Count);
        var factory = new SkiaPdfDocumentFactory(fonts);
        Assert.Empty(factory.MissingCharacters(string.Concat(hkscs.Select(char.ConvertFromUtf32))));
        Assert.All(fonts.Sources, s => Assert.StartsWith("bundled:", s, StringComparison.Ordinal));

        using var pdf = factory.Create(new PdfDocumentInfo("HKSCS", Created) { Language = "zh-HK" });
        pdf.AddPage(595, 842).Text("梁𡃁仔 陳𨋢 Leung", 48, 80, 22, Ink);
        var file = Write(pdf.ToArray(), "hkscs.pdf");
        Assert.Contains("梁𡃁仔 陳𨋢 Leung", Run("pdftotext", "-enc", "UTF-8", file, "-"), StringComparison.Ordinal);
        var embedded = Run("pdffonts", file).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.True(embedded.Count >= 2, "the bundled CJK subset and the bundled HKSCS Extension B subsets");
        Assert.All(embedded, l => Assert.Matches(@"\s+yes\s+yes\s+yes\s+", l));
        Assert.Contains("/Lang (zh-HK)", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_and_English_text_is_embedded_as_one_subset_and_stays_extractable()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("測試 Test", Created) { Creator = "Tests" });
        var page = pdf.AddPage(595, 842);
        page.Text("自助組織平台", 48, 80, 22, Ink);
        page.Text("Self-help Organisations Portal", 547, 110, 14, Ink, PdfTextAlign.Right);
        var file = Write(pdf.ToArray(), "text.pdf");

        var fonts = Run("pdffonts", file).Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        var font = Assert.Single(fonts);
        Assert.Matches(@"\s+yes\s+yes\s+yes\s+", font); // embedded, subset, unicode map
        var text = Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Contains("自助組織平台", text, StringComparison.Ordinal);
        Assert.Contains("Self-help Organisations Portal", text, StringComparison.Ordinal);
        Assert.Contains("測試 Test", Run("pdfinfo", file), StringComparison.Ordinal);
        Assert.True(new FileInfo(file).Length < 60 * 1024, "the font should be a subset");
    }

    [Fact]
    public void Wrapping_breaks_english_between_words_and_chinese_between_characters_and_loses_nothing()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("wrap", Created));
        const string english = "Peer support groups help carers share practical knowledge and look after themselves";
        const string chinese = "自助組織的組員互相支持，分享照顧者的實用知識，並學習照顧自己的身心健康。";

        var en = pdf.Wrap(english, 12, 150);
        var zh = pdf.Wrap(chinese, 12, 150);

        Assert.True(en.Count > 1);
        Assert.All(en, l => Assert.True(pdf.MeasureText(l, 12) <= 150, l));
        Assert.All(en, l => Assert.DoesNotContain("  ", l, StringComparison.Ordinal));
        Assert.Equal(english, string.Join(' ', en));
        Assert.True(zh.Count > 1);
        Assert.All(zh, l => Assert.True(pdf.MeasureText(l, 12) <= 150, l));
        Assert.Equal(chinese, string.Concat(zh));
        Assert.Equal(["Supercalifragilisticexpialidocious"], pdf.Wrap("Supercalifragilisticexpialidocious", 12, 20));
        Assert.Empty(pdf.Wrap("   ", 12, 100));
    }

    [Fact]
    public void A_text_block_returns_where_the_next_line_goes()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("block", Created));
        var page = pdf.AddPage(300, 400);
        var lines = pdf.Wrap("一二三四五六七八九十一二三四五六七八九十", 10, 60).Count;

        var next = page.TextBlock("一二三四五六七八九十一二三四五六七八九十", 150, 50, 60, 10, 14, Ink, PdfTextAlign.Center);

        Assert.Equal(50 + lines * 14, next);
    }

    [Fact]
    public void Tables_and_bar_charts_are_drawn_as_text_and_vector_shapes()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("table", Created));
        var page = pdf.AddPage(595, 842);
        var below = page.Table(new PdfTable([150, 100], ["月份 Month", "會面 Meetings"],
            [["2026年1月 Jan 2026", "30"], ["2026年2月 Feb 2026", "< 5"]], Ink, PdfColor.FromHex("C9D2CC")), 48, 48);
        var afterChart = page.BarChart(new PdfBarChart(
            [new PdfBar("2026年1月", "30", 1f), new PdfBar("2026年2月", "< 5", 0.1f, Hidden: true)], PdfColor.FromHex("1B3A5C"), Ink), 48, below + 10, 499);
        var file = Write(pdf.ToArray(), "table.pdf");

        Assert.True(below > 48);
        Assert.Equal(below + 10 + 2 * 16, afterChart);
        var text = Run("pdftotext", "-layout", "-enc", "UTF-8", file, "-");
        Assert.Contains("會面 Meetings", text, StringComparison.Ordinal);
        Assert.Contains("2026年2月 Feb 2026", text, StringComparison.Ordinal);
        Assert.Matches(@"<\s?5", text);
        Assert.DoesNotContain(Run("pdfimages", "-list", file).Split('\n').Skip(2), l => l.Trim().Length > 0); // shapes, not pictures
    }

    [Fact]
    public void A_qr_code_is_a_lossless_image_that_scans()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("qr", Created));
        pdf.AddPage(300, 300).QrCode("HTTPS://PORTAL.EXAMPLE.HK/CERTIFICATES/VERIFY/0123456789ABCDEF", 50, 50, 200);
        var file = Write(pdf.ToArray(), "qr.pdf");

        Assert.DoesNotContain("jpeg", Run("pdfimages", "-list", file), StringComparison.OrdinalIgnoreCase);
        Run("pdftoppm", "-r", "150", "-png", "-singlefile", file, Path.Combine(_dir, "qr"));
        Assert.Equal("HTTPS://PORTAL.EXAMPLE.HK/CERTIFICATES/VERIFY/0123456789ABCDEF",
            Run("zbarimg", "-q", "--raw", Path.Combine(_dir, "qr.png")).Trim());
    }

    [Fact]
    public void Several_pages_and_an_empty_document_are_valid_files_and_a_written_document_is_closed()
    {
        using var pdf = Factory.Create(new PdfDocumentInfo("pages", Created));
        pdf.AddPage(595, 842).Text("第一頁 Page 1", 48, 60, 12, Ink);
        pdf.AddPage(842, 595).Text("第二頁 Page 2", 48, 60, 12, Ink);
        var file = Write(pdf.ToArray(), "pages.pdf");
        using var empty = Factory.Create(new PdfDocumentInfo("empty", Created));
        var emptyFile = Write(empty.ToArray(), "empty.pdf");

        Assert.Matches(@"Pages:\s+2\n", Run("pdfinfo", file));
        Assert.Matches(@"Pages:\s+1\n", Run("pdfinfo", emptyFile));
        Assert.Throws<ObjectDisposedException>(() => pdf.AddPage(100, 100));
        Assert.Throws<ObjectDisposedException>(() => pdf.ToArray());
    }

    [Fact]
    public void The_same_drawing_gives_the_same_bytes()
    {
        byte[] Draw()
        {
            using var pdf = Factory.Create(new PdfDocumentInfo("same", Created));
            pdf.AddPage(300, 300).TextBlock("同一份文件 The same document", 20, 40, 200, 12, 16, Ink);
            return pdf.ToArray();
        }

        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void The_bundled_font_is_tried_first_and_a_missing_configured_font_says_what_to_install()
    {
        Assert.StartsWith("bundled:", Factory.FontSources[0], StringComparison.Ordinal);
        Assert.Contains("fonts-wqy-microhei", PdfFonts.InstallHint, StringComparison.Ordinal);

        using var fonts = new PdfFonts(Options.Create(new PdfOptions { Font = "/nonexistent/font.ttf" }));
        using var pdf = new SkiaPdfDocumentFactory(fonts).Create(new PdfDocumentInfo("x", Created));
        var ex = Assert.Throws<PdfFontMissingException>(() => pdf.MeasureText("陳", 12));
        Assert.Contains("apt-get install fonts-wqy-microhei", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Colours_are_read_from_hex()
    {
        Assert.Equal(new PdfColor(0x1B, 0x3A, 0x5C), PdfColor.FromHex("#1B3A5C"));
        Assert.Throws<FormatException>(() => PdfColor.FromHex("navy"));
    }

    private string Write(byte[] bytes, string name)
    {
        var file = Path.Combine(_dir, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    private static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {tool}: install poppler-utils and zbar-tools.");
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    public void Dispose()
    {
        _fonts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
