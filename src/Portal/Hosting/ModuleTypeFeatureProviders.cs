using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Portal.Hosting;

/// <summary>
/// Lets a module keep its controllers and view components <c>internal</c> ("internal by default"): MVC on its own
/// discovers only public types, so a module whose services are internal had to make them public or wire their
/// constructors by hand. Internal top-level types are accepted from module assemblies only; the host and the themes
/// keep MVC's rule.
/// </summary>
internal sealed class ModuleControllerFeatureProvider(IReadOnlySet<Assembly> modules) : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo)
    {
        if (base.IsController(typeInfo))
        {
            return true;
        }

        return modules.Contains(typeInfo.Assembly)
            && ModuleTypes.IsInternalTopLevelClass(typeInfo)
            && !typeInfo.IsDefined(typeof(Microsoft.AspNetCore.Mvc.NonControllerAttribute))
            && (typeInfo.Name.EndsWith("Controller", StringComparison.OrdinalIgnoreCase)
                || typeInfo.IsDefined(typeof(Microsoft.AspNetCore.Mvc.ControllerAttribute)));
    }
}

/// <summary>The same for view components (<c>[ViewComponent]</c> or a name ending in "ViewComponent").</summary>
internal sealed class ModuleViewComponentFeatureProvider(IReadOnlySet<Assembly> modules) : IApplicationFeatureProvider<ViewComponentFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ViewComponentFeature feature)
    {
        foreach (var type in parts.OfType<IApplicationPartTypeProvider>().SelectMany(p => p.Types))
        {
            if (modules.Contains(type.Assembly)
                && ModuleTypes.IsInternalTopLevelClass(type)
                && !type.IsDefined(typeof(Microsoft.AspNetCore.Mvc.NonViewComponentAttribute))
                && (type.Name.EndsWith("ViewComponent", StringComparison.Ordinal)
                    || type.IsDefined(typeof(Microsoft.AspNetCore.Mvc.ViewComponentAttribute)))
                && !feature.ViewComponents.Contains(type))
            {
                feature.ViewComponents.Add(type);
            }
        }
    }
}

internal static class ModuleTypes
{
    public static bool IsInternalTopLevelClass(TypeInfo type) =>
        type.IsClass && !type.IsAbstract && !type.ContainsGenericParameters && type.IsNotPublic && !type.IsNested
        && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute));
}
