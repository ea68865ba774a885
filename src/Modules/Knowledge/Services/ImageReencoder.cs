using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Portal.Knowledge.Models;
using SkiaSharp;

namespace Portal.Knowledge.Services;

/// <summary>The outcome of re-encoding an uploaded image: an error (English text = localization key) or the new
/// bytes with the type they were stored as (a GIF becomes a PNG).</summary>
public sealed record ReencodedImage
{
    public string? Error { get; init; }

    public byte[] Bytes { get; init; } = [];

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>The checked upload, updated to what is stored: extension, content type, safe file name and length.</summary>
    public UploadCheck? Check { get; init; }

    public bool Succeeded => Error is null;

    internal static ReencodedImage Fail(string error) => new() { Error = error };
}

/// <summary>
/// Decodes every uploaded raster image with SkiaSharp and encodes it again, so nothing but pixels survives: no EXIF
/// (GPS position, camera, time), no XMP, no comments, no trailing data (the carrier of polyglot files).
/// JPEG stays JPEG (turned upright by its EXIF orientation first), PNG stays PNG, WebP stays WebP (lossless if it was),
/// a GIF becomes a PNG of its first frame. Images whose longer side exceeds <see cref="KnowledgeOptions.MaxImageSide"/>
/// are scaled down. The dimensions in the header are read by this class, in managed code, before any decoder sees the
/// file: an image declaring more than <see cref="KnowledgeOptions.MaxImagePixels"/> is refused without being decoded.
/// </summary>
public sealed class ImageReencoder(IOptions<KnowledgeOptions> options)
{
    internal const string UnreadableError = "The image could not be read: it may be damaged, or not really an image. Save it again as JPEG, PNG or WebP and retry.";
    internal const string TooManyPixelsError = "The image has too many pixels to be processed safely. Make it smaller (for example 4000 pixels on the longer side) and retry.";

    private const int JpegQuality = 85;
    private const int WebpQuality = 85;

    public ReencodedImage Reencode(byte[] bytes, UploadCheck check)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(check);
        var declared = ImageHeader.ReadSize(bytes);
        if (declared is not { } size)
        {
            return ReencodedImage.Fail(UnreadableError);
        }

        if ((long)size.Width * size.Height > options.Value.MaxImagePixels)
        {
            return ReencodedImage.Fail(TooManyPixelsError);
        }

        try
        {
            return Decode(bytes, check, size);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            // Skia reports most damage through result codes; anything it throws on a hostile file is the same answer.
            return ReencodedImage.Fail(UnreadableError);
        }
    }

    private ReencodedImage Decode(byte[] bytes, UploadCheck check, (int Width, int Height) declared)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return ReencodedImage.Fail(UnreadableError);
        }

        var format = codec.EncodedFormat;
        var expected = check.ContentType switch
        {
            "image/jpeg" => SKEncodedImageFormat.Jpeg,
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            "image/gif" => SKEncodedImageFormat.Gif,
            _ => (SKEncodedImageFormat?)null,
        };
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (format != expected || width <= 0 || height <= 0)
        {
            return ReencodedImage.Fail(UnreadableError);
        }

        // The decoder's idea of the size must be as harmless as the header's (a GIF frame may not widen the canvas).
        if ((long)width * height > options.Value.MaxImagePixels || width > Math.Max(declared.Width, 1) * 2L || height > Math.Max(declared.Height, 1) * 2L)
        {
            return ReencodedImage.Fail(TooManyPixelsError);
        }

        var origin = format == SKEncodedImageFormat.Jpeg ? codec.EncodedOrigin : SKEncodedOrigin.TopLeft;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var maxSide = Math.Max(1, options.Value.MaxImageSide);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));

        // JPEG (and WebP) decoders can scale while decoding (1/2, 1/4, 1/8): a 48 MP photo then never needs 190 MB.
        var decodeSize = scale < 1.0 ? codec.GetScaledDimensions((float)scale) : new SKSizeI(width, height);
        if (decodeSize.Width < 1 || decodeSize.Height < 1 || decodeSize.Width > width || decodeSize.Height > height)
        {
            decodeSize = new SKSizeI(width, height);
        }

        var opaque = format == SKEncodedImageFormat.Jpeg;
        var decodeInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels(), new SKCodecOptions(0));
        if (result != SKCodecResult.Success)
        {
            // IncompleteInput included: a truncated file is damaged, and Skia would have filled the rest with grey.
            return ReencodedImage.Fail(UnreadableError);
        }

        var outWidth = (int)Math.Max(1, Math.Round(width * scale));
        var outHeight = (int)Math.Max(1, Math.Round(height * scale));
        if (swap)
        {
            (outWidth, outHeight) = (outHeight, outWidth);
        }

        // Untagged sRGB output: the encoders then write no colour profile either.
        var outInfo = new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var output = new SKBitmap(outInfo);
        using (var canvas = new SKCanvas(output))
        using (var image = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(opaque ? SKColors.White : SKColors.Transparent);
            var drawnWidth = swap ? outHeight : outWidth;
            var drawnHeight = swap ? outWidth : outHeight;
            canvas.SetMatrix(Orientation(origin, drawnWidth, drawnHeight));
            using var paint = new SKPaint { BlendMode = SKBlendMode.Src };
            canvas.DrawImage(image, new SKRect(0, 0, drawnWidth, drawnHeight), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        }

        using var pixmap = output.PeekPixels();
        var (encoded, extension, contentType) = format switch
        {
            SKEncodedImageFormat.Jpeg => (pixmap.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)), ".jpg", "image/jpeg"),
            SKEncodedImageFormat.Webp => (pixmap.Encode(IsLosslessWebp(bytes)
                ? new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 75)
                : new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, WebpQuality)), ".webp", "image/webp"),

            // PNG stays PNG; a GIF becomes a PNG of its first frame (documented in the README).
            _ => (pixmap.Encode(SKPngEncoderOptions.Default), ".png", "image/png"),
        };
        using (encoded)
        {
            if (encoded is null)
            {
                return ReencodedImage.Fail(UnreadableError);
            }

            var stored = encoded.ToArray();
            return new ReencodedImage
            {
                Bytes = stored,
                Width = outWidth,
                Height = outHeight,
                Check = check with
                {
                    Extension = extension,
                    ContentType = contentType,
                    Length = stored.Length,
                    SafeFileName = Path.ChangeExtension(check.SafeFileName, extension),
                },
            };
        }
    }

    /// <summary>Maps the decoded pixels (drawn into <paramref name="width"/> × <paramref name="height"/> before the
    /// turn) onto the upright output, as EXIF orientation 1–8 asks.</summary>
    internal static SKMatrix Orientation(SKEncodedOrigin origin, float width, float height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>A WebP whose image data is a VP8L chunk (simple or inside VP8X) was saved lossless: keep it lossless.</summary>
    internal static bool IsLosslessWebp(byte[] bytes)
    {
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var fourCc = bytes.AsSpan(position, 4);
            if (fourCc.SequenceEqual("VP8L"u8))
            {
                return true;
            }

            if (fourCc.SequenceEqual("VP8 "u8))
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4, 4));
            var next = position + 8L + length + (length & 1);
            if (next > bytes.Length)
            {
                return false;
            }

            position = (int)next;
        }

        return false;
    }
}
