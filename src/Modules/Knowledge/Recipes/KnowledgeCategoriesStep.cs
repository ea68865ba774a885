using Microsoft.EntityFrameworkCore;
using Portal.Knowledge.Data;
using Portal.Knowledge.Models;
using Portal.Recipes;

namespace Portal.Knowledge.Recipes;

public sealed class KnowledgeCategoriesStepModel
{
    public List<KnowledgeCategoryModel> Categories { get; set; } = [];
}

public sealed class KnowledgeCategoryModel
{
    public string? Slug { get; set; }
    public string? NameZh { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }
    public int Order { get; set; }
}

/// <summary><c>KnowledgeCategories</c>: creates or updates categories, matched by slug.</summary>
internal sealed class KnowledgeCategoriesStep(KnowledgeDbContext db) : RecipeStepHandler<KnowledgeCategoriesStepModel>
{
    public const string Name = "KnowledgeCategories";

    public override string StepName => Name;

    public override IEnumerable<string> Validate(KnowledgeCategoriesStepModel model, RecipeExecutionContext context)
    {
        if (model.Categories.Count == 0)
        {
            yield return "KnowledgeCategories: the step has no \"categories\".";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < model.Categories.Count; i++)
        {
            var category = model.Categories[i];
            var where = $"KnowledgeCategories: category #{i + 1}" + (string.IsNullOrWhiteSpace(category.Slug) ? string.Empty : $" (\"{category.Slug}\")");
            if (!Slugs.IsValid(category.Slug))
            {
                yield return $"{where}: \"slug\" is missing or not a valid web address (lower-case letters a-z, digits and hyphens).";
            }
            else if (!seen.Add(category.Slug!))
            {
                yield return $"{where}: the slug appears more than once.";
            }

            if (string.IsNullOrWhiteSpace(category.NameZh))
            {
                yield return $"{where}: \"nameZh\" (the Chinese name) is required.";
            }

            if (string.IsNullOrWhiteSpace(category.NameEn))
            {
                yield return $"{where}: \"nameEn\" (the English name) is required.";
            }
        }
    }

    public override async Task ExecuteAsync(KnowledgeCategoriesStepModel model, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var slugs = model.Categories.Select(c => c.Slug!).ToList();
        var existing = await db.Categories.Where(c => slugs.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, cancellationToken);
        foreach (var item in model.Categories)
        {
            if (existing.TryGetValue(item.Slug!, out var category))
            {
                category.Rename(item.NameZh!, item.NameEn!, item.DescriptionZh, item.DescriptionEn, item.Order);
            }
            else
            {
                db.Categories.Add(Category.Create(item.Slug!, item.NameZh!, item.NameEn!, item.DescriptionZh, item.DescriptionEn, item.Order));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
