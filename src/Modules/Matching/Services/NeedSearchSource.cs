using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Matching.Data;
using Portal.Matching.Models;
using Portal.Matching.Resources;
using Portal.Search;

namespace Portal.Matching.Services;

/// <summary>
/// Feeds open needs to the search index as a public summary, one document per language: the need's title and
/// description, the group's name, the kind of help, district, on site or remote, time and deadline. Never the
/// group's contacts, committee or size, and nothing about partners or matches. A need that is no longer open
/// produces no document, so it leaves the index.
/// </summary>
internal sealed class NeedSearchSource(MatchingDbContext db) : ISearchDocumentSource
{
    public const string SourceName = "partner-need";

    public string Source => SourceName;

    public async IAsyncEnumerable<SearchDocument> GetAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lastId = 0L;
        while (true)
        {
            var page = await db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Open && n.Id > lastId).OrderBy(n => n.Id).Take(200).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            var orgIds = page.Select(n => n.OrganisationId).Distinct().ToList();
            var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
            foreach (var need in page)
            {
                foreach (var document in ToDocuments(need, organisations[need.OrganisationId]))
                {
                    yield return document;
                }
            }

            lastId = page[^1].Id;
        }
    }

    /// <summary>One document per item id: the id carries the language (<c>{id}:{culture}</c>).</summary>
    public async Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default)
    {
        var parts = itemId.Split(':', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !PortalCultures.All.Contains(parts[1]))
        {
            return null;
        }

        var need = await db.Needs.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (need is null || need.Status != NeedStatus.Open)
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == need.OrganisationId, cancellationToken);
        var culture = parts[1];
        return ToDocuments(need, organisation).FirstOrDefault(d => d.Culture == culture);
    }

    public static string ItemId(long id, string culture) => string.Create(CultureInfo.InvariantCulture, $"{id}:{culture}");

    internal static IEnumerable<SearchDocument> ToDocuments(Need need, Organisation organisation)
    {
        foreach (var culture in PortalCultures.All)
        {
            var english = culture == PortalCultures.English;
            var area = Vocabulary.Label(Vocabulary.Areas, need.Area, english);
            var district = Vocabulary.Label(Vocabulary.Districts, organisation.District, english);
            var mode = english ? need.Mode switch { WorkMode.OnSite => "on site", WorkMode.Remote => "remote", _ => "on site or remote" }
                : need.Mode switch { WorkMode.OnSite => "到場", WorkMode.Remote => "遙距", _ => "到場或遙距" };
            var facts = english
                ? $"{organisation.Name(true)} · {area} · {district} · {mode} · about {need.HoursPerMonth} {(need.HoursPerMonth == 1 ? "hour" : "hours")} a month for {need.Months} {(need.Months == 1 ? "month" : "months")} · by {need.Deadline:yyyy-MM-dd}"
                : $"{organisation.Name(false)} · {area} · {district} · {mode} · 每月約 {need.HoursPerMonth} 小時，為期 {need.Months} 個月 · {need.Deadline:yyyy-MM-dd} 前";
            yield return new SearchDocument
            {
                Id = $"{SourceName}:{ItemId(need.Id, culture)}",
                Type = SourceName,
                Culture = culture,
                Title = need.Title,
                Body = facts + "\n\n" + need.Description,
                Url = $"/partners/needs/{need.Id.ToString(CultureInfo.InvariantCulture)}",
                UpdatedUtc = need.UpdatedUtc,
                Visibility = SearchVisibility.Public,
                Facets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
                {
                    [NeedSearchLabels.AreaFacet] = [need.Area],
                    [NeedSearchLabels.DistrictFacet] = [organisation.District],
                },
                TranslationKey = $"{SourceName}:{need.Id.ToString(CultureInfo.InvariantCulture)}",
            };
        }
    }
}

/// <summary>Names what <see cref="NeedSearchSource"/> indexes, in both languages, so search never shows a slug.</summary>
internal sealed class NeedSearchLabels(IStringLocalizer<MatchingStrings> t) : ISearchLabelProvider
{
    public const string AreaFacet = "need-area";
    public const string DistrictFacet = "district";

    public IReadOnlyCollection<string> Facets { get; } = [AreaFacet, DistrictFacet];

    public IReadOnlyDictionary<string, string> GetDocumentTypeNames(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.Normalize(culture));
        try
        {
            return new Dictionary<string, string> { [NeedSearchSource.SourceName] = t["A group's need for help"].Value };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(string facet, IReadOnlyCollection<string> values, string culture, CancellationToken cancellationToken = default)
    {
        var english = PortalCultures.Normalize(culture) == PortalCultures.English;
        var list = facet switch
        {
            AreaFacet => Vocabulary.Areas,
            DistrictFacet => Vocabulary.Districts,
            _ => null,
        };
        IReadOnlyDictionary<string, string> labels = list is null
            ? new Dictionary<string, string>()
            : values.Where(v => Vocabulary.Contains(list, v)).Distinct().ToDictionary(v => v, v => Vocabulary.Label(list, v, english), StringComparer.Ordinal);
        return Task.FromResult(labels);
    }
}
