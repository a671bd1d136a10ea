using System.Buffers.Binary;
using System.Text;

namespace Platform.Core.Media;

/// <summary>What a video container says about itself; any field may be absent from a valid file.</summary>
public sealed record VideoInfo(double? DurationSeconds, int? Width, int? Height);

/// <summary>
/// Validates a video's container structure without decoding it: ISO base media (MP4, MOV) box by box, WebM by its
/// EBML header. Reads only box headers and the movie header, seeking over the media data.
/// </summary>
public static class VideoContainer
{
    // The movie box holds only metadata; anything bigger is not a file we want to parse in memory.
    private const long MaxMoovBytes = 64L * 1024 * 1024;

    /// <summary>Parses <paramref name="video"/> (seekable), or throws <see cref="MediaRejectedException"/> when it is malformed.</summary>
    public static VideoInfo Read(Stream video, MediaFormat format) =>
        format == MediaFormat.WebM ? ReadWebM(video) : ReadIsoBmff(video);

    private static VideoInfo ReadIsoBmff(Stream video)
    {
        var length = video.Length;
        long position = 0;
        var first = true;
        bool sawMoov = false, sawMdat = false;
        VideoInfo info = new(null, null, null);
        Span<byte> header = stackalloc byte[16];
        while (position < length)
        {
            video.Position = position;
            if (ReadFully(video, header[..8]) < 8)
            {
                throw Corrupt("The file ends inside a box header.");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header[4..8]);
            var headerLength = 8;
            if (size == 1)
            {
                if (ReadFully(video, header[8..16]) < 8)
                {
                    throw Corrupt("The file ends inside a box header.");
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = length - position; // the last box runs to the end of the file
            }

            if (size < headerLength || size > length - position)
            {
                throw Corrupt($"Box '{Printable(type)}' claims {size} bytes but only {length - position} remain: the file is truncated or corrupt.");
            }

            if (first && type is not ("ftyp" or "moov" or "mdat" or "wide" or "free" or "skip"))
            {
                throw Corrupt("The file does not start with a file-type or movie box.");
            }

            first = false;
            if (type == "moov")
            {
                sawMoov = true;
                if (size > MaxMoovBytes)
                {
                    throw Corrupt("The movie header is implausibly large.");
                }

                var moov = new byte[size - headerLength];
                if (ReadFully(video, moov) < moov.Length)
                {
                    throw Corrupt("The file ends inside the movie header.");
                }

                info = ReadMoov(moov);
            }
            else if (type is "mdat" or "moof")
            {
                sawMdat = true;
            }

            position += size;
        }

        if (!sawMoov || !sawMdat)
        {
            throw Corrupt("A video needs a movie header and media data.");
        }

        return info;
    }

    private static VideoInfo ReadMoov(ReadOnlySpan<byte> moov)
    {
        double? duration = null;
        int? width = null, height = null;
        foreach (var (type, body) in Boxes(moov))
        {
            if (type == "mvhd" && body.Length >= 20)
            {
                var mvhd = body.AsSpan();
                // Version 0: 32-bit times; version 1: 64-bit. Timescale is units per second.
                var v1 = body[0] == 1;
                var timescale = BinaryPrimitives.ReadUInt32BigEndian(mvhd[(v1 ? 20 : 12)..]);
                var units = v1 && body.Length >= 32 ? BinaryPrimitives.ReadUInt64BigEndian(mvhd[24..]) : BinaryPrimitives.ReadUInt32BigEndian(mvhd[16..]);
                var unknown = v1 ? units == ulong.MaxValue : units == uint.MaxValue;
                if (timescale > 0 && !unknown)
                {
                    duration = Math.Round((double)units / timescale, 3);
                }
            }
            else if (type == "trak" && width is null && TrackSize(body) is { } size)
            {
                (width, height) = size;
            }
        }

        return new VideoInfo(duration, width, height);
    }

    /// <summary>The display size of a video track: tkhd width/height (16.16), swapped when its matrix rotates by 90°.</summary>
    private static (int, int)? TrackSize(ReadOnlySpan<byte> trak)
    {
        ReadOnlySpan<byte> tkhd = default;
        var isVideo = false;
        foreach (var (type, body) in Boxes(trak))
        {
            if (type == "tkhd")
            {
                tkhd = body;
            }
            else if (type == "mdia")
            {
                foreach (var (inner, innerBody) in Boxes(body))
                {
                    // hdlr: version/flags (4), pre_defined (4), handler type (4).
                    isVideo |= inner == "hdlr" && innerBody.Length >= 12 && innerBody.AsSpan(8, 4).SequenceEqual("vide"u8);
                }
            }
        }

        var offset = tkhd.Length > 0 && tkhd[0] == 1 ? 36 : 24; // past the times, track id and duration
        offset += 8 + 2 + 2 + 2 + 2; // reserved, layer, alternate group, volume, reserved
        if (!isVideo || tkhd.Length < offset + 36 + 8)
        {
            return null;
        }

        var a = BinaryPrimitives.ReadInt32BigEndian(tkhd[offset..]);
        var w = (int)(BinaryPrimitives.ReadUInt32BigEndian(tkhd[(offset + 36)..]) >> 16);
        var h = (int)(BinaryPrimitives.ReadUInt32BigEndian(tkhd[(offset + 40)..]) >> 16);
        if (w <= 0 || h <= 0)
        {
            return null;
        }

        return a == 0 ? (h, w) : (w, h); // a == 0: a 90° or 270° rotation (phones filming upright)
    }

    private static List<(string Type, byte[] Body)> Boxes(ReadOnlySpan<byte> data)
    {
        var boxes = new List<(string, byte[])>();
        var i = 0;
        while (i + 8 <= data.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
            var type = Encoding.ASCII.GetString(data.Slice(i + 4, 4));
            var headerLength = 8;
            if (size == 1 && i + 16 <= data.Length)
            {
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(data[(i + 8)..]), int.MaxValue);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = data.Length - i;
            }

            if (size < headerLength || size > data.Length - i)
            {
                throw Corrupt($"Box '{Printable(type)}' inside the movie header overruns its parent.");
            }

            boxes.Add((type, data.Slice(i + headerLength, (int)size - headerLength).ToArray()));
            i += (int)size;
        }

        return boxes;
    }

    private static VideoInfo ReadWebM(Stream video)
    {
        var reader = new Ebml(video);
        var (headerId, headerSize) = reader.ReadElementHeader();
        if (headerId != 0x1A45DFA3 || headerSize is null || headerSize > 4096)
        {
            throw Corrupt("The EBML header is malformed.");
        }

        var docType = "";
        var headerEnd = video.Position + headerSize.Value;
        while (video.Position < headerEnd)
        {
            var (id, size) = reader.ReadElementHeader();
            if (size is null || video.Position + size > headerEnd)
            {
                throw Corrupt("The EBML header is malformed.");
            }

            if (id == 0x4282)
            {
                docType = Encoding.ASCII.GetString(reader.ReadBytes((int)size.Value)).TrimEnd('\0');
            }
            else
            {
                video.Position += size.Value;
            }
        }

        if (docType != "webm")
        {
            throw new MediaRejectedException(MediaRejections.UnsupportedType, "Only WebM is accepted of the Matroska family.");
        }

        var (segmentId, segmentSize) = reader.ReadElementHeader();
        if (segmentId != 0x18538067)
        {
            throw Corrupt("A WebM file needs a segment after its header.");
        }

        var segmentEnd = segmentSize is { } known ? video.Position + known : video.Length;
        if (segmentEnd > video.Length)
        {
            throw Corrupt("The segment claims more bytes than the file has: the file is truncated.");
        }

        double? duration = null;
        int? width = null, height = null;
        ulong timecodeScale = 1_000_000; // nanoseconds per tick, the default
        // The header elements (Info, Tracks) come before the first cluster of frames; stop there.
        while (video.Position < segmentEnd)
        {
            var (id, size) = reader.ReadElementHeader();
            if (size is null || id == 0x1F43B675)
            {
                break;
            }

            var end = video.Position + size.Value;
            if (end > segmentEnd)
            {
                throw Corrupt("An element overruns the segment: the file is truncated.");
            }

            if (id == 0x1549A966)
            {
                double? ticks = null;
                foreach (var (childId, body) in reader.Children(end))
                {
                    if (childId == 0x2AD7B1)
                    {
                        timecodeScale = Ebml.UInt(body);
                    }
                    else if (childId == 0x4489)
                    {
                        ticks = Ebml.Float(body);
                    }
                }

                if (ticks is { } t && double.IsFinite(t) && t >= 0)
                {
                    duration = Math.Round(t * timecodeScale / 1e9, 3);
                }
            }
            else if (id == 0x1654AE6B)
            {
                foreach (var (childId, entry) in reader.Children(end))
                {
                    if (childId == 0xAE && width is null)
                    {
                        (width, height) = Ebml.VideoSize(entry);
                    }
                }
            }

            video.Position = end;
        }

        return new VideoInfo(duration, width, height);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static string Printable(string type) => new(type.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '?').ToArray());

    private static MediaRejectedException Corrupt(string message) => new(MediaRejections.Corrupt, message);

    /// <summary>Just enough EBML (the Matroska/WebM encoding) to read the header elements.</summary>
    private sealed class Ebml(Stream stream)
    {
        public (uint Id, long? Size) ReadElementHeader()
        {
            var id = (uint)ReadVint(keepMarker: true, out _);
            var size = ReadVint(keepMarker: false, out var allOnes);
            return (id, allOnes ? null : (long)Math.Min(size, long.MaxValue / 2));
        }

        public byte[] ReadBytes(int count)
        {
            var buffer = new byte[count];
            if (ReadFully(stream, buffer) < count)
            {
                throw Corrupt("The file ends inside an element.");
            }

            return buffer;
        }

        public List<(uint Id, byte[] Body)> Children(long end)
        {
            var children = new List<(uint, byte[])>();
            while (stream.Position < end)
            {
                var (id, size) = ReadElementHeader();
                if (size is null || size > 1024 * 1024 || stream.Position + size > end)
                {
                    throw Corrupt("An element overruns its parent.");
                }

                children.Add((id, ReadBytes((int)size)));
            }

            return children;
        }

        public static ulong UInt(byte[] body) => body.Aggregate(0UL, (value, b) => (value << 8) | b);

        public static double? Float(byte[] body) => body.Length switch
        {
            4 => BinaryPrimitives.ReadSingleBigEndian(body),
            8 => BinaryPrimitives.ReadDoubleBigEndian(body),
            _ => null,
        };

        /// <summary>PixelWidth/PixelHeight from a TrackEntry's Video element, if it has one.</summary>
        public static (int?, int?) VideoSize(byte[] trackEntry)
        {
            using var inner = new MemoryStream(trackEntry);
            var reader = new Ebml(inner);
            foreach (var (id, body) in reader.Children(trackEntry.Length))
            {
                if (id != 0xE0)
                {
                    continue;
                }

                using var videoStream = new MemoryStream(body);
                int? w = null, h = null;
                foreach (var (childId, value) in new Ebml(videoStream).Children(body.Length))
                {
                    if (childId == 0xB0)
                    {
                        w = (int)Math.Min(UInt(value), int.MaxValue);
                    }
                    else if (childId == 0xBA)
                    {
                        h = (int)Math.Min(UInt(value), int.MaxValue);
                    }
                }

                return (w, h);
            }

            return (null, null);
        }

        private ulong ReadVint(bool keepMarker, out bool allOnes)
        {
            var first = stream.ReadByte();
            if (first <= 0)
            {
                throw Corrupt(first < 0 ? "The file ends inside an element header." : "An element header is malformed.");
            }

            var length = 1;
            while ((first & (0x80 >> (length - 1))) == 0)
            {
                length++;
            }

            var marker = 0x80 >> (length - 1);
            ulong value = (ulong)(keepMarker ? first : first & (marker - 1));
            allOnes = (first & (marker - 1)) == marker - 1;
            for (var i = 1; i < length; i++)
            {
                var next = stream.ReadByte();
                if (next < 0)
                {
                    throw Corrupt("The file ends inside an element header.");
                }

                allOnes &= next == 0xFF;
                value = (value << 8) | (uint)next;
            }

            return value;
        }
    }
}
