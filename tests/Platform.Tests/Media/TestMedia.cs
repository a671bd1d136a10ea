using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Platform.Tests.Media;

/// <summary>Images and videos made in the test, byte by byte where the point is what the bytes say.</summary>
public static class TestMedia
{
    public const string GpsMarker = "SpyCam-9000"; // the camera model written next to the GPS position
    public const string XmpSecret = "home-address-xmp";

    /// <summary>A picture with a gradient and seeded shapes, so different seeds give different perceptual hashes.</summary>
    public static SKBitmap Picture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        using var background = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [RandomColor(random), RandomColor(random)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, background);
        for (var i = 0; i < 12; i++)
        {
            using var paint = new SKPaint { Color = RandomColor(random), IsAntialias = true };
            var x = random.Next(width);
            var y = random.Next(height);
            var r = (random.NextSingle() * 0.25f * Math.Min(width, height)) + 4;
            if (i % 2 == 0)
            {
                canvas.DrawCircle(x, y, r, paint);
            }
            else
            {
                canvas.DrawRect(x - r, y - r, r * 1.6f, r, paint);
            }
        }

        return bitmap;
    }

    /// <summary>Random pixels: incompressible, so the file is as large as the image.</summary>
    public static byte[] NoisePng(int width, int height, int seed)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[width * height * 4];
        new Random(seed).NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 0xFF;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>Left half red, right half blue: where the red ends up shows how the image was turned.</summary>
    public static SKBitmap LeftRedRightBlue(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        using var red = new SKPaint { Color = SKColors.Red };
        using var blue = new SKPaint { Color = SKColors.Blue };
        canvas.DrawRect(0, 0, width / 2f, height, red);
        canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Jpeg(int width, int height, int seed, int quality = 90)
    {
        using var picture = Picture(width, height, seed);
        return Encode(picture, SKEncodedImageFormat.Jpeg, quality);
    }

    public static byte[] Png(int width, int height, int seed)
    {
        using var picture = Picture(width, height, seed);
        return Encode(picture, SKEncodedImageFormat.Png);
    }

    /// <summary>The classic 1x1 GIF (SkiaSharp has no GIF encoder).</summary>
    public static byte[] Gif1x1 { get; } = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    /// <summary>
    /// Inserts an EXIF APP1 segment after SOI: IFD0 with Model, Orientation and a GPS IFD pointer; the GPS IFD with a
    /// latitude and longitude. Big-endian TIFF ("MM"), as many cameras write it.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var tiff = new List<byte>();
        void U16(int v) { tiff.Add((byte)(v >> 8)); tiff.Add((byte)v); }
        void U32(long v) { U16((int)(v >> 16)); U16((int)(v & 0xFFFF)); }

        var model = Encoding.ASCII.GetBytes(GpsMarker + "\0");
        // Layout: header (8) | IFD0: count + 3 entries + next (2 + 36 + 4 = 42) | model string | GPS IFD | rationals.
        const int ifd0 = 8;
        var modelOffset = ifd0 + 42;
        var gpsOffset = modelOffset + model.Length;
        const int gpsEntries = 4;
        var rationalsOffset = gpsOffset + 2 + (gpsEntries * 12) + 4;

        tiff.AddRange("MM"u8.ToArray());
        U16(42);
        U32(ifd0);
        U16(3);
        U16(0x0110); U16(2); U32(model.Length); U32(modelOffset);  // Model (ASCII)
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);     // Orientation (SHORT, inline)
        U16(0x8825); U16(4); U32(1); U32(gpsOffset);               // GPSInfo IFD pointer
        U32(0);
        tiff.AddRange(model);
        U16(gpsEntries);
        U16(0x0001); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray());         // GPSLatitudeRef
        U16(0x0002); U16(5); U32(3); U32(rationalsOffset);                       // GPSLatitude
        U16(0x0003); U16(2); U32(2); tiff.AddRange("E\0\0\0"u8.ToArray());         // GPSLongitudeRef
        U16(0x0004); U16(5); U32(3); U32(rationalsOffset + 24);                  // GPSLongitude
        U32(0);
        foreach (var (value, scale) in new[] { (31L, 1L), (14L, 1L), (2159L, 100L), (121L, 1L), (28L, 1L), (4512L, 100L) })
        {
            U32(value);
            U32(scale);
        }

        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        return InsertSegment(jpeg, 0xE1, payload);
    }

    /// <summary>Inserts an XMP packet (APP1 with the Adobe namespace) after SOI.</summary>
    public static byte[] WithXmp(byte[] jpeg)
    {
        var xmp = Encoding.UTF8.GetBytes(
            "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + $"<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:description=\"{XmpSecret}\"/></rdf:RDF></x:xmpmeta>");
        return InsertSegment(jpeg, 0xE1, xmp);
    }

    /// <summary>The APPn segments of a JPEG (marker, payload), up to the start of scan.</summary>
    public static List<(byte Marker, byte[] Payload)> Segments(byte[] jpeg)
    {
        var segments = new List<(byte, byte[])>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            segments.Add((jpeg[i + 1], jpeg.AsSpan(i + 4, length - 2).ToArray()));
            i += 2 + length;
        }

        return segments;
    }

    /// <summary>A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> with almost no data: a bomb.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(png, "IHDR", ihdr);
        // A compressed stream of zeros would inflate to width*height*3 bytes; a few bytes of it are enough to be a bomb.
        Chunk(png, "IDAT", [0x78, 0x9C, 0xED, 0xC1, 0x01, 0x0D, 0x00, 0x00, 0x00, 0xC2, 0xA0, 0xF7, 0x4F, 0x6D, 0x0E, 0x37, 0xA0, 0x00, 0x00]);
        Chunk(png, "IEND", []);
        return [.. png];
    }

    /// <summary>A JPEG frame header declaring a huge size, followed by nothing decodable.</summary>
    public static byte[] JpegDeclaring(int width, int height)
    {
        byte[] sof = [0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];
        return [0xFF, 0xD8, .. sof, 0xFF, 0xD9];
    }

    /// <summary>An MP4 (or MOV with brand "qt  "): ftyp, moov with mvhd and one video track, then mdat.</summary>
    public static byte[] Mp4(uint timescale, uint duration, int width = 1920, int height = 1080, string brand = "isom", bool rotated = false, int mdatBytes = 4096)
    {
        var mvhd = new byte[100];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(12), timescale);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(16), duration);
        var tkhd = new byte[84];
        tkhd[3] = 3; // enabled, in movie
        // Matrix at 40: a, b, u, c, d, v, x, y, w (16.16 / 2.30). Rotated by 90°: a = 0, b = 1, c = -1, d = 0.
        BinaryPrimitives.WriteInt32BigEndian(tkhd.AsSpan(40), rotated ? 0 : 0x10000);
        BinaryPrimitives.WriteInt32BigEndian(tkhd.AsSpan(44), rotated ? 0x10000 : 0);
        BinaryPrimitives.WriteInt32BigEndian(tkhd.AsSpan(52), rotated ? -0x10000 : 0);
        BinaryPrimitives.WriteInt32BigEndian(tkhd.AsSpan(56), rotated ? 0 : 0x10000);
        BinaryPrimitives.WriteInt32BigEndian(tkhd.AsSpan(72), 0x40000000);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(76), (uint)width << 16);
        BinaryPrimitives.WriteUInt32BigEndian(tkhd.AsSpan(80), (uint)height << 16);
        var hdlr = new byte[25];
        "vide"u8.CopyTo(hdlr.AsSpan(8));

        var ftyp = Box("ftyp", [.. Encoding.ASCII.GetBytes(brand), 0, 0, 2, 0, .. Encoding.ASCII.GetBytes(brand), .. "mp41"u8.ToArray()]);
        var moov = Box("moov", [.. Box("mvhd", mvhd), .. Box("trak", [.. Box("tkhd", tkhd), .. Box("mdia", Box("hdlr", hdlr))])]);
        var mdat = Box("mdat", new byte[mdatBytes]);
        return [.. ftyp, .. moov, .. mdat];
    }

    /// <summary>A WebM: EBML header (DocType webm), a segment with Info (duration) and Tracks (video size), then a cluster.</summary>
    public static byte[] WebM(double durationMs, int width, int height, string docType = "webm")
    {
        byte[] header = Element(0x1A45DFA3, [.. Element(0x4286, [1]), .. Element(0x4282, Encoding.ASCII.GetBytes(docType))]);
        var duration = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(duration, durationMs);
        byte[] info = Element(0x1549A966, [.. Element(0x2AD7B1, [0x0F, 0x42, 0x40]), .. Element(0x4489, duration)]);
        byte[] video = Element(0xE0, [.. Element(0xB0, [(byte)(width >> 8), (byte)width]), .. Element(0xBA, [(byte)(height >> 8), (byte)height])]);
        byte[] tracks = Element(0x1654AE6B, Element(0xAE, [.. Element(0xD7, [1]), .. Element(0x83, [1]), .. video]));
        byte[] cluster = Element(0x1F43B675, [.. Element(0xE7, [0]), .. new byte[512]]);
        return [.. header, .. Element(0x18538067, [.. info, .. tracks, .. cluster])];
    }

    public static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    private static byte[] InsertSegment(byte[] jpeg, byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, marker, (byte)(length >> 8), (byte)length, .. payload, .. jpeg.AsSpan(2)];
    }

    private static void Chunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.AddRange(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    private static byte[] Element(uint id, byte[] body)
    {
        var idBytes = id switch
        {
            > 0xFFFFFF => new[] { (byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id },
            > 0xFFFF => [(byte)(id >> 16), (byte)(id >> 8), (byte)id],
            > 0xFF => [(byte)(id >> 8), (byte)id],
            _ => [(byte)id],
        };
        // Size as an 8-byte vint (0x01 marker), valid for any length.
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)body.Length);
        size[0] = 0x01;
        return [.. idBytes, .. size, .. body];
    }

    private static SKColor RandomColor(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
