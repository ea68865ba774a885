using Portal.Documents;
using Portal.Modules;

namespace Portal.Hosting.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>The one PDF writer and font set modules share (<see cref="IPdfDocumentFactory"/>), and the command that
    /// makes the bundled font. Also used by module tests and the benchmark.</summary>
    public static IServiceCollection AddPortalDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PdfOptions>().Bind(configuration.GetSection(PdfOptions.Section));
        services.AddSingleton<PdfFonts>();
        services.AddSingleton<IPdfDocumentFactory, SkiaPdfDocumentFactory>();
        services.AddPortalCommand<FontSubsetCommand>();
        return services;
    }
}
