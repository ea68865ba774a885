using Portal.Security;

namespace Portal.Knowledge;

/// <summary>Rights of the knowledge base. Writing and publishing are separate so a centre can ask for review.</summary>
public sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManageKnowledge = new("ManageKnowledge", "Write and edit knowledge articles, upload files");

    public static readonly Permission PublishKnowledge = new("PublishKnowledge", "Publish and unpublish knowledge articles");

    public const string ManagePolicy = Permission.PolicyPrefix + "ManageKnowledge";

    public const string PublishPolicy = Permission.PolicyPrefix + "PublishKnowledge";

    public IEnumerable<Permission> GetPermissions() => [ManageKnowledge, PublishKnowledge];

    public Type DescriptionResource => typeof(Portal.Knowledge.KnowledgeStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManageKnowledge, PublishKnowledge]),
        new(PortalRoles.Staff, [ManageKnowledge, PublishKnowledge]),
    ];
}
