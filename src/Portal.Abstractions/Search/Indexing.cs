using System.Data.Common;
using System.Security.Claims;

namespace Portal.Search;

/// <summary>
/// One searchable item as a module publishes it. <see cref="Id"/> is unique across the portal
/// (by convention <c>{type}:{module id}</c>, e.g. <c>kb-article:42</c>).
/// </summary>
public sealed record SearchDocument
{
    public required string Id { get; init; }

    /// <summary>Kind of item, e.g. <c>kb-article</c>, <c>course</c>, <c>forum-post</c>, <c>partner-need</c>, <c>page</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>zh-HK</c> or <c>en</c>.</summary>
    public required string Culture { get; init; }

    public required string Title { get; init; }

    /// <summary>Plain text (no Markdown or HTML) to index and take snippets from.</summary>
    public required string Body { get; init; }

    /// <summary>Site-relative URL of the item.</summary>
    public required string Url { get; init; }

    public required DateTimeOffset UpdatedUtc { get; init; }

    /// <summary>Who may see the item. Search shows it only to people holding one of these audiences.</summary>
    public required SearchVisibility Visibility { get; init; }

    /// <summary>Facet values, e.g. <c>category</c> → [<c>fundraising</c>], <c>condition</c> → [...].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Items that are translations of each other share this key.</summary>
    public string? TranslationKey { get; init; }
}

/// <summary>
/// Audiences that may see an item: <c>public</c>, <c>authenticated</c>, <c>role:{Role}</c>, <c>user:{id}</c>,
/// <c>community:{id}</c>, or any other string a module's <see cref="IAudienceProvider"/> grants.
/// </summary>
public sealed record SearchVisibility(IReadOnlyList<string> Audiences)
{
    public const string PublicAudience = "public";
    public const string AuthenticatedAudience = "authenticated";

    public static SearchVisibility Public { get; } = new([PublicAudience]);
    public static SearchVisibility SignedIn { get; } = new([AuthenticatedAudience]);

    public static SearchVisibility Roles(params string[] roles) => new([.. roles.Select(r => "role:" + r)]);
}

/// <summary>Tells which audiences a person holds. The search module grants public/authenticated/role/user audiences;
/// modules add their own (the forum adds the communities a person belongs to).</summary>
public interface IAudienceProvider
{
    Task<IEnumerable<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>A module's searchable content. The search module calls it to rebuild the index and to load items
/// named in the indexing log.</summary>
public interface ISearchDocumentSource
{
    /// <summary>The source name used in <see cref="IndexChange.Source"/>, e.g. <c>kb-article</c>.</summary>
    string Source { get; }

    /// <summary>
    /// The feature that owns these documents: while it is disabled, searches leave them out (and show them again when
    /// it is enabled, without a rebuild). Null (the default): the feature of the module whose assembly declares the
    /// source (<c>[assembly: Module]</c>); a module with sub-features may name one.
    /// </summary>
    string? FeatureId => null;

    IAsyncEnumerable<SearchDocument> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The current document for an item, or null when it is gone or no longer searchable (unpublished).</summary>
    Task<SearchDocument?> GetAsync(string itemId, CancellationToken cancellationToken = default);
}

/// <summary>An item that changed. The search module re-reads it from its <see cref="ISearchDocumentSource"/>.</summary>
public sealed record IndexChange(string Source, string ItemId);

/// <summary>
/// Modules call this with their open transaction, as they do for <c>INotificationPublisher.PublishAsync</c>: the
/// search module records the changes in its indexing log (in the database, so every node catches up) as part of that
/// transaction, so the change and its log row commit together, or neither does. A background worker on every node
/// applies the log in batches.
/// </summary>
public interface IIndexingQueue
{
    /// <summary>
    /// Writes the changes to the indexing log. Pass the caller's open transaction (same database connection) so the
    /// rows commit with the change; an exception then means the caller must roll back. Without one, the rows commit
    /// on their own (recipes and other work that has no transaction of its own).
    /// </summary>
    Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, DbTransaction? transaction, CancellationToken cancellationToken = default);

    /// <summary>Writes the changes in a transaction of their own (after the caller's change has committed).</summary>
    Task EnqueueAsync(IReadOnlyCollection<IndexChange> changes, CancellationToken cancellationToken = default) =>
        EnqueueAsync(changes, null, cancellationToken);
}
