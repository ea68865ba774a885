using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Content.Resources;
using Portal.Globalization;
using Portal.Search;

namespace Portal.Content.Services;

/// <summary>Names the document types <see cref="PageSearchSource"/> and <see cref="NewsSearchSource"/> index.
/// Pages and news set no facets.</summary>
internal sealed class ContentSearchLabels(IStringLocalizer<ContentStrings> T) : ISearchLabelProvider
{
    public IReadOnlyCollection<string> Facets { get; } = [];

    public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.Normalize(culture));
        try
        {
            // Read inside the scope: the localizer looks at the current UI culture.
            return new Dictionary<string, string>
            {
                [PageSearchSource.SourceName] = T["Web page"].Value,
                [NewsSearchSource.SourceName] = T["News story"].Value,
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(
        string facet,
        IReadOnlyCollection<string> values,
        string culture,
        CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}
