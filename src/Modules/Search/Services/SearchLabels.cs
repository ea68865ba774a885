using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Globalization;
using Portal.Search.Resources;

namespace Portal.Search.Services;

/// <summary>Display labels of facet values in one language; a value nobody names is shown as written.</summary>
public sealed class FacetLabels
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _labels;

    internal FacetLabels(string culture, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> labels)
    {
        Culture = culture;
        _labels = labels;
    }

    public static FacetLabels None(string culture) => new(culture, new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary><c>zh-HK</c> or <c>en</c>.</summary>
    public string Culture { get; }

    public string Label(string facet, string value) =>
        _labels.TryGetValue(facet, out var labels) && labels.TryGetValue(value, out var label) ? label : Fallback(value);

    /// <summary>What a value nobody names looks like: slugs lose their hyphens.</summary>
    public static string Fallback(string value) => value.Replace('-', ' ');
}

/// <summary>
/// Briefly remembered labels (<see cref="SearchOptions.LabelCacheDuration"/>), including "nobody names this value",
/// so a busy search page asks the modules only now and then. Renamed categories show within that time.
/// </summary>
internal sealed class SearchLabelCache(TimeProvider clock, IOptions<SearchOptions> options)
{
    // Values come from the index, not from the query string, so the set is bounded by the content; the cap is a guard.
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<(string Facet, string Culture, string Value), (string? Label, DateTimeOffset Expires)> _entries = new();

    public bool TryGet(string facet, string culture, string value, out string? label)
    {
        if (_entries.TryGetValue((facet, culture, value), out var entry) && entry.Expires > clock.GetUtcNow())
        {
            label = entry.Label;
            return true;
        }

        label = null;
        return false;
    }

    public void Set(string facet, string culture, string value, string? label)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(facet, culture, value)] = (label, clock.GetUtcNow() + options.Value.LabelCacheDuration);
    }
}

/// <summary>Names facet values, document types and languages for the search page and API.</summary>
public interface ISearchLabelResolver
{
    /// <summary>Labels in <paramref name="culture"/> for the given values of each facet (facet → values).</summary>
    Task<FacetLabels> ResolveAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> values, string culture, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the modules' <see cref="ISearchLabelProvider"/>s for the labels of the facet values on one page: one call per
/// facet and provider for the values not in the cache, never one per value. The search module names the
/// <c>culture</c> facet itself; <c>type</c> values are named by each provider's document types.
/// </summary>
internal sealed class SearchLabelResolver(
    IEnumerable<ISearchLabelProvider> providers,
    SearchLabelCache cache,
    IStringLocalizer<SearchStrings> T,
    ILogger<SearchLabelResolver> logger) : ISearchLabelResolver
{
    public const string TypeFacet = "type";
    public const string CultureFacet = "culture";

    private readonly IReadOnlyList<ISearchLabelProvider> _providers = [.. providers];

    public async Task<FacetLabels> ResolveAsync(
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> values,
        string culture,
        CancellationToken cancellationToken)
    {
        culture = PortalCultures.Normalize(culture);
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (facet, facetValues) in values)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (var value in facetValues.Distinct(StringComparer.Ordinal))
            {
                if (cache.TryGet(facet, culture, value, out var cached))
                {
                    if (cached is not null)
                    {
                        labels[value] = cached;
                    }
                }
                else
                {
                    missing.Add(value);
                }
            }

            if (missing.Count > 0)
            {
                var found = await LookUpAsync(facet, missing, culture, cancellationToken);
                if (found is not null)
                {
                    foreach (var value in missing)
                    {
                        var label = found.TryGetValue(value, out var l) && !string.IsNullOrWhiteSpace(l) ? l : null;
                        cache.Set(facet, culture, value, label);
                        if (label is not null)
                        {
                            labels[value] = label;
                        }
                    }
                }
            }

            result[facet] = labels;
        }

        return new FacetLabels(culture, result);
    }

    /// <summary>Labels from whoever names this facet; null when a provider failed (nothing is cached then).</summary>
    private async Task<Dictionary<string, string>?> LookUpAsync(string facet, List<string> values, string culture, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (facet == CultureFacet)
        {
            foreach (var value in values)
            {
                if (CultureName(value, culture) is { } name)
                {
                    found[value] = name;
                }
            }

            return found;
        }

        try
        {
            foreach (var provider in _providers)
            {
                if (facet == TypeFacet)
                {
                    foreach (var (type, name) in provider.GetDocumentTypeNames(culture))
                    {
                        found.TryAdd(type, name);
                    }

                    continue;
                }

                if (!provider.Facets.Contains(facet))
                {
                    continue;
                }

                var unnamed = values.Where(v => !found.ContainsKey(v)).ToList();
                if (unnamed.Count == 0)
                {
                    break;
                }

                foreach (var (value, label) in await provider.GetLabelsAsync(facet, unnamed, culture, cancellationToken))
                {
                    found.TryAdd(value, label);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Labels are a nicety: the page still works with the values as written.
            logger.LogWarning(ex, "Could not name the values of search facet {Facet}.", facet);
            return null;
        }

        return found;
    }

    private string? CultureName(string value, string culture)
    {
        if (value is not (PortalCultures.Chinese or PortalCultures.English))
        {
            return null;
        }

        // The localizer reads the current UI culture; an API caller may ask for another language.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return value == PortalCultures.English ? T["English"].Value : T["Chinese"].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
