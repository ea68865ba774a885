namespace Portal.Hosting.Identity;

/// <summary>Account settings read from the <c>Portal</c> section.</summary>
public sealed class AccountOptions
{
    /// <summary><c>Portal:RequireStaffTwoFactor</c>: staff and administrators must use an authenticator app.
    /// Unset means false in Development and true everywhere else.</summary>
    public bool? RequireStaffTwoFactor { get; set; }
}

/// <summary>The resolved account policy of this site.</summary>
public sealed record AccountPolicy(bool RequireStaffTwoFactor)
{
    public static AccountPolicy Resolve(AccountOptions options, bool isDevelopment) =>
        new(options.RequireStaffTwoFactor ?? !isDevelopment);
}
