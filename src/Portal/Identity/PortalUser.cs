using Microsoft.AspNetCore.Identity;

namespace Portal.Hosting.Identity;

/// <summary>An account. Preferences travel with the person from device to device.</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public string PreferredCulture { get; set; } = Portal.Globalization.PortalCultures.Default;

    /// <summary>0 = normal, 1 = large, 2 = largest.</summary>
    public int TextSize { get; set; }

    public bool HighContrast { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>Created by a recipe as a demo account.</summary>
    public bool IsDemo { get; set; }

    /// <summary>A demo account whose password is still the documented local default.</summary>
    public bool UsesDefaultDemoPassword { get; set; }
}

public sealed class PortalRole : IdentityRole
{
    public PortalRole()
    {
    }

    public PortalRole(string name)
        : base(name)
    {
    }
}
