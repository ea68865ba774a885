using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Hosting.Identity;

namespace Portal.Hosting.Privacy;

/// <summary>
/// The privacy notice people accept (<c>Portal:Privacy</c>). Registration records <see cref="NoticeVersion"/> on the
/// account; when the organisation changes the notice it raises the version, and each person is shown the notice again
/// at their next sign-in (<c>/account/privacy-notice</c>) until they accept it. The pages themselves are site content
/// (the demo's <c>privacy</c> and <c>terms</c> pages); their addresses are settings so the host names no module.
/// </summary>
public sealed class PrivacyNoticeOptions
{
    public const string Section = "Portal:Privacy";

    /// <summary>The current version of the privacy notice (any text, e.g. its date); raise it when the notice changes.</summary>
    public string NoticeVersion { get; set; } = "1";

    /// <summary>Address of the privacy notice (appsettings.json: the content page <c>privacy</c>).</summary>
    public string? NoticeUrl { get; set; }

    /// <summary>Address of the terms of use (appsettings.json: the content page <c>terms</c>).</summary>
    public string? TermsUrl { get; set; }

    /// <summary>True when the person has not accepted the current version yet.</summary>
    public bool MustAccept(PortalUser user) => !string.Equals(user.PrivacyNoticeVersion, NoticeVersion, StringComparison.Ordinal);

    /// <summary>Records that <paramref name="user"/> accepted the current version now (the caller saves).</summary>
    public void Accept(PortalUser user, DateTimeOffset now)
    {
        user.PrivacyNoticeVersion = NoticeVersion;
        user.PrivacyNoticeAcceptedUtc = now;
    }

    /// <summary>Where sign-in continues: the notice first when it changed since the person accepted it.</summary>
    public string AfterSignIn(PortalUser user, string returnUrl) =>
        MustAccept(user) ? "/account/privacy-notice?returnUrl=" + Uri.EscapeDataString(returnUrl) : returnUrl;
}

public sealed record PrivacyNoticePage(PrivacyNoticeOptions Notice, string ReturnUrl, bool Changed, string? AcceptedVersion);

/// <summary>The interstitial shown at sign-in when the privacy notice changed since the person last accepted it.</summary>
[Authorize]
public sealed class PrivacyNoticeController(UserManager<PortalUser> users, IOptions<PrivacyNoticeOptions> notice, TimeProvider clock) : Controller
{
    [HttpGet("/account/privacy-notice")]
    public async Task<IActionResult> Index(string? returnUrl)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/account/sign-in");
        }

        var next = Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return notice.Value.MustAccept(user)
            ? View("~/Views/Audit/PrivacyNotice.cshtml", new PrivacyNoticePage(notice.Value, next, user.PrivacyNoticeVersion is not null, user.PrivacyNoticeVersion))
            : LocalRedirect(next);
    }

    [HttpPost("/account/privacy-notice")]
    public async Task<IActionResult> Accept(string? returnUrl)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/account/sign-in");
        }

        if (notice.Value.MustAccept(user))
        {
            notice.Value.Accept(user, clock.GetUtcNow());
            await users.UpdateAsync(user);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
