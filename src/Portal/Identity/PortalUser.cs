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

    /// <summary>The last successful sign-in (retention of inactive accounts counts from it, or from
    /// <see cref="CreatedUtc"/> when the person never signed in since it was recorded).</summary>
    public DateTimeOffset? LastSignInUtc { get; set; }

    /// <summary>When the person was told by e-mail that their unused account will be deleted (cleared when they sign in).</summary>
    public DateTimeOffset? InactivityWarningUtc { get; set; }

    /// <summary>The version of the privacy notice the person accepted (null: none yet, asked at the next sign-in).</summary>
    public string? PrivacyNoticeVersion { get; set; }

    /// <summary>When the person accepted <see cref="PrivacyNoticeVersion"/>.</summary>
    public DateTimeOffset? PrivacyNoticeAcceptedUtc { get; set; }
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
