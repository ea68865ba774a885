using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Benchmarks.Relevance;

namespace Portal.Search.Tests;

/// <summary>
/// The relevance benchmark's judged set (tests/Portal.Benchmarks/Relevance) run as a test: it fails when success@3 or
/// MRR drops below the floor the module's README states ("Relevance floor: success@3 ≥ N %, MRR ≥ M").
/// </summary>
public sealed partial class RelevanceFloorTests
{
    [Fact]
    public async Task The_judged_queries_stay_above_the_floor_the_readme_states()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RelevanceCorpus.RepositoryRoot(), "src", "Modules", "Search", "README.md"));
        var floor = Floor().Match(readme);
        Assert.True(floor.Success, "The search README states no relevance floor (\"Relevance floor: success@3 ≥ N %, MRR ≥ M\").");
        var successFloor = double.Parse(floor.Groups["success"].Value, CultureInfo.InvariantCulture) / 100;
        var mrrFloor = double.Parse(floor.Groups["mrr"].Value, CultureInfo.InvariantCulture);

        var report = await RelevanceEvaluator.RunAsync();

        var failing = string.Join("; ", report.Outcomes.Where(o => !o.Success).Select(o => $"{o.Judgement.Query} ({o.Judgement.Culture}): top {string.Join(", ", o.Top.Take(3))}"));
        Assert.True(RelevanceJudgements.All.Count >= 60, "The judged set needs at least 60 queries.");
        Assert.True(report.SuccessAt3 >= successFloor, $"success@3 {report.SuccessAt3:P1} is below the README's {successFloor:P1}. Failing: {failing}");
        Assert.True(report.Mrr >= mrrFloor, $"MRR {report.Mrr:0.000} is below the README's {mrrFloor}. Failing: {failing}");
    }

    [Fact]
    public void Every_judged_document_exists_in_the_corpus()
    {
        var ids = RelevanceCorpus.Documents(RelevanceCorpus.RepositoryRoot()).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var missing = RelevanceJudgements.All
            .SelectMany(j => j.Top3.Concat(j.Excluded ?? []).Concat(j.Relevant ?? []))
            .Where(id => !ids.Contains(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(missing);
    }

    [GeneratedRegex(@"Relevance floor\**:?\**\s*success@3 ≥ (?<success>[0-9]+(?:\.[0-9]+)?) ?%, MRR ≥ (?<mrr>[0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex Floor();
}
