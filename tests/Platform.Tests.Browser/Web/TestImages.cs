using System.Buffers.Binary;
using System.IO.Compression;

namespace Platform.Tests.Web;

/// <summary>Small PNGs made in memory (a vertical gradient with a checker pattern), so uploads need no fixture files.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, (byte R, byte G, byte B) top, (byte R, byte G, byte B) bottom)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            var t = height == 1 ? 0 : (double)y / (height - 1);
            for (var x = 0; x < width; x++)
            {
                var shade = ((x / 40) + (y / 40)) % 2 == 0 ? 0 : 24;
                raw.WriteByte(Mix(top.R, bottom.R, t, shade));
                raw.WriteByte(Mix(top.G, bottom.G, t, shade));
                raw.WriteByte(Mix(top.B, bottom.B, t, shade));
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                raw.Position = 0;
                raw.CopyTo(zlib);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte Mix(byte a, byte b, double t, int shade) => (byte)Math.Max(0, (int)((a * (1 - t)) + (b * t)) - shade);

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    // PNG's CRC-32 (ISO 3309), bit by bit: the images are small.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
