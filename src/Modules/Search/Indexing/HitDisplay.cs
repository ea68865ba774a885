using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Portal.Search.Indexing;

/// <summary>What a result line shows about one indexed item.</summary>
internal sealed record HitDisplay(string Id, string Type, string Culture, string Title, string Url, long UpdatedTicks, string Body);

/// <summary>
/// Packs what a result line shows into one binary doc value per document, so showing a page of results reads
/// ten uncompressed, memory-mapped values instead of decompressing ten stored-field blocks (about half the cost
/// of a typical search). Lucene caps a binary doc value at 32,766 bytes: a longer body is cut, flagged, and
/// read from the stored field when its kept part holds no match to show. Indexes written before this field existed fall back to the
/// stored fields as a whole.
/// </summary>
internal static class HitDisplayCodec
{
    public const int MaxBytes = 32_000;
    private const byte Version = 1;

    /// <summary>The packed value, or null when even the short fields do not fit (the stored fields then serve).</summary>
    public static BytesRef? Encode(HitDisplay display, int maxBodyChars)
    {
        using var buffer = new MemoryStream(1024);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(display.Id);
            writer.Write(display.Type);
            writer.Write(display.Culture);
            writer.Write(display.Title);
            writer.Write(display.Url);
            writer.Write(display.UpdatedTicks);
            var room = MaxBytes - (int)buffer.Length - 8;
            if (room < 0)
            {
                return null;
            }

            var body = display.Body.Length > maxBodyChars ? display.Body[..maxBodyChars] : display.Body;
            var truncated = false;
            if (Encoding.UTF8.GetByteCount(body) > room)
            {
                body = CutToBytes(body, room);
                truncated = true;
            }

            writer.Write(truncated);
            writer.Write(body);
        }

        return new BytesRef(buffer.ToArray());
    }

    /// <summary>Reads a packed value; <paramref name="bodyTruncated"/> says the body is only a prefix.</summary>
    public static HitDisplay? Decode(BytesRef value, out bool bodyTruncated)
    {
        bodyTruncated = false;
        if (value.Length == 0 || value.Bytes[value.Offset] != Version)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(value.Bytes, value.Offset + 1, value.Length - 1, writable: false), Encoding.UTF8);
        var id = reader.ReadString();
        var type = reader.ReadString();
        var culture = reader.ReadString();
        var title = reader.ReadString();
        var url = reader.ReadString();
        var updated = reader.ReadInt64();
        bodyTruncated = reader.ReadBoolean();
        var body = reader.ReadString();
        return new HitDisplay(id, type, culture, title, url, updated, body);
    }

    /// <summary>
    /// The display of a hit: from the doc value where the segment has one, else from the stored fields.
    /// <paramref name="bodyIsPrefix"/>: the body was cut to fit; <see cref="ReadStoredBody"/> has all of it.
    /// </summary>
    public static HitDisplay Read(IndexReader reader, int doc, out bool bodyIsPrefix)
    {
        bodyIsPrefix = false;
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var values = leaf.AtomicReader.GetBinaryDocValues(SearchFields.Display);
        if (values is not null)
        {
            var bytes = new BytesRef();
            values.Get(doc - leaf.DocBase, bytes);
            if (Decode(bytes, out bodyIsPrefix) is { } display)
            {
                return display;
            }
        }

        var stored = reader.Document(doc);
        return new HitDisplay(
            stored.Get(SearchFields.Id),
            stored.Get(SearchFields.Type),
            stored.Get(SearchFields.Culture),
            stored.Get(SearchFields.Title) ?? "",
            stored.Get(SearchFields.Url) ?? "",
            stored.GetField(SearchFields.Updated)?.GetInt64Value() ?? 0,
            stored.Get(SearchFields.Body) ?? "");
    }

    public static string ReadStoredBody(IndexReader reader, int doc) => reader.Document(doc, BodyOnly).Get(SearchFields.Body) ?? "";

    private static readonly ISet<string> BodyOnly = new HashSet<string>(StringComparer.Ordinal) { SearchFields.Body };

    private static string CutToBytes(string text, int maxBytes)
    {
        // Binary search the longest prefix whose UTF-8 form fits, never splitting a surrogate pair.
        int low = 0, high = Math.Min(text.Length, maxBytes);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Encoding.UTF8.GetByteCount(text.AsSpan(0, mid)) <= maxBytes)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low > 0 && char.IsHighSurrogate(text[low - 1]))
        {
            low--;
        }

        return text[..low];
    }
}
