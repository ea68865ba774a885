using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Knowledge.ViewModels;
using Portal.Search;

namespace Portal.Knowledge.Services;

/// <summary>
/// Names what <see cref="KnowledgeSearchSource"/> indexes: the <c>kb-article</c> type, categories (their stored
/// Chinese and English names), audiences (the same texts as the browse pages), and conditions and tags.
/// </summary>
/// <remarks>
/// Conditions and tags are words in the article's own language (認知障礙症 on the Chinese article, dementia on its
/// English translation). A word in the reader's language is its own label; a word in the other language is
/// named by the word at the same position on the translation of an article that carries it (when both versions
/// list the same number of words), the most frequent such word winning. Words with no such match are left out,
/// so search shows them as written.
/// </remarks>
internal sealed class KnowledgeSearchLabels(KnowledgeDbContext db, IStringLocalizer<KnowledgeStrings> T) : ISearchLabelProvider
{
    public const string CategoryFacet = "category";
    public const string ConditionFacet = "condition";
    public const string TagFacet = "tag";
    public const string AudienceFacet = "audience";

    public IReadOnlyCollection<string> Facets { get; } = [CategoryFacet, ConditionFacet, TagFacet, AudienceFacet];

    public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture) =>
        new Dictionary<string, string> { [KnowledgeSearchSource.SourceName] = Localized("Knowledge article", culture) };

    public async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(
        string facet,
        IReadOnlyCollection<string> values,
        string culture,
        CancellationToken cancellationToken = default)
    {
        culture = PortalCultures.Normalize(culture);
        var wanted = values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        return facet switch
        {
            CategoryFacet => await CategoryNamesAsync(wanted, culture, cancellationToken),
            ConditionFacet => await TermNamesAsync(wanted, culture, conditions: true, cancellationToken),
            TagFacet => await TermNamesAsync(wanted, culture, conditions: false, cancellationToken),
            AudienceFacet => AudienceNames(wanted, culture),
            _ => new Dictionary<string, string>(),
        };
    }

    private async Task<IReadOnlyDictionary<string, string>> CategoryNamesAsync(List<string> slugs, string culture, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking()
            .Where(c => slugs.Contains(c.Slug))
            .Select(c => new { c.Slug, c.NameZh, c.NameEn })
            .ToListAsync(cancellationToken);
        return categories.ToDictionary(c => c.Slug, c => culture == PortalCultures.English ? c.NameEn : c.NameZh, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyDictionary<string, string>> TermNamesAsync(
        List<string> terms,
        string culture,
        bool conditions,
        CancellationToken cancellationToken)
    {
        Func<TermRow, List<string>> select = conditions ? r => r.Conditions : r => r.Tags;

        // Published articles carrying any of the words: one query, whatever the number of words.
        var carriers = conditions
            ? await db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.Conditions.Any(t => terms.Contains(t)))
                .Select(a => new TermRow(a.Id, a.Culture, a.TranslationKey, a.Conditions, a.Tags))
                .ToListAsync(cancellationToken)
            : await db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.Tags.Any(t => terms.Contains(t)))
                .Select(a => new TermRow(a.Id, a.Culture, a.TranslationKey, a.Conditions, a.Tags))
                .ToListAsync(cancellationToken);

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var termSet = terms.ToHashSet(StringComparer.Ordinal);
        foreach (var row in carriers.Where(r => r.Culture == culture))
        {
            foreach (var term in select(row).Where(termSet.Contains))
            {
                labels[term] = term;
            }
        }

        var foreign = carriers.Where(r => r.Culture != culture).ToList();
        var keys = foreign.Select(r => r.TranslationKey).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return labels;
        }

        // Their translations in the reader's language: a second query, again one for the whole batch.
        var translations = (await db.Articles.AsNoTracking()
                .Where(a => a.Status == ArticleStatus.Published && a.Culture == culture && keys.Contains(a.TranslationKey))
                .Select(a => new TermRow(a.Id, a.Culture, a.TranslationKey, a.Conditions, a.Tags))
                .ToListAsync(cancellationToken))
            .GroupBy(r => r.TranslationKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var votes = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var row in foreign)
        {
            if (!translations.TryGetValue(row.TranslationKey, out var translation))
            {
                continue;
            }

            var own = select(row);
            var other = select(translation);
            if (own.Count != other.Count)
            {
                continue;
            }

            for (var i = 0; i < own.Count; i++)
            {
                if (termSet.Contains(own[i]) && !labels.ContainsKey(own[i]))
                {
                    var tally = votes.TryGetValue(own[i], out var found) ? found : votes[own[i]] = new(StringComparer.Ordinal);
                    tally[other[i]] = tally.GetValueOrDefault(other[i]) + 1;
                }
            }
        }

        foreach (var (term, tally) in votes)
        {
            labels[term] = tally.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key;
        }

        return labels;
    }

    private Dictionary<string, string> AudienceNames(List<string> audiences, string culture)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var audience in audiences)
        {
            var key = DisplayText.Audience(audience);
            if (!string.Equals(key, audience, StringComparison.Ordinal))
            {
                labels[audience] = Localized(key, culture);
            }
        }

        return labels;
    }

    // The localizer reads the current UI culture; the caller may ask for another language than the request's.
    private string Localized(string key, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return T[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    internal sealed record TermRow(long Id, string Culture, string TranslationKey, List<string> Conditions, List<string> Tags);
}
