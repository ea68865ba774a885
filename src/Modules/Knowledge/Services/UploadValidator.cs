using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Knowledge.Models;

namespace Portal.Knowledge.Services;

public sealed class KnowledgeOptions
{
    /// <summary>Largest upload accepted, in bytes (default 10 MB).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest image accepted, in pixels as its header declares them (default 50 megapixels, a 50 MP
    /// phone photo). Checked before anything is decoded: a larger image is refused, never decoded.</summary>
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Stored images are scaled down so that their longer side is at most this many pixels (default 2560).</summary>
    public int MaxImageSide { get; set; } = 2560;
}

/// <summary>
/// Checks an upload by its extension <em>and</em> its content: the first bytes must be the signature of the type
/// the extension claims (and an Office file must be a ZIP package with that program's part folder). SVG, HTML and
/// everything else are refused, so nothing a browser could run is ever stored.
/// </summary>
public sealed class UploadValidator(IOptions<KnowledgeOptions> options)
{
    private sealed record FileType(string ContentType, bool IsImage, Func<byte[], int, bool> HeaderMatches, string? OfficeFolder = null);

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Gif87 = "GIF87a"u8.ToArray();
    private static readonly byte[] Gif89 = "GIF89a"u8.ToArray();

    private static readonly Dictionary<string, FileType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = new("application/pdf", false, (h, n) => StartsWith(h, n, Pdf)),
        [".png"] = new("image/png", true, (h, n) => StartsWith(h, n, Png)),
        [".jpg"] = new("image/jpeg", true, (h, n) => StartsWith(h, n, Jpeg)),
        [".jpeg"] = new("image/jpeg", true, (h, n) => StartsWith(h, n, Jpeg)),
        [".webp"] = new("image/webp", true, IsWebp),
        [".gif"] = new("image/gif", true, (h, n) => StartsWith(h, n, Gif87) || StartsWith(h, n, Gif89)),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, (h, n) => StartsWith(h, n, Zip), "word/"),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, (h, n) => StartsWith(h, n, Zip), "xl/"),
        [".pptx"] = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", false, (h, n) => StartsWith(h, n, Zip), "ppt/"),
    };

    public static IReadOnlyCollection<string> AllowedExtensions { get; } = [".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg", ".webp", ".gif"];

    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>Checks the upload. The stream must be seekable; it is left at position 0.</summary>
    public UploadCheck Check(string? fileName, long length, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length <= 0)
        {
            return UploadCheck.Fail("The file is empty.");
        }

        if (length > MaxBytes)
        {
            return UploadCheck.Fail("The file is too large.");
        }

        var extension = Path.GetExtension(StripPath(fileName ?? string.Empty)).ToLowerInvariant();
        if (!Types.TryGetValue(extension, out var type))
        {
            return UploadCheck.Fail("This kind of file is not accepted. Allowed: PDF, Word, Excel, PowerPoint, JPEG, PNG, WebP and GIF.");
        }

        var header = new byte[16];
        content.Position = 0;
        var read = content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        content.Position = 0;
        if (!type.HeaderMatches(header, read) || (type.OfficeFolder is not null && !IsOfficePackage(content, type.OfficeFolder)))
        {
            return UploadCheck.Fail("The file's content does not match its type. Save it again in the right format and retry.");
        }

        content.Position = 0;
        if (extension == ".jpeg")
        {
            extension = ".jpg";
        }

        return new UploadCheck
        {
            Extension = extension,
            ContentType = type.ContentType,
            IsImage = type.IsImage,
            Length = length,
            SafeFileName = SafeFileName(fileName ?? string.Empty, extension),
        };
    }

    /// <summary>Keeps letters (any script), digits, spaces, hyphens, underscores and dots; drops any path.</summary>
    public static string SafeFileName(string fileName, string extension)
    {
        var name = Path.GetFileNameWithoutExtension(StripPath(fileName));
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else if (char.IsWhiteSpace(c) && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var safe = builder.ToString().Trim('.', '-', '_');
        if (safe.Length > 80)
        {
            safe = safe[..80];
        }

        return (safe.Length == 0 ? "file" : safe) + extension;
    }

    private static string StripPath(string fileName)
    {
        var index = fileName.LastIndexOfAny(['/', '\\']);
        return index >= 0 ? fileName[(index + 1)..] : fileName;
    }

    private static bool StartsWith(byte[] header, int read, byte[] signature) =>
        read >= signature.Length && header.AsSpan(0, signature.Length).SequenceEqual(signature);

    /// <summary>RIFF container whose form type is WEBP: bytes 0–3 "RIFF", 8–11 "WEBP".</summary>
    private static bool IsWebp(byte[] header, int read) =>
        read >= 12 && header.AsSpan(0, 4).SequenceEqual("RIFF"u8) && header.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    private static bool IsOfficePackage(Stream content, string folder)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var hasTypes = false;
            var hasFolder = false;
            foreach (var entry in zip.Entries)
            {
                hasTypes |= entry.FullName == "[Content_Types].xml";
                hasFolder |= entry.FullName.StartsWith(folder, StringComparison.Ordinal);
            }

            return hasTypes && hasFolder;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
