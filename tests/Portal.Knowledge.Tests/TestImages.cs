using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Portal.Knowledge.Tests;

/// <summary>Builds real images for the upload tests: encoded by Skia, with EXIF segments and PNG chunks written byte by byte.</summary>
internal static class TestImages
{
    /// <summary>The classic 1 × 1 transparent GIF.</summary>
    public static readonly byte[] Gif =
    [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];

    /// <summary>Left half red, right half blue: which side ends up on top shows how the image was turned.</summary>
    public static SKBitmap RedLeftBlueRight(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var red = new SKPaint { Color = SKColors.Red };
        using var blue = new SKPaint { Color = SKColors.Blue };
        canvas.DrawRect(0, 0, width / 2f, height, red);
        canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        return bitmap;
    }

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = RedLeftBlueRight(width, height);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] LosslessWebp(int width, int height)
    {
        using var bitmap = RedLeftBlueRight(width, height);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 75)) ?? throw new InvalidOperationException("WebP encoding failed");
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 EXIF segment right after SOI: IFD0 with the orientation and a GPS IFD at
    /// 22°17'N 114°10'E (Hong Kong), the way a phone writes it (little-endian TIFF).</summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[140];
        var t = tiff.AsSpan();
        "II"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16LittleEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(t[4..], 8);

        // IFD0 at 8: Orientation (SHORT) and GPSInfo (LONG offset 38).
        BinaryPrimitives.WriteUInt16LittleEndian(t[8..], 2);
        Entry(t[10..], 0x0112, 3, 1, orientation);
        Entry(t[22..], 0x8825, 4, 1, 38);
        BinaryPrimitives.WriteUInt32LittleEndian(t[34..], 0);

        // GPS IFD at 38: latitude ref/value, longitude ref/value; rationals at 92 and 116.
        BinaryPrimitives.WriteUInt16LittleEndian(t[38..], 4);
        Entry(t[40..], 0x0001, 2, 2, 'N');
        Entry(t[52..], 0x0002, 5, 3, 92);
        Entry(t[64..], 0x0003, 2, 2, 'E');
        Entry(t[76..], 0x0004, 5, 3, 116);
        BinaryPrimitives.WriteUInt32LittleEndian(t[88..], 0);
        uint[] rationals = [22, 1, 17, 1, 0, 1, 114, 1, 10, 1, 0, 1];
        for (var i = 0; i < rationals.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(t[(92 + (i * 4))..], rationals[i]);
        }

        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment, 10);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>The markers of the segments before the first scan (APP0 = 0xE0, APP1 = 0xE1, …).</summary>
    public static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            var marker = jpeg[position + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
        }

        return markers;
    }

    /// <summary>The chunk types of a PNG, in order.</summary>
    public static List<string> PngChunks(byte[] png)
    {
        var chunks = new List<string>();
        var position = 8;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            chunks.Add(Encoding.ASCII.GetString(png, position + 4, 4));
            position += 12 + length;
        }

        return chunks;
    }

    /// <summary>Inserts a chunk right after IHDR (e.g. a tEXt comment or an eXIf chunk).</summary>
    public static byte[] WithPngChunk(byte[] png, string type, byte[] data) =>
        [.. png.AsSpan(0, 33), .. Chunk(type, data), .. png.AsSpan(33)];

    /// <summary>A PNG that declares <paramref name="width"/> × <paramref name="height"/> but carries a few bytes of
    /// image data: a decoder that trusted it would allocate width × height × 4 bytes.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    public static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("not decodable");

    /// <summary>Whether a pixel is clearly red (or clearly blue): JPEG is lossy, so allow some drift.</summary>
    public static bool IsRed(SKColor c) => c.Red > 200 && c.Blue < 60 && c.Green < 60;

    public static bool IsBlue(SKColor c) => c.Blue > 200 && c.Red < 60 && c.Green < 60;

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
