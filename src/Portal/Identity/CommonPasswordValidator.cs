using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Hosting.Identity;

/// <summary>
/// ASVS 5.0 V6: refuse the most common passwords and any containing the user name; allow up to 128
/// characters (at least 64 must be allowed). The list is <c>Identity/common-passwords.txt</c>, embedded in the host.
/// </summary>
internal sealed class CommonPasswordValidator(IStringLocalizer<HostStrings> t) : IPasswordValidator<PortalUser>
{
    public const int MaximumLength = 128;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > MaximumLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = t["The password can be at most {0} characters long.", MaximumLength] }));
        }

        var lowered = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(lowered) ||
            (user.UserName is { Length: > 0 } name && lowered.Contains(name.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = t["This password is too easy to guess. Try a few unrelated words together."] }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Portal.Identity.common-passwords.txt");
        if (stream is null)
        {
            return FrozenSet<string>.Empty;
        }

        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
