using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Academy.Certificates;
using Portal.Academy.Data;
using Portal.Academy.Recipes;
using Portal.Academy.Services;
using Portal.Commands;
using Portal.Data;
using Portal.Learning;
using Portal.Metrics;
using Portal.Modules;
using Portal.Navigation;
using Portal.Notifications;
using Portal.Recipes;
using Portal.Search;
using Portal.Security;

namespace Portal.Academy;

internal sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAcademyServices(configuration);
    }
}

public static class AcademyServiceCollectionExtensions
{
    /// <summary>Everything the academy needs apart from the web layer (also used by tests and the benchmark).</summary>
    public static IServiceCollection AddAcademyServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcademyOptions>().Bind(configuration.GetSection(AcademyOptions.Section));
        services.AddPortalDbContext<AcademyDbContext>(AcademyDbContext.TablePrefix);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => CertificateLook.From(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AcademyOptions>>().Value));
        services.TryAddSingleton<CertificatePdfRenderer>();
        services.TryAddScoped<LearningService>();
        services.TryAddScoped<CertificateService>();
        services.TryAddScoped<AcademyAdminService>();
        services.TryAddScoped<NudgeService>();
        services.TryAddScoped<ILearningProgressQuery, LearningProgressQuery>();
        services.TryAddScoped<ICertificateIssuer, ProgrammeCertificateIssuer>();
        services.AddModuleMigration<AcademyDbContext, Data.Migrations.AddProgrammeCertificates>();
        services.AddMetricsSource<AcademyMetricsSource>();
        services.AddPersonalData<AcademyPersonalData>();
        services.AddAuditedAreas<AuditedAreas>();
        services.AddSearchSource<CourseSearchSource>();
        services.AddSearchLabels<CourseSearchLabels>();
        services.AddNotificationKinds<AcademyNotifications>();
        services.AddPermissions<Permissions>();
        services.AddAdminMenu<AdminMenu>();
        services.AddUserMenu<UserMenu>();
        services.AddHomeTiles<HomeTiles>();
        services.AddRecipeStep<AcademyCoursesStep>();
        services.AddBackgroundTask<NudgeTask>(NudgeTask.Name, "Academy",
            sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AcademyOptions>>().Value.NudgeInterval, singleNode: true);
        return services;
    }
}
