using System.Buffers.Binary;

namespace Platform.Core.Media;

/// <summary>
/// Reads an image's declared width and height from its header alone, so a decompression bomb (a small file that
/// declares a huge canvas) is refused before any decoder allocates pixels.
/// </summary>
public static class ImageHeader
{
    /// <summary>The stored (not orientation-corrected) size, or null when the header is missing or malformed.</summary>
    public static (int Width, int Height)? ReadSize(ReadOnlySpan<byte> data, MediaFormat format)
    {
        if (format == MediaFormat.Png)
        {
            // Signature (8), IHDR length (4), "IHDR" (4), width, height: all big-endian.
            return data.Length >= 24 && data[12..16].SequenceEqual("IHDR"u8)
                ? Checked(BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]))
                : null;
        }

        if (format == MediaFormat.Gif)
        {
            return data.Length >= 10 ? Checked(BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..])) : null;
        }

        if (format == MediaFormat.Webp)
        {
            return WebpSize(data);
        }

        return format == MediaFormat.Jpeg ? JpegSize(data) : null;
    }

    private static (int, int)? WebpSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return null;
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            // Extended format: 24-bit canvas width-1 and height-1.
            uint w = (uint)(data[24] | (data[25] << 8) | (data[26] << 16)) + 1;
            uint h = (uint)(data[27] | (data[28] << 8) | (data[29] << 16)) + 1;
            return Checked(w, h);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then 14 bits width-1 and 14 bits height-1, little-endian bit order.
            if (data[20] != 0x2F)
            {
                return null;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return Checked((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            return data[23] == 0x9D && data[24] == 0x01 && data[25] == 0x2A
                ? Checked(BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFFu)
                : null;
        }

        return null;
    }

    private static (int, int)? JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2)
            {
                return null;
            }

            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return i + 9 <= data.Length
                    ? Checked(BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]))
                    : null;
            }

            i += 2 + length;
        }

        return null;
    }

    private static (int, int)? Checked(uint width, uint height) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue ? ((int)width, (int)height) : null;
}
