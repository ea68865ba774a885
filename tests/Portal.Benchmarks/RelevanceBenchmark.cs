using System.Globalization;
using Portal.Benchmarks.Relevance;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Portal.Benchmarks -- relevance</c>: the judged set
/// (<see cref="RelevanceJudgements"/>) over the demo content plus the benchmark's own articles. Prints success@3
/// (every expected document in the top 3, no excluded one found), MRR and the queries that fail, overall and per class.
/// </summary>
public static class RelevanceBenchmark
{
    public const double TargetSuccessAt3 = 0.95;
    public const double TargetMrr = 0.9;

    public static async Task RunAsync(string[] args)
    {
        var report = await RelevanceEvaluator.RunAsync();
        var verbose = args.Contains("--all", StringComparer.Ordinal);
        Console.WriteLine($"Relevance benchmark: {report.Outcomes.Count} judged queries, {report.Outcomes.Select(o => o.Judgement.Class).Distinct().Count()} classes");
        foreach (var group in report.Outcomes.GroupBy(o => o.Judgement.Class))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-16} {group.Count(),3} queries  success@3 {group.Count(o => o.Success) / (double)group.Count():P0}  MRR {group.Average(o => o.ReciprocalRank):0.000}"));
        }

        var failing = report.Outcomes.Where(o => verbose || !o.Success).ToList();
        if (failing.Count > 0)
        {
            Console.WriteLine(verbose ? "Every query:" : "Failing queries:");
            foreach (var o in failing)
            {
                Console.WriteLine($"  [{(o.Success ? "ok" : "FAIL")}] {o.Judgement.Query} ({o.Judgement.Culture}, {o.Judgement.Class}){(o.FollowedSuggestion is null ? "" : $" → suggestion “{o.FollowedSuggestion}”")}");
                Console.WriteLine($"      expected {string.Join(", ", o.Judgement.Top3.Zip(o.Ranks, (id, r) => $"{id} @{(r == 0 ? "–" : r.ToString(CultureInfo.InvariantCulture))}"))}{(o.ExcludedFound.Count > 0 ? "; excluded but found: " + string.Join(", ", o.ExcludedFound) : "")}");
                Console.WriteLine($"      top 5: {string.Join(", ", o.Top.Take(5))}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"success@3 {report.SuccessAt3:P1} [target ≥ {TargetSuccessAt3:P0}: {(report.SuccessAt3 >= TargetSuccessAt3 ? "met" : "NOT met")}]  MRR {report.Mrr:0.000} [target ≥ {TargetMrr:0.0}: {(report.Mrr >= TargetMrr ? "met" : "NOT met")}]"));
    }
}
