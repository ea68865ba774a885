using System.Reflection;
using Portal.Modules;

namespace Portal.Search.Services;

/// <summary>Which feature owns a source's documents: its own <see cref="ISearchDocumentSource.FeatureId"/>, else the
/// module of the assembly that declares it. Empty when neither says (such documents are always searched).</summary>
internal static class SourceFeatures
{
    public static string Of(ISearchDocumentSource source) =>
        source.FeatureId
        ?? source.GetType().Assembly.GetCustomAttribute<ModuleAttribute>()?.Id
        ?? "";
}
