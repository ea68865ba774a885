using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Knowledge.Models;
using Portal.Knowledge.Services;
using SkiaSharp;

namespace Portal.Knowledge.Tests;

public sealed class ImageReencoderTests
{
    private static readonly KnowledgeOptions Defaults = new();

    private static ReencodedImage Reencode(string name, byte[] bytes, KnowledgeOptions? settings = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(settings ?? new KnowledgeOptions());
        using var stream = new MemoryStream(bytes);
        var check = new UploadValidator(options).Check(name, bytes.Length, stream);
        Assert.True(check.IsValid, check.Error);
        Assert.True(check.IsImage);
        return new ImageReencoder(options).Reencode(bytes, check);
    }

    [Fact]
    public void A_phone_photo_loses_its_exif_and_gps_and_is_turned_upright()
    {
        // Stored 40 × 20, red on the left; EXIF orientation 6 says "turn 90° clockwise to show", so red belongs on top.
        var photo = TestImages.WithExif(TestImages.Encode(40, 20, SKEncodedImageFormat.Jpeg), orientation: 6);
        using (var codec = SKCodec.Create(new MemoryStream(photo)))
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin); // the test photo really carries the orientation
        }

        Assert.Contains((byte)0xE1, TestImages.JpegMarkers(photo));

        var result = Reencode("IMG_0001.JPG", photo);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("image/jpeg", result.Check!.ContentType);
        Assert.Equal("IMG_0001.jpg", result.Check.SafeFileName);
        Assert.Equal(result.Bytes.Length, result.Check.Length);
        var markers = TestImages.JpegMarkers(result.Bytes);
        Assert.DoesNotContain(markers, m => m is >= 0xE1 and <= 0xEF); // no APP1 (EXIF/XMP), APP2 (ICC) … APP15
        Assert.DoesNotContain((byte)0xFE, markers); // no comment
        Assert.Equal(-1, result.Bytes.AsSpan().IndexOf("Exif"u8));
        using var codecAfter = SKCodec.Create(new MemoryStream(result.Bytes));
        Assert.Equal(SKEncodedOrigin.TopLeft, codecAfter.EncodedOrigin);
        using var upright = TestImages.Decode(result.Bytes);
        Assert.Equal((20, 40), (upright.Width, upright.Height));
        Assert.True(TestImages.IsRed(upright.GetPixel(10, 5)), upright.GetPixel(10, 5).ToString());
        Assert.True(TestImages.IsBlue(upright.GetPixel(10, 35)), upright.GetPixel(10, 35).ToString());
    }

    [Theory]
    [InlineData(3, 40, 20, "blue-left")] // 180°
    [InlineData(8, 20, 40, "blue-top")] // 90° anticlockwise
    [InlineData(2, 40, 20, "blue-left")] // mirrored
    [InlineData(1, 40, 20, "red-left")] // as stored
    public void Every_exif_orientation_is_applied(ushort orientation, int width, int height, string expected)
    {
        var photo = TestImages.WithExif(TestImages.Encode(40, 20, SKEncodedImageFormat.Jpeg), orientation);

        var result = Reencode("photo.jpg", photo);

        using var image = TestImages.Decode(result.Bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
        var first = expected.EndsWith("-top", StringComparison.Ordinal) ? image.GetPixel(10, 5) : image.GetPixel(5, 10);
        Assert.True(expected.StartsWith("red", StringComparison.Ordinal) ? TestImages.IsRed(first) : TestImages.IsBlue(first), first.ToString());
    }

    [Fact]
    public void A_large_photo_is_scaled_down_to_the_longest_side_allowed()
    {
        var photo = TestImages.Encode(6000, 3000, SKEncodedImageFormat.Jpeg, quality: 50);

        var result = Reencode("big.jpg", photo);

        Assert.True(result.Succeeded, result.Error);
        using var image = TestImages.Decode(result.Bytes);
        Assert.Equal((Defaults.MaxImageSide, 1280), (image.Width, image.Height));
        Assert.True(TestImages.IsRed(image.GetPixel(100, 640)));
        Assert.True(TestImages.IsBlue(image.GetPixel(2400, 640)));
    }

    [Fact]
    public void A_large_png_is_scaled_down_and_stays_png()
    {
        var result = Reencode("diagram.png", TestImages.Encode(1000, 4000, SKEncodedImageFormat.Png), new KnowledgeOptions { MaxImageSide = 800 });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("image/png", result.Check!.ContentType);
        Assert.Equal((200, 800), (result.Width, result.Height));
        using var image = TestImages.Decode(result.Bytes);
        Assert.Equal((200, 800), (image.Width, image.Height));
    }

    [Fact]
    public void Png_text_and_exif_chunks_are_dropped()
    {
        var png = TestImages.Encode(30, 30, SKEncodedImageFormat.Png);
        png = TestImages.WithPngChunk(png, "tEXt", Encoding.Latin1.GetBytes("Comment\0home address 1 Hospital Road"));
        png = TestImages.WithPngChunk(png, "eXIf", TestImages.WithExif([0xFF, 0xD8], 1)[12..]);
        Assert.Contains("tEXt", TestImages.PngChunks(png));

        var result = Reencode("scan.png", png);

        Assert.True(result.Succeeded, result.Error);
        var chunks = TestImages.PngChunks(result.Bytes);
        Assert.DoesNotContain("tEXt", chunks);
        Assert.DoesNotContain("eXIf", chunks);
        Assert.DoesNotContain("iCCP", chunks);
        Assert.Equal(-1, result.Bytes.AsSpan().IndexOf("Hospital"u8));
    }

    [Theory]
    [InlineData("wide-gamut.jpg", SKEncodedImageFormat.Jpeg)]
    [InlineData("wide-gamut.png", SKEncodedImageFormat.Png)]
    public void A_colour_profile_is_applied_and_not_stored(string name, SKEncodedImageFormat format)
    {
        // A Display P3 photo, as recent phones take them: Skia writes its ICC profile (APP2 / iCCP).
        using var p3 = SKColorSpace.CreateRgb(SKColorSpaceTransferFn.Srgb, SKColorSpaceXyz.DisplayP3);
        using var bitmap = new SKBitmap(new SKImageInfo(32, 32, SKColorType.Rgba8888, SKAlphaType.Premul, p3));
        bitmap.Erase(SKColors.Lime);
        using var pixmap = bitmap.PeekPixels();
        using var data = format == SKEncodedImageFormat.Jpeg ? pixmap.Encode(new SKJpegEncoderOptions(90, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)) : pixmap.Encode(SKPngEncoderOptions.Default);
        var bytes = data!.ToArray();
        Assert.True(format == SKEncodedImageFormat.Jpeg ? TestImages.JpegMarkers(bytes).Contains(0xE2) : TestImages.PngChunks(bytes).Contains("iCCP"));

        var result = Reencode(name, bytes);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(format == SKEncodedImageFormat.Jpeg ? TestImages.JpegMarkers(result.Bytes).Contains(0xE2) : TestImages.PngChunks(result.Bytes).Contains("iCCP"));

        // The pixels are converted to sRGB while decoding: sRGB lime stays lime (read as raw P3 numbers it would not).
        using var image = TestImages.Decode(result.Bytes);
        Assert.True(image.GetPixel(16, 16).Green > 240 && image.GetPixel(16, 16).Red < 30, image.GetPixel(16, 16).ToString());
    }

    [Fact]
    public void Data_appended_after_the_image_does_not_survive()
    {
        // A polyglot: a valid JPEG followed by an HTML page (or a ZIP); only the pixels are kept.
        var polyglot = TestImages.Encode(16, 16, SKEncodedImageFormat.Jpeg).Concat("<html><script>alert(1)</script></html>"u8.ToArray()).ToArray();

        var result = Reencode("innocent.jpg", polyglot);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(-1, result.Bytes.AsSpan().IndexOf("<script"u8));
    }

    [Fact]
    public void Webp_stays_webp_and_lossless_stays_lossless()
    {
        var lossy = Reencode("photo.webp", TestImages.Encode(64, 32, SKEncodedImageFormat.Webp, quality: 80));
        var lossless = Reencode("chart.webp", TestImages.LosslessWebp(64, 32));

        Assert.True(lossy.Succeeded, lossy.Error);
        Assert.Equal("image/webp", lossy.Check!.ContentType);
        Assert.False(ImageReencoder.IsLosslessWebp(lossy.Bytes));
        Assert.True(lossless.Succeeded, lossless.Error);
        Assert.True(ImageReencoder.IsLosslessWebp(lossless.Bytes));
        using var image = TestImages.Decode(lossless.Bytes);
        Assert.Equal(SKColors.Red, image.GetPixel(2, 2));
    }

    [Fact]
    public void A_gif_is_stored_as_a_png_of_its_first_frame()
    {
        var result = Reencode("動畫.gif", TestImages.Gif);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("image/png", result.Check!.ContentType);
        Assert.Equal(".png", result.Check.Extension);
        Assert.Equal("動畫.png", result.Check.SafeFileName);
        Assert.Equal("IHDR", TestImages.PngChunks(result.Bytes)[0]);
    }

    [Theory]
    [InlineData("photo.jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData("photo.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 })]
    [InlineData("photo.webp", new byte[] { 0x52, 0x49, 0x46, 0x46, 0x10, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20 })]
    [InlineData("photo.gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0xFF, 0xFF })]
    public void A_file_that_only_starts_like_an_image_is_refused(string name, byte[] bytes)
    {
        var result = Reencode(name, bytes);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageReencoder.UnreadableError, result.Error);
        Assert.Empty(result.Bytes);
    }

    [Fact]
    public void A_truncated_photo_is_refused()
    {
        var photo = TestImages.Encode(400, 300, SKEncodedImageFormat.Jpeg);

        var result = Reencode("cut.jpg", photo[..(photo.Length / 2)]);

        Assert.Equal(ImageReencoder.UnreadableError, result.Error);
    }

    [Fact]
    public void A_jpeg_renamed_to_png_is_refused()
    {
        var jpeg = TestImages.Encode(16, 16, SKEncodedImageFormat.Jpeg);
        var options = Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions());

        // The signature check already refuses it; the re-encoder refuses it too if it is ever asked.
        using var stream = new MemoryStream(jpeg);
        Assert.False(new UploadValidator(options).Check("photo.png", jpeg.Length, stream).IsValid);
        var claimed = new UploadCheck { Extension = ".png", ContentType = "image/png", IsImage = true, SafeFileName = "photo.png", Length = jpeg.Length };
        Assert.Equal(ImageReencoder.UnreadableError, new ImageReencoder(options).Reencode(jpeg, claimed).Error);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header_without_decoding()
    {
        // 60000 × 60000 RGBA would need 14 GB. Its image data is garbage: had it been decoded, the answer would be
        // "could not be read"; the pixel-count answer shows the header alone decided.
        var bomb = TestImages.PngBomb(60000, 60000);

        var result = Reencode("bomb.png", bomb);

        Assert.Equal(ImageReencoder.TooManyPixelsError, result.Error);
        Assert.Equal((60000, 60000), ImageHeader.ReadSize(bomb));
    }

    [Fact]
    public void A_jpeg_whose_frame_header_declares_a_huge_canvas_is_refused()
    {
        var jpeg = TestImages.Encode(16, 16, SKEncodedImageFormat.Jpeg);
        var sof = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        jpeg[sof + 5] = 0xFF; // height 65 5xx
        jpeg[sof + 6] = 0xF0;
        jpeg[sof + 7] = 0xFF; // width 65 5xx
        jpeg[sof + 8] = 0xF0;

        Assert.Equal(ImageReencoder.TooManyPixelsError, Reencode("bomb.jpg", jpeg).Error);
    }

    [Fact]
    public void Header_sizes_are_read_for_every_accepted_format()
    {
        Assert.Equal((40, 20), ImageHeader.ReadSize(TestImages.Encode(40, 20, SKEncodedImageFormat.Jpeg)));
        Assert.Equal((41, 21), ImageHeader.ReadSize(TestImages.Encode(41, 21, SKEncodedImageFormat.Png)));
        Assert.Equal((42, 22), ImageHeader.ReadSize(TestImages.Encode(42, 22, SKEncodedImageFormat.Webp)));
        Assert.Equal((43, 23), ImageHeader.ReadSize(TestImages.LosslessWebp(43, 23)));
        Assert.Equal((1, 1), ImageHeader.ReadSize(TestImages.Gif));
        Assert.Null(ImageHeader.ReadSize("%PDF-1.7"u8));
    }

    [Fact]
    public async Task The_editor_stores_the_clean_image_and_nothing_when_it_is_refused()
    {
        using var site = new TestSite(maxUploadBytes: 5 * 1024 * 1024);
        await using var db = site.NewContext();
        var editor = site.Editor(db);
        var id = (await editor.CreateAsync(ArticleEditorTests.Input(), null, CancellationToken.None)).Id!.Value;
        var photo = TestImages.WithExif(TestImages.Encode(40, 20, SKEncodedImageFormat.Jpeg), orientation: 6);

        var (result, attachment) = await editor.UploadAsync(id, "相片.jpeg", photo.Length, new MemoryStream(photo), "staff-1", CancellationToken.None);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(AttachmentKind.Image, attachment!.Kind);
        Assert.Equal("相片.jpg", attachment.FileName);
        var stored = await File.ReadAllBytesAsync(Path.Combine(site.DataFolder.Root, "uploads", "kb", attachment.StoredName));
        Assert.Equal(stored.Length, attachment.Length);
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif"u8));
        using (var image = TestImages.Decode(stored))
        {
            Assert.Equal((20, 40), (image.Width, image.Height));
        }

        var corrupt = photo[..200];
        var (refused, none) = await editor.UploadAsync(id, "broken.jpg", corrupt.Length, new MemoryStream(corrupt), "staff-1", CancellationToken.None);

        Assert.Equal([ImageReencoder.UnreadableError], refused.Errors);
        Assert.Null(none);
        Assert.Single(Directory.GetFiles(site.DataFolder.GetFolder("uploads", "kb")));
        Assert.Equal(1, await db.Attachments.CountAsync());
    }
}
