using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Globalization;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Metrics;

namespace Portal.Knowledge.Services;

/// <summary>The knowledge platform's figures for the impact dashboard.</summary>
internal sealed class KnowledgeMetrics(KnowledgeDbContext db, IStringLocalizer<KnowledgeStrings> T) : IMetricsSource
{
    public string Module => "knowledge";

    public async Task<IReadOnlyList<MetricValue>> GetMetricsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        // The period is in Hong Kong dates; stored times are UTC.
        var start = PortalCultures.StartOfDayUtc(from);
        var end = PortalCultures.StartOfDayUtc(to.AddDays(1));
        var published = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published);
        var total = await published.CountAsync(cancellationToken);
        var topics = await published.Select(a => a.TranslationKey).Distinct().CountAsync(cancellationToken);
        var inPeriod = await published.CountAsync(a => a.PublishedUtc >= start && a.PublishedUtc < end, cancellationToken);
        var files = await db.Attachments.AsNoTracking().CountAsync(a => a.Kind == AttachmentKind.Document, cancellationToken);
        return
        [
            new("knowledge.articles-published", T["Articles published in the period"], inPeriod, "count"),
            new("knowledge.articles-online", T["Articles online (both languages)"], total, "count"),
            new("knowledge.topics-online", T["Articles online (counting a translation once)"], topics, "count"),
            new("knowledge.toolkit-files", T["Toolkit files to download"], files, "count"),
        ];
    }
}
