using System.IO.Compression;
using System.Text;
using Portal.Knowledge.Services;

namespace Portal.Knowledge.Tests;

public sealed class UploadValidatorTests
{
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF");
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] JpegBytes = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];

    private static UploadValidator Validator(long max = 1024 * 1024) =>
        new(Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions { MaxUploadBytes = max }));

    private static Models.UploadCheck Check(string name, byte[] bytes, long max = 1024 * 1024)
    {
        using var stream = new MemoryStream(bytes);
        return Validator(max).Check(name, bytes.Length, stream);
    }

    internal static byte[] OfficePackage(string folder)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write("<Types/>");
            }

            using (var writer = new StreamWriter(zip.CreateEntry(folder + "document.xml").Open()))
            {
                writer.Write("<document/>");
            }
        }

        return memory.ToArray();
    }

    [Theory]
    [InlineData("toolkit.pdf", "application/pdf", false)]
    [InlineData("photo.PNG", "image/png", true)]
    [InlineData("photo.jpeg", "image/jpeg", true)]
    public void Files_whose_content_matches_their_extension_are_accepted(string name, string contentType, bool image)
    {
        var bytes = name.EndsWith(".pdf", StringComparison.Ordinal) ? PdfBytes : name.EndsWith(".PNG", StringComparison.Ordinal) ? PngBytes : JpegBytes;

        var check = Check(name, bytes);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(contentType, check.ContentType);
        Assert.Equal(image, check.IsImage);
    }

    [Theory]
    [InlineData("word/", "minutes.docx")]
    [InlineData("xl/", "budget.xlsx")]
    [InlineData("ppt/", "talk.pptx")]
    public void Office_packages_of_the_right_program_are_accepted(string folder, string name)
    {
        var check = Check(name, OfficePackage(folder));

        Assert.True(check.IsValid, check.Error);
    }

    [Fact]
    public void An_excel_file_renamed_to_docx_is_refused()
    {
        var check = Check("minutes.docx", OfficePackage("xl/"));

        Assert.False(check.IsValid);
        Assert.Equal("The file's content does not match its type. Save it again in the right format and retry.", check.Error);
    }

    [Theory]
    [InlineData("image.pdf")]
    [InlineData("report.docx")]
    [InlineData("photo.jpg")]
    public void A_signature_that_does_not_match_the_extension_is_refused(string name)
    {
        var bytes = name.EndsWith(".jpg", StringComparison.Ordinal) ? PngBytes : name.EndsWith(".pdf", StringComparison.Ordinal) ? PngBytes : PdfBytes;

        var check = Check(name, bytes);

        Assert.False(check.IsValid);
        Assert.Contains("does not match", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_disguised_as_pdf_is_refused()
    {
        var check = Check("notes.pdf", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"));

        Assert.False(check.IsValid);
    }

    [Theory]
    [InlineData("logo.svg")]
    [InlineData("page.html")]
    [InlineData("run.exe")]
    [InlineData("noextension")]
    public void Other_kinds_of_file_are_refused(string name)
    {
        var check = Check(name, PngBytes);

        Assert.False(check.IsValid);
        Assert.StartsWith("This kind of file is not accepted.", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused()
    {
        var bytes = new byte[2048];
        PdfBytes.CopyTo(bytes, 0);

        var check = Check("big.pdf", bytes, max: 2047);

        Assert.False(check.IsValid);
        Assert.Equal("The file is too large.", check.Error);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal("The file is empty.", Check("empty.pdf", []).Error);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\a\\會議 記錄\".pdf", "會議-記錄.pdf")]
    [InlineData("<script>.pdf", "script.pdf")]
    [InlineData("....pdf", "file.pdf")]
    public void File_names_are_made_safe(string name, string expected)
    {
        Assert.Equal(expected, UploadValidator.SafeFileName(name, ".pdf"));
    }
}
