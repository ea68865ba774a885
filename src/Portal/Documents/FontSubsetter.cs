using System.Runtime.InteropServices;
using HarfBuzzSharp;

namespace Portal.Hosting.Documents;

/// <summary>
/// Cuts a font down to the characters a document uses, with HarfBuzz's <c>hb_subset</c> (exported by the
/// libHarfBuzzSharp native library but not wrapped by HarfBuzzSharp). Skia would otherwise embed the whole CJK
/// font in every PDF (megabytes).
/// </summary>
internal static partial class FontSubsetter
{
    private const string Library = "libHarfBuzzSharp";

    // hb_subset_flags_t
    private const uint NoHinting = 0x00000001;
    private const uint DesubroutinizeNone = 0;

    /// <summary>Returns a TrueType font holding only <paramref name="codepoints"/> (plus .notdef).</summary>
    public static byte[] Subset(byte[] font, int faceIndex, IEnumerable<int> codepoints, bool dropHinting = true)
    {
        ArgumentNullException.ThrowIfNull(font);
        var handle = GCHandle.Alloc(font, GCHandleType.Pinned);
        try
        {
            using var blob = new Blob(handle.AddrOfPinnedObject(), font.Length, MemoryMode.ReadOnly);
            using var face = new Face(blob, faceIndex);
            return Subset(face, codepoints, dropHinting);
        }
        finally
        {
            handle.Free();
        }
    }

    public static byte[] Subset(Face face, IEnumerable<int> codepoints, bool dropHinting = true)
    {
        ArgumentNullException.ThrowIfNull(face);
        ArgumentNullException.ThrowIfNull(codepoints);
        var input = hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero)
        {
            throw new InvalidOperationException("HarfBuzz could not allocate a subset input.");
        }

        try
        {
            var unicodes = hb_subset_input_unicode_set(input);
            foreach (var cp in codepoints)
            {
                hb_set_add(unicodes, (uint)cp);
            }

            hb_subset_input_set_flags(input, dropHinting ? NoHinting : DesubroutinizeNone);
            var subsetFace = hb_subset_or_fail(face.Handle, input);
            if (subsetFace == IntPtr.Zero)
            {
                throw new InvalidOperationException("HarfBuzz could not subset the font.");
            }

            try
            {
                var blob = hb_face_reference_blob(subsetFace);
                try
                {
                    var data = hb_blob_get_data(blob, out var length);
                    var bytes = new byte[length];
                    Marshal.Copy(data, bytes, 0, (int)length);
                    return bytes;
                }
                finally
                {
                    hb_blob_destroy(blob);
                }
            }
            finally
            {
                hb_face_destroy(subsetFace);
            }
        }
        finally
        {
            hb_subset_input_destroy(input);
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_input_create_or_fail();

    [LibraryImport(Library)]
    private static partial void hb_subset_input_destroy(IntPtr input);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_input_unicode_set(IntPtr input);

    [LibraryImport(Library)]
    private static partial void hb_subset_input_set_flags(IntPtr input, uint flags);

    [LibraryImport(Library)]
    private static partial void hb_set_add(IntPtr set, uint codepoint);

    [LibraryImport(Library)]
    private static partial IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);

    [LibraryImport(Library)]
    private static partial IntPtr hb_face_reference_blob(IntPtr face);

    [LibraryImport(Library)]
    private static partial void hb_face_destroy(IntPtr face);

    [LibraryImport(Library)]
    private static partial IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [LibraryImport(Library)]
    private static partial void hb_blob_destroy(IntPtr blob);
}
