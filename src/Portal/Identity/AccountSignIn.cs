using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Portal.Hosting.Identity;

public enum SignInStatus
{
    Succeeded,
    RequiresTwoFactor,
    LockedOut,
    Failed,
    NotAllowed,

    /// <summary>The two-factor step was reached without a password step (or it expired).</summary>
    Expired,
}

public sealed record SignInOutcome(SignInStatus Status, PortalUser? User = null, DateTimeOffset? RetryAfterUtc = null);

/// <summary>
/// Signs people in with lockout on (ASVS 5.0 V6.3.1) and logs every attempt by user id only. A user name or e-mail
/// that matches no account is treated like a real one (same work, same wording, same lockout after the same number
/// of tries), so the sign-in form never reveals whether an account exists.
/// </summary>
public sealed class AccountSignIn(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    IMemoryCache cache,
    TimeProvider clock,
    IOptions<IdentityOptions> identityOptions,
    ILogger<AccountSignIn> logger)
{
    private static readonly PortalUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static readonly Lazy<string> NobodyHash = new(() => new PasswordHasher<PortalUser>(Options.Create(new PasswordHasherOptions { IterationCount = 210_000 })).HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<PortalUser?> FindAsync(string login)
    {
        var trimmed = login.Trim();
        return await users.FindByNameAsync(trimmed) ?? (trimmed.Contains('@', StringComparison.Ordinal) ? await users.FindByEmailAsync(trimmed) : null);
    }

    public async Task<SignInOutcome> PasswordSignInAsync(string login, string password, bool rememberMe)
    {
        var user = await FindAsync(login);
        if (user is null)
        {
            // Same cost as checking a real password, so timing does not tell either.
            users.PasswordHasher.VerifyHashedPassword(Nobody, NobodyHash.Value, password);
            var until = RecordUnknownFailure(login);
            logger.LogWarning("Failed sign-in: the name given matches no account");
            return new SignInOutcome(until is null ? SignInStatus.Failed : SignInStatus.LockedOut, RetryAfterUtc: until);
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        if (wasLocked)
        {
            // Identity answers a locked account without hashing: hash anyway, so a locked account takes as long as an
            // unknown name or a wrong password (the answer must not tell which).
            users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? NobodyHash.Value, password);
        }

        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        return await MapAsync(result, user, wasLocked, "password");
    }

    public async Task<SignInOutcome> TwoFactorSignInAsync(string? code, bool rememberMe, bool rememberMachine)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return new SignInOutcome(SignInStatus.Expired);
        }

        var normalized = Authenticator.NormalizeCode(code);
        var wasLocked = await users.IsLockedOutAsync(user);
        if (Authenticator.LooksLikeAppCode(normalized))
        {
            return await MapAsync(await signIn.TwoFactorAuthenticatorSignInAsync(normalized, rememberMe, rememberMachine), user, wasLocked, "authenticator code");
        }

        var recovery = await signIn.TwoFactorRecoveryCodeSignInAsync(Authenticator.NormalizeRecoveryCode(code));
        if (!recovery.Succeeded && !recovery.IsLockedOut)
        {
            // A wrong recovery code counts as a failed attempt too (Identity only counts wrong app codes).
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                recovery = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
            }
        }

        return await MapAsync(recovery, user, wasLocked, "recovery code");
    }

    private async Task<SignInOutcome> MapAsync(Microsoft.AspNetCore.Identity.SignInResult result, PortalUser user, bool wasLocked, string method)
    {
        if (result.Succeeded)
        {
            logger.LogInformation("Signed in: user {UserId} ({Method})", user.Id, method);
            return new SignInOutcome(SignInStatus.Succeeded, user);
        }

        if (result.RequiresTwoFactor)
        {
            logger.LogInformation("Password accepted, two-factor step next: user {UserId}", user.Id);
            return new SignInOutcome(SignInStatus.RequiresTwoFactor, user);
        }

        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user);
            if (wasLocked)
            {
                logger.LogWarning("Sign-in refused: user {UserId} is locked out until {LockoutEnd:O}", user.Id, end);
            }
            else
            {
                logger.LogWarning("Locked out: user {UserId} after repeated failed sign-ins ({Method}), until {LockoutEnd:O}", user.Id, method, end);
            }

            return new SignInOutcome(SignInStatus.LockedOut, user, end);
        }

        if (result.IsNotAllowed)
        {
            logger.LogWarning("Sign-in not allowed: user {UserId}", user.Id);
            return new SignInOutcome(SignInStatus.NotAllowed, user);
        }

        logger.LogWarning("Failed sign-in: user {UserId}, wrong {Method} ({Failures} failures in a row)", user.Id, method, await users.GetAccessFailedCountAsync(user));
        return new SignInOutcome(SignInStatus.Failed, user);
    }

    /// <summary>Counts failures for a name with no account, exactly as Identity counts them for a real one.</summary>
    private DateTimeOffset? RecordUnknownFailure(string login)
    {
        var lockout = identityOptions.Value.Lockout;
        var key = "signin-unknown:" + users.NormalizeName(login.Trim());
        var now = clock.GetUtcNow();
        var entry = cache.GetOrCreate(key, e =>
        {
            e.AbsoluteExpirationRelativeToNow = lockout.DefaultLockoutTimeSpan * 2;
            e.Size = 1;
            return new UnknownFailures();
        })!;

        lock (entry)
        {
            if (entry.LockedUntil is { } until && until > now)
            {
                return until;
            }

            entry.Count++;
            if (entry.Count >= lockout.MaxFailedAccessAttempts)
            {
                entry.Count = 0;
                entry.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
                return entry.LockedUntil;
            }

            return null;
        }
    }

    private sealed class UnknownFailures
    {
        public int Count { get; set; }
        public DateTimeOffset? LockedUntil { get; set; }
    }
}
