using Portal.Security;

namespace Portal.Matching;

internal sealed class Permissions : IPermissionProvider
{
    public static readonly Permission ManagePartners = new("ManagePartners", "See the partner network, introduce matched partners and groups, and broker matches by hand");
    public static readonly Permission PostGroupNeeds = new("PostGroupNeeds", "Keep a self-help group's profile and post its needs for partners");
    public static readonly Permission OfferPartnerHelp = new("OfferPartnerHelp", "Register as a partner and offer help to self-help groups");

    public const string ManagePartnersPolicy = Permission.PolicyPrefix + "ManagePartners";
    public const string PostGroupNeedsPolicy = Permission.PolicyPrefix + "PostGroupNeeds";
    public const string OfferPartnerHelpPolicy = Permission.PolicyPrefix + "OfferPartnerHelp";

    public IEnumerable<Permission> GetPermissions() => [ManagePartners, PostGroupNeeds, OfferPartnerHelp];

    public Type DescriptionResource => typeof(Resources.MatchingStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ManagePartners, PostGroupNeeds, OfferPartnerHelp]),
        new(PortalRoles.Staff, [ManagePartners, PostGroupNeeds, OfferPartnerHelp]),
        new(PortalRoles.GroupLeader, [PostGroupNeeds]),
        new(PortalRoles.Partner, [OfferPartnerHelp]),
        new(PortalRoles.Mentor, [OfferPartnerHelp]),
        new(PortalRoles.Member, [OfferPartnerHelp]),
    ];
}
