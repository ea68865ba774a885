namespace Portal.Modules;

/// <summary>
/// Declares an assembly as a portal module (Orchard's <c>Manifest.cs</c>). The module's main feature has the
/// same id as the module.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ModuleAttribute : Attribute
{
    public ModuleAttribute(string id, string name, string description)
    {
        Id = id;
        Name = name;
        Description = description;
    }

    /// <summary>Stable id, e.g. <c>Knowledge</c>. Also the MVC area name of the module's controllers.</summary>
    public string Id { get; }

    /// <summary>English display name; the admin localizes it through the module's resources.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>Ids of features this module's main feature needs.</summary>
    public string[] Dependencies { get; set; } = [];

    /// <summary>Always-on modules cannot be disabled in the admin (e.g. the host's own features).</summary>
    public bool AlwaysEnabled { get; set; }

    /// <summary>Whether a fresh site enables the main feature without a recipe asking for it.</summary>
    public bool EnabledByDefault { get; set; } = true;
}

/// <summary>
/// Declares an optional feature of a module beyond its main feature. A startup class marked with
/// <see cref="RequireFeatureAttribute"/> belongs to it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FeatureAttribute : Attribute
{
    public FeatureAttribute(string id, string name, string description)
    {
        Id = id;
        Name = name;
        Description = description;
    }

    public string Id { get; }
    public string Name { get; }
    public string Description { get; }
    public string[] Dependencies { get; set; } = [];
    public bool EnabledByDefault { get; set; }
}

/// <summary>Marks a startup, controller or endpoint group as belonging to a given feature.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequireFeatureAttribute(string featureId) : Attribute
{
    public string FeatureId { get; } = featureId;
}
