using System.Buffers.Binary;

namespace Portal.Knowledge.Services;

/// <summary>
/// Reads the width and height an image declares, from its header only and in managed code, so a decompression bomb
/// (a small file declaring a huge canvas) is refused before any decoder allocates memory for it.
/// PNG (IHDR), GIF (logical screen), WebP (VP8, VP8L, VP8X) and JPEG (the first SOF segment).
/// </summary>
internal static class ImageHeader
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The declared size, or null when the header is not one of the four formats or is cut short.</summary>
    public static (int Width, int Height)? ReadSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
        {
            // Signature, then the IHDR chunk: length (4), "IHDR", width (4, big-endian), height (4).
            return bytes.Length >= 24 && bytes.Slice(12, 4).SequenceEqual("IHDR"u8)
                ? Positive(BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(20, 4)))
                : null;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return bytes.Length >= 10
                ? Positive(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(6, 2)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(8, 2)))
                : null;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebpSize(bytes);
        }

        return bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? JpegSize(bytes) : null;
    }

    private static (int Width, int Height)? WebpSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }

        var chunk = bytes.Slice(12, 4);
        var data = bytes[20..];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Flags (4), canvas width − 1 (24 bits), canvas height − 1 (24 bits), little-endian.
            return Positive(ReadUInt24(data[4..]) + 1, ReadUInt24(data[7..]) + 1);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then 14 bits width − 1 and 14 bits height − 1.
            if (data[0] != 0x2F)
            {
                return null;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(1, 4));
            return Positive((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3), start code 9D 01 2A, then 14-bit width and height (2 bits of scale each).
            if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A)
            {
                return null;
            }

            return Positive(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(6, 2)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8, 2)) & 0x3FFF);
        }

        return null;
    }

    private static (int Width, int Height)? JpegSize(ReadOnlySpan<byte> bytes)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                return null;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header: not a usable JPEG
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 2, 2));
            if (length < 2)
            {
                return null;
            }

            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): length, precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return position + 9 <= bytes.Length
                    ? Positive(BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(position + 5, 2)))
                    : null;
            }

            position += 2 + length;
        }

        return null;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static (int Width, int Height)? Positive(int width, int height) => width > 0 && height > 0 ? (width, height) : null;
}
