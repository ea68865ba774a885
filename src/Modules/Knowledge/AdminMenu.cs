using Microsoft.Extensions.Localization;
using Portal.Navigation;

namespace Portal.Knowledge;

internal sealed class AdminMenu(IStringLocalizer<KnowledgeStrings> T) : IAdminMenuProvider
{
    public string FeatureId => "Knowledge";

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new(T["Content"], T["Knowledge articles"], "/admin/kb", Permissions.ManageKnowledge.Name, 10),
        new(T["Content"], T["New article"], "/admin/kb/new", Permissions.ManageKnowledge.Name, 11),
        new(T["Content"], T["Articles awaiting review"], "/admin/kb?status=InReview", Permissions.PublishKnowledge.Name, 12),
    ];
}
