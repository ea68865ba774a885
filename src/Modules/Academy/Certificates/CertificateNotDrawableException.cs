using System.Globalization;
using System.Text;

namespace Portal.Academy.Certificates;

/// <summary>
/// A certificate was not issued because some characters of its text (usually the holder's name) have no glyph in
/// any font the portal may embed. The learner is told it is not ready; staff see the name on the certificates page.
/// </summary>
public sealed class CertificateNotDrawableException(IReadOnlyList<int> missing)
    : Exception("No font can draw " + Describe(missing) + ".")
{
    public IReadOnlyList<int> Missing { get; } = missing;

    /// <summary>The characters and their code points, e.g. "𡃁 (U+210C1)".</summary>
    public static string Describe(IEnumerable<int> codepoints) =>
        string.Join(", ", codepoints.Select(cp => string.Create(CultureInfo.InvariantCulture, $"{new Rune(cp)} (U+{cp:X4})")));
}
