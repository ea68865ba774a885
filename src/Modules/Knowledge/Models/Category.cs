using Portal.Globalization;

namespace Portal.Knowledge.Models;

/// <summary>A topic of the knowledge base, named in both languages.</summary>
public sealed class Category
{
    private Category()
    {
    }

    public long Id { get; private set; }

    public string Slug { get; private set; } = string.Empty;

    public string NameZh { get; private set; } = string.Empty;

    public string NameEn { get; private set; } = string.Empty;

    public string DescriptionZh { get; private set; } = string.Empty;

    public string DescriptionEn { get; private set; } = string.Empty;

    public int SortOrder { get; private set; }

    public static Category Create(string slug, string nameZh, string nameEn, string? descriptionZh, string? descriptionEn, int sortOrder)
    {
        if (!Slugs.IsValid(slug))
        {
            throw new KnowledgeRuleException("The web address may contain only lower-case letters a–z, digits and hyphens.");
        }

        var category = new Category { Slug = slug };
        category.Rename(nameZh, nameEn, descriptionZh, descriptionEn, sortOrder);
        return category;
    }

    public void Rename(string nameZh, string nameEn, string? descriptionZh, string? descriptionEn, int sortOrder)
    {
        if (string.IsNullOrWhiteSpace(nameZh) || string.IsNullOrWhiteSpace(nameEn))
        {
            throw new KnowledgeRuleException("Enter the category name in both Chinese and English.");
        }

        NameZh = nameZh.Trim();
        NameEn = nameEn.Trim();
        DescriptionZh = (descriptionZh ?? string.Empty).Trim();
        DescriptionEn = (descriptionEn ?? string.Empty).Trim();
        SortOrder = sortOrder;
    }

    public string NameIn(string culture) => culture == PortalCultures.English ? NameEn : NameZh;

    public string DescriptionIn(string culture) => culture == PortalCultures.English ? DescriptionEn : DescriptionZh;
}
