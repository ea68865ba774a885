using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Academy.Models;
using Portal.Academy.Resources;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Academy.Services;

/// <summary>Names what <see cref="CourseSearchSource"/> indexes: the <c>course</c> type and its <c>language</c>
/// facet (the language a course is taught in), with the texts the course catalogue uses.</summary>
internal sealed class CourseSearchLabels(IStringLocalizer<AcademyStrings> T) : ISearchLabelProvider
{
    public const string LanguageFacet = "language";

    public IReadOnlyCollection<string> Facets { get; } = [LanguageFacet];

    public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture) =>
        new Dictionary<string, string> { [CourseSearchSource.SourceName] = Localized("Course", culture) };

    public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(
        string facet,
        IReadOnlyCollection<string> values,
        string culture,
        CancellationToken cancellationToken = default)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (facet == LanguageFacet)
        {
            foreach (var value in values)
            {
                if (LanguageName(value) is { } key)
                {
                    labels[value] = Localized(key, culture);
                }
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(labels);
    }

    private static string? LanguageName(string language) => language switch
    {
        CourseLanguages.Chinese => "Cantonese / Chinese",
        CourseLanguages.English => "English",
        CourseLanguages.Both => "Chinese and English",
        _ => null,
    };

    // The localizer reads the current UI culture; the caller may ask for another language than the request's.
    private string Localized(string key, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.Normalize(culture));
        try
        {
            return T[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
