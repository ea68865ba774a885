using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Portal.Search.Analysis;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Portal.Search.Indexing;

/// <summary>What <see cref="SearchIndex.Open"/> found on disk.</summary>
internal enum IndexOpenResult
{
    Opened,
    Missing,
    Corrupt,

    /// <summary>Written by an earlier version of the module with another layout: recreated empty.</summary>
    Outdated,

    /// <summary>Readable, but it had not applied indexing-log rows that have since been pruned: rebuilt.</summary>
    BehindLog,
}

/// <summary>
/// This node's Lucene index: one writer, near-real-time searchers, and the id of the last indexing-log row
/// applied (kept in the commit's user data so it survives restarts and is lost with the index, never out of step).
/// The index is a cache: when it is missing or unreadable it is recreated empty and must be rebuilt.
/// </summary>
internal sealed class SearchIndex : IDisposable
{
    private readonly string path;
    private readonly ILogger logger;
    private readonly System.Threading.Lock gate = new();
    private LuceneDirectory? directory;
    private IndexWriter? writer;
    private SearcherManager? searchers;
    private long lastLogId;
    private FileStream? nodeLock;
    private readonly Action? committed;

    /// <param name="committed">Called after each commit that changed documents, once searches see them (the host's
    /// cached search answers of this node are dropped then: <see cref="Services.SearchAnswerCache"/>).</param>
    public SearchIndex(string path, ILogger<SearchIndex> logger, Action? committed = null)
    {
        this.path = path;
        this.logger = logger;
        this.committed = committed;
    }

    public string Path => path;

    /// <summary>How the index folder is opened. Tests wrap the directory to make a commit fail (as on a full disk,
    /// which a test running as root cannot get from a read-only folder).</summary>
    internal Func<DirectoryInfo, LuceneDirectory> OpenDirectory { get; set; } = folder => FSDirectory.Open(folder);

    /// <summary>True when the index was missing or corrupt and has not been rebuilt since.</summary>
    public bool NeedsRebuild { get; private set; }

    public long LastAppliedLogId
    {
        get
        {
            lock (gate)
            {
                return lastLogId;
            }
        }
    }

    public bool IsOpen => writer is not null;

    /// <summary>Opens (or recreates) the index. Safe to call more than once.</summary>
    public IndexOpenResult Open()
    {
        lock (gate)
        {
            if (writer is not null)
            {
                return IndexOpenResult.Opened;
            }

            System.IO.Directory.CreateDirectory(path);
            AcquireNodeLock();
            try
            {
                directory = OpenDirectory(new DirectoryInfo(path));
                var exists = DirectoryReader.IndexExists(directory);
                var outdated = false;
                if (exists)
                {
                    (lastLogId, var schema) = VerifyAndReadCommitData(directory);
                    outdated = schema != SearchFields.SchemaVersion;
                }

                // NeedsRebuild is set before the writer opens: readiness reads IsOpen and NeedsRebuild without the lock,
                // and must never see an open index that is not yet built (a window the first request could hit once the
                // background tasks began after it).
                if (outdated)
                {
                    // Written by an earlier version with other fields: start empty and rebuild, as for a missing index.
                    lastLogId = 0;
                    NeedsRebuild = true;
                    OpenWriter(OpenMode.CREATE);
                    logger.LogInformation("The search index at {Path} has an earlier layout; it will be rebuilt from the database.", path);
                    return IndexOpenResult.Outdated;
                }

                if (!exists)
                {
                    NeedsRebuild = true;
                }

                OpenWriter(exists ? OpenMode.APPEND : OpenMode.CREATE);
                if (!exists)
                {
                    logger.LogInformation("No search index at {Path}; it will be built from the database.", path);
                    return IndexOpenResult.Missing;
                }

                return IndexOpenResult.Opened;
            }
            catch (Exception ex) when (IsCorruption(ex))
            {
                logger.LogWarning(ex, "The search index at {Path} is unreadable; recreating it.", path);
                CloseUnlocked();
                foreach (var file in System.IO.Directory.EnumerateFiles(path))
                {
                    File.Delete(file);
                }

                directory = OpenDirectory(new DirectoryInfo(path));
                lastLogId = 0;
                NeedsRebuild = true;
                OpenWriter(OpenMode.CREATE);
                return IndexOpenResult.Corrupt;
            }
        }
    }

    /// <summary>Waits for background segment merges to finish (benchmarks measure the settled index).</summary>
    public void WaitForMerges() => writer?.WaitForMerges();

    public IndexSearcher AcquireSearcher() => (searchers ?? throw new InvalidOperationException("The search index is not open.")).Acquire();

    /// <summary>A searcher, or null while the index is being opened or closed (a search then finds nothing rather than failing).</summary>
    public IndexSearcher? TryAcquireSearcher()
    {
        var manager = searchers;
        if (manager is null)
        {
            return null;
        }

        try
        {
            return manager.Acquire();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public void ReleaseSearcher(IndexSearcher searcher) => searchers?.Release(searcher);

    /// <summary>
    /// Applies the latest state of changed items and records the last log id, in one commit. An item Lucene refuses
    /// (its analysis fails) is removed from the index instead and returned with its error, so the caller can set
    /// it aside; a failed commit (disk full) undoes the whole batch and throws, leaving the recorded id unchanged.
    /// </summary>
    public IReadOnlyList<(IndexedItem Item, Exception Error)> Apply(IReadOnlyCollection<IndexedItem> items, long appliedLogId)
    {
        lock (gate)
        {
            var w = writer ?? throw new InvalidOperationException("The search index is not open.");
            var refused = new List<(IndexedItem, Exception)>();
            try
            {
                foreach (var item in items)
                {
                    var key = new Term(SearchFields.Key, SearchFields.ItemKey(item.Source, item.ItemId));
                    if (item.Document is null)
                    {
                        w.DeleteDocuments(key);
                        continue;
                    }

                    try
                    {
                        w.UpdateDocument(key, ToLuceneDocument(item, item.Document));
                    }
                    catch (Exception ex) when (IsDocumentError(ex))
                    {
                        w.DeleteDocuments(key);
                        refused.Add((item, ex));
                    }
                }

                CommitUnlocked(Math.Max(appliedLogId, lastLogId), changed: items.Count > 0);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                RollBackUnlocked(ex);
                throw;
            }

            return refused;
        }
    }

    /// <summary>Errors that belong to one document (its analysis), not to the writer or the disk.</summary>
    private static bool IsDocumentError(Exception ex) =>
        ex is not (IOException or OutOfMemoryException or ObjectDisposedException or OperationCanceledException);

    /// <summary>Discards everything since the last successful commit (the searchers show that commit again).</summary>
    private void RollBackUnlocked(Exception cause)
    {
        logger.LogError(cause, "Committing the search index at {Path} failed; it stays at indexing-log row {LastLogId}.", path, lastLogId);
        try
        {
            writer?.Rollback();
        }
        catch (Exception rollback) when (rollback is not OutOfMemoryException)
        {
            logger.LogDebug(rollback, "Ignoring an error while rolling back the index writer.");
        }

        writer = null;
        searchers?.Dispose();
        searchers = null;
        OpenWriter(OpenMode.CREATE_OR_APPEND);
    }

    /// <summary>
    /// Replaces the whole index with the documents <paramref name="fill"/> adds, then commits once. Documents are
    /// analysed on one thread per core while <paramref name="fill"/> keeps reading the sources.
    /// </summary>
    public async Task RebuildAsync(long appliedLogId, Func<Action<IndexedItem>, Task> fill)
    {
        IndexWriter w;
        lock (gate)
        {
            w = writer ?? throw new InvalidOperationException("The search index is not open.");
            w.DeleteAll();
        }

        var queue = System.Threading.Channels.Channel.CreateBounded<IndexedItem>(new System.Threading.Channels.BoundedChannelOptions(1024)
        {
            SingleWriter = true,
            FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait,
        });
        var consumers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var item in queue.Reader.ReadAllAsync())
                {
                    w.AddDocument(ToLuceneDocument(item, item.Document!));
                }
            }
            catch (Exception ex)
            {
                // Stop the reader side too, or it would wait forever for room in the queue.
                queue.Writer.TryComplete(ex);
                throw;
            }
        })).ToList();

        try
        {
            try
            {
                await fill(item =>
                {
                    if (item.Document is not null && !queue.Writer.TryWrite(item))
                    {
                        queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
                    }
                });
            }
            finally
            {
                queue.Writer.TryComplete();
                await Task.WhenAll(consumers);
            }
        }
        catch
        {
            lock (gate)
            {
                w.Rollback();
                writer = null;
                searchers?.Dispose();
                searchers = null;
                OpenWriter(OpenMode.CREATE_OR_APPEND);
            }

            throw;
        }

        lock (gate)
        {
            try
            {
                CommitUnlocked(appliedLogId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // NeedsRebuild stays set: the worker tries the rebuild again.
                RollBackUnlocked(ex);
                throw;
            }

            NeedsRebuild = false;
        }
    }

    public int DocumentCount
    {
        get
        {
            var searcher = AcquireSearcher();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                ReleaseSearcher(searcher);
            }
        }
    }

    internal static Document ToLuceneDocument(IndexedItem indexed, SearchDocument item)
    {
        var doc = new Document
        {
            new StringField(SearchFields.Key, SearchFields.ItemKey(indexed.Source, indexed.ItemId), Field.Store.YES),
            new StringField(SearchFields.Id, item.Id, Field.Store.YES),
            new StringField(SearchFields.Type, item.Type, Field.Store.YES),
            new StringField(SearchFields.Culture, item.Culture, Field.Store.YES),
            new StoredField(SearchFields.Title, item.Title),
            new StoredField(SearchFields.Body, item.Body),
            new StoredField(SearchFields.Url, item.Url),
            new StoredField(SearchFields.Updated, item.UpdatedUtc.UtcTicks),
            new NumericDocValuesField(SearchFields.UpdatedSort, item.UpdatedUtc.UtcTicks),
        };
        var display = new HitDisplay(item.Id, item.Type, item.Culture, item.Title, item.Url, item.UpdatedUtc.UtcTicks, item.Body);
        if (HitDisplayCodec.Encode(display, Querying.SnippetHighlighter.MaxAnalysedLength) is { } packed)
        {
            doc.Add(new BinaryDocValuesField(SearchFields.Display, packed));
        }

        // The unigram and stemmed fields only hold Chinese and Latin-script words respectively: skip them when empty.
        // Title, title again (a title match weighs more), body: three values of each indexed field.
        foreach (var text in new[] { item.Title, item.Title, item.Body })
        {
            doc.Add(new TextField(SearchFields.Text, text, Field.Store.NO));
            AddIf(doc, HasHan, SearchFields.TextUnigram, text);
            AddIf(doc, HasHan, SearchFields.TextTrigram, text);
            AddIf(doc, HasLetterOutsideHan, SearchFields.TextEnglish, text);
        }

        WeighByDocumentLength(doc, item);

        if (!string.IsNullOrEmpty(indexed.Feature))
        {
            // The owning feature: searches leave out the documents of disabled features (no rebuild needed).
            doc.Add(new StringField(SearchFields.Feature, indexed.Feature, Field.Store.NO));
        }

        foreach (var audience in item.Visibility.Audiences.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField(SearchFields.Audience, audience, Field.Store.NO));
        }

        var facets = new HashSet<string>(StringComparer.Ordinal)
        {
            SearchFields.FacetTerm(SearchFields.TypeFacet, item.Type),
            SearchFields.FacetTerm(SearchFields.CultureFacet, item.Culture),
        };
        foreach (var (name, values) in item.Facets)
        {
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    facets.Add(SearchFields.FacetTerm(name, value.Trim()));
                }
            }
        }

        foreach (var facet in facets)
        {
            doc.Add(new StringField(SearchFields.Facet, facet, Field.Store.NO));
            doc.Add(new SortedSetDocValuesField(SearchFields.FacetValues, new BytesRef(facet)));
        }

        if (!string.IsNullOrEmpty(item.TranslationKey))
        {
            doc.Add(new StringField(SearchFields.Translation, item.TranslationKey, Field.Store.YES));
        }

        return doc;
    }

    /// <summary>
    /// The Chinese-only and Latin-only fields hold part of a document: the English words of a Chinese article (Karen,
    /// IT, PDPO) are a handful of terms, and Lucene would treat them as a very short document and weigh them far above
    /// the same word in an English article. A boost on one value of each such field (boosts of a field's values multiply
    /// into its norm) brings its length normalisation to that of the whole document: sqrt(part / whole).
    /// </summary>
    private static void WeighByDocumentLength(Document doc, SearchDocument item)
    {
        var (han, latin) = CountTokens(item.Title);
        var (bodyHan, bodyLatin) = CountTokens(item.Body);
        han = (2 * han) + bodyHan;
        latin = (2 * latin) + bodyLatin;
        // A Chinese word is about two characters (one token each): an English word in a Chinese article is weighed as
        // in an English article of the same number of words.
        SetBoost(SearchFields.TextEnglish, latin, latin + (han / 2.0));
        SetBoost(SearchFields.TextUnigram, han, han + latin);
        SetBoost(SearchFields.TextTrigram, han, han + latin);

        void SetBoost(string field, int part, double whole)
        {
            if (part > 0 && part < whole && doc.GetFields(field).LastOrDefault() is Field last)
            {
                last.Boost = (float)Math.Sqrt(part / whole);
            }
        }
    }

    /// <summary>Chinese characters and Latin-script words, as the analysers count tokens (near enough for a norm).</summary>
    private static (int Han, int Latin) CountTokens(string text)
    {
        int han = 0, latin = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (Querying.SearchQueryBuilder.IsHan(c))
            {
                han++;
                inWord = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                latin += inWord ? 0 : 1;
                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }

        return (han, latin);
    }

    private static void AddIf(Document doc, Func<string, bool> test, string field, string text)
    {
        if (test(text))
        {
            doc.Add(new TextField(field, text, Field.Store.NO));
        }
    }

    private static bool HasHan(string text)
    {
        foreach (var c in text)
        {
            if (Querying.SearchQueryBuilder.IsHan(c) || (c >= '\uFF00' && c <= '\uFFEF'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLetterOutsideHan(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) && !Querying.SearchQueryBuilder.IsHan(c))
            {
                return true;
            }
        }

        return false;
    }

    private static (long LastLogId, string? Schema) VerifyAndReadCommitData(LuceneDirectory dir)
    {
        using var reader = DirectoryReader.Open(dir);
        // Touch every segment's stored fields and terms so a truncated or damaged file shows up now, not mid-query.
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            if (atomic.MaxDoc > 0)
            {
                atomic.Document(atomic.MaxDoc - 1);
                var terms = atomic.GetTerms(SearchFields.Key);
                if (terms is not null)
                {
                    var e = terms.GetEnumerator();
                    e.MoveNext();
                }
            }
        }

        var data = reader.IndexCommit.UserData;
        var lastLogId = data.TryGetValue(SearchFields.LastLogIdCommitKey, out var value) && long.TryParse(value, out var id) ? id : 0;
        return (lastLogId, data.TryGetValue(SearchFields.SchemaCommitKey, out var schema) ? schema : null);
    }

    private static bool IsCorruption(Exception ex) =>
        ex is not LockObtainFailedException
        && ex is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
            or IOException or EndOfStreamException or InvalidOperationException or IndexOutOfRangeException
            or ArgumentException or FormatException or NullReferenceException;

    /// <summary>
    /// One process per index folder: a second process (e.g. <c>reindex</c> while the portal runs) would write
    /// the same files. Lucene's own write.lock does not reliably exclude another process here, so hold an
    /// exclusive lock on a file beside the folder (beside, so that recreating a damaged index never deletes it).
    /// </summary>
    private void AcquireNodeLock()
    {
        if (nodeLock is not null)
        {
            return;
        }

        try
        {
            nodeLock = new FileStream(path.TrimEnd(System.IO.Path.DirectorySeparatorChar) + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new LockObtainFailedException("The search index at " + path + " is in use by another process.", ex);
        }
    }

    private void OpenWriter(OpenMode mode)
    {
        var config = new IndexWriterConfig(SearchAnalyzers.Version, SearchAnalyzers.PerField)
        {
            OpenMode = mode,
            RAMBufferSizeMB = 64,
            MergeScheduler = new LoggingMergeScheduler(logger),
        };
        writer = new IndexWriter(directory, config);
        if (mode == OpenMode.CREATE)
        {
            writer.SetCommitData(new Dictionary<string, string> { [SearchFields.LastLogIdCommitKey] = "0", [SearchFields.SchemaCommitKey] = SearchFields.SchemaVersion });
            writer.Commit();
        }

        searchers = new SearcherManager(writer, true, null);
    }

    /// <summary>Commits, and only then records <paramref name="appliedLogId"/> as applied: a commit that fails (a full
    /// disk) leaves the index claiming no more than it holds.</summary>
    private void CommitUnlocked(long appliedLogId, bool changed = true)
    {
        writer!.SetCommitData(new Dictionary<string, string>
        {
            [SearchFields.LastLogIdCommitKey] = appliedLogId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [SearchFields.SchemaCommitKey] = SearchFields.SchemaVersion,
        });
        writer.Commit();
        lastLogId = appliedLogId;
        searchers!.MaybeRefreshBlocking();
        if (changed)
        {
            committed?.Invoke();
        }
    }

    private void CloseUnlocked()
    {
        try
        {
            searchers?.Dispose();
            writer?.Dispose();
        }
        catch (Exception ex) when (IsCorruption(ex))
        {
            logger.LogDebug(ex, "Ignoring an error while closing a damaged index.");
        }

        searchers = null;
        writer = null;
        directory?.Dispose();
        directory = null;
    }

    public void Dispose()
    {
        lock (gate)
        {
            CloseUnlocked();
            nodeLock?.Dispose();
            nodeLock = null;
        }
    }
}

/// <summary>The current state of one item: its document, or null to remove it from the index.</summary>
/// <param name="Feature">The feature of the module whose source produced it (empty: always searched).</param>
internal sealed record IndexedItem(string Source, string ItemId, SearchDocument? Document, string Feature = "")
{
    /// <summary>Item ids in the log may be the module's id (<c>42</c>) or the document id (<c>kb-article:42</c>).</summary>
    public static string NormalizeItemId(string source, string itemId) =>
        itemId.StartsWith(source + ":", StringComparison.Ordinal) ? itemId[(source.Length + 1)..] : itemId;

    public static IndexedItem Create(string source, string itemId, SearchDocument? document, string feature = "") =>
        new(source, NormalizeItemId(source, itemId), document, feature);
}

/// <summary>
/// Lucene's merge scheduler rethrows a failed background merge on its own thread, which ends the whole process
/// (a full disk, or the index folder removed while a merge runs). A failed merge loses nothing: the index stays as
/// last committed and merges again later. So it is logged, and the portal keeps serving.
/// </summary>
internal sealed class LoggingMergeScheduler(ILogger logger) : ConcurrentMergeScheduler
{
    protected override void HandleMergeException(Exception exc) =>
        logger.LogWarning(exc, "A background merge of the search index failed; the index stays as last committed.");
}
