using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Modules;
using Portal.Navigation;

namespace Portal.Hosting.Identity;

/// <summary>Everything a person and an administrator do with accounts, on top of the host's Identity core.</summary>
public static class AccountServiceCollectionExtensions
{
    /// <summary>Call after <c>AddIdentity</c>: replaces the user manager, claims factory and error describer.</summary>
    public static IServiceCollection AddPortalAccounts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PortalOptions.Section).Get<AccountOptions>() ?? new AccountOptions();
        services.AddSingleton(AccountPolicy.Resolve(options, environment.IsDevelopment()));

        services.AddScoped<PortalUserManager>();
        services.AddScoped<UserManager<PortalUser>>(sp => sp.GetRequiredService<PortalUserManager>());
        services.AddScoped<IUserClaimsPrincipalFactory<PortalUser>, PortalClaimsPrincipalFactory>();
        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrorDescriber>();

        services.AddMemoryCache();
        services.AddScoped<AccountLinks>();
        services.AddScoped<AccountNotifier>();
        services.AddScoped<AccountSignIn>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<PermissionDescriptions>();
        services.AddScoped<PersonalDataService>();
        services.AddAdminMenu<AccountsAdminMenu>();
        return services;
    }
}
