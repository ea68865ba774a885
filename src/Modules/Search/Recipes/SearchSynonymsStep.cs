using Microsoft.EntityFrameworkCore;
using Portal.Recipes;
using Portal.Search.Data;
using Portal.Search.Models;
using Portal.Search.Services;

namespace Portal.Search.Recipes;

public sealed class SearchSynonymsStepModel
{
    /// <summary>One group per line, words separated by commas: <c>照顧者, 護老者, carer, caregiver</c>.</summary>
    public List<string> Synonyms { get; set; } = [];
}

/// <summary>
/// <c>SearchSynonyms</c>: adds synonym groups that the list does not hold yet (compared without regard to case,
/// spacing or order), so running it again changes nothing and groups staff edited are left alone.
/// </summary>
internal sealed class SearchSynonymsStep(SearchDbContext db, SynonymCache cache, TimeProvider clock) : RecipeStepHandler<SearchSynonymsStepModel>
{
    public const string Name = "SearchSynonyms";

    public override string StepName => Name;

    public override IEnumerable<string> Validate(SearchSynonymsStepModel model, RecipeExecutionContext context)
    {
        if (model.Synonyms.Count == 0)
        {
            yield return "The step has no \"Synonyms\": give one line per group, words separated by commas.";
        }

        for (var i = 0; i < model.Synonyms.Count; i++)
        {
            if (SynonymGroup.TryCreate(model.Synonyms[i], clock.GetUtcNow()) is null)
            {
                yield return $"Synonyms[{i}] (\"{model.Synonyms[i]}\") needs at least two different words, separated by commas, and at most {SynonymGroup.MaxTermsLength} characters.";
            }
        }
    }

    public override async Task ExecuteAsync(SearchSynonymsStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var existing = (await db.Synonyms.AsNoTracking().Select(s => s.Terms).ToListAsync(cancellationToken))
            .Select(Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var line in model.Synonyms)
        {
            var group = SynonymGroup.TryCreate(line, clock.GetUtcNow())!;
            if (existing.Add(Key(group.Terms)))
            {
                db.Synonyms.Add(group);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    private static string Key(string terms) =>
        string.Join('\n', Querying.SynonymSet.ParseLine(terms).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
