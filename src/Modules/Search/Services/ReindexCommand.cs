using System.Globalization;
using Lucene.Net.Store;
using Portal.Commands;

namespace Portal.Search.Services;

/// <summary><c>dotnet run --project src/Portal -- reindex</c>: rebuilds this node's index from every source, printing progress.</summary>
internal sealed class ReindexCommand(IndexUpdater updater) : IPortalCommand
{
    public string Name => "reindex";

    public string Description => "Rebuilds the search index from every module's content.";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            var progress = new SynchronousProgress(p =>
            {
                var elapsed = p.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                output.WriteLine(p.Done
                    ? $"Done: {p.Total} documents in {elapsed} s."
                    : $"  {p.Source}: {p.SourceCount} documents ({p.Total} in total, {elapsed} s)");
            });
            output.WriteLine("Rebuilding the search index…");
            await updater.RebuildAsync(progress, cancellationToken);
            return 0;
        }
        catch (LockObtainFailedException)
        {
            output.WriteLine("The search index is in use by a running portal on this machine. Stop it first, or use Admin → Search → Rebuild index.");
            return 2;
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    private sealed class SynchronousProgress(Action<RebuildProgress> report) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => report(value);
    }
}
