using Microsoft.Extensions.Localization;
using Portal.Modules;
using Portal.Navigation;
using Portal.Privacy;
using Portal.Resources;
using Portal.Security;

namespace Portal.Hosting.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>The audit trail of staff access (<see cref="IPersonalDataAccessLog"/>), <c>/admin/audit</c>, the reason
    /// prompt, and the trail's part of each person's data export.</summary>
    public static IServiceCollection AddPortalPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditedAreaCatalog>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<IPersonalDataAccessLog>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<AuditQueries>();
        services.AddAuditedAreas<HostAuditedAreas>();
        services.AddPersonalData<AuditTrailPersonalData>();
        services.AddPermissions<PrivacyPermissions>();
        services.AddAdminMenu<PrivacyAdminMenu>();

        services.AddOptions<PrivacyNoticeOptions>().Bind(configuration.GetSection(PrivacyNoticeOptions.Section));
        services.AddOptions<PrivacyRetentionOptions>().Bind(configuration.GetSection(PrivacyRetentionOptions.Section));
        services.AddScoped<PrivacyRetentionJob>();
        services.AddNotificationKinds<PrivacyNotificationKinds>();
        services.AddBackgroundTask<PrivacyRetentionTask>(
            PrivacyRetentionTask.Name,
            Portal.Hosting.Modules.HostFeature.Id,
            sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyRetentionOptions>>().Value.Interval,
            singleNode: true);
        return services;
    }
}

/// <summary>Reading the audit trail is for administrators only (it names who looked at whose data).</summary>
public sealed class PrivacyPermissions : IPermissionProvider
{
    public const string ViewAuditTrailName = "ViewAuditTrail";

    public static readonly Permission ViewAuditTrail = new(ViewAuditTrailName, "See who among staff opened people's personal data (audit trail)");

    public IEnumerable<Permission> GetPermissions() => [ViewAuditTrail];

    public Type DescriptionResource => typeof(PrivacyStrings);

    public IEnumerable<PermissionStereotype> GetDefaultStereotypes() =>
    [
        new(PortalRoles.Administrator, [ViewAuditTrail]),
    ];
}

internal sealed class PrivacyAdminMenu(IStringLocalizer<AccountStrings> accounts, IStringLocalizer<PrivacyStrings> T) : IAdminMenuProvider
{
    public string FeatureId => Portal.Hosting.Modules.HostFeature.Id;

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new AdminMenuItem(accounts["Users and roles"], T["Audit trail"], "/admin/audit", PrivacyPermissions.ViewAuditTrailName, 40),
    ];
}
