using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Hosting.Identity;
using Portal.Hosting.Privacy;
using Portal.Privacy;
using Portal.Resources;
using Portal.Security;

namespace Portal.Hosting.Controllers;

public sealed record UserEditPage(UserRow User, UserEditForm Form, bool IsSelf);

public sealed record RoleMatrixPage(IReadOnlyList<PermissionRow> Permissions, IReadOnlyList<string> Roles, IReadOnlySet<(string Role, string Permission)> Grants);

/// <summary>Administrators manage accounts: list and search, roles, lock, two-factor reset, password links, new accounts.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "ManageUsers")]
public sealed class UsersAdminController(
    UserManager<PortalUser> users,
    UserAdministration administration,
    AccountNotifier notifier,
    PermissionCatalog permissions,
    PermissionDescriptions descriptions,
    TimeProvider clock,
    IPersonalDataAccessLog audit,
    IStringLocalizer<AccountStrings> t) : Controller
{
    [HttpGet("/admin/users")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default) =>
        View(await administration.SearchAsync(q, page, cancellationToken));

    [HttpGet("/admin/users/{id}")]
    public async Task<IActionResult> Edit(string id)
    {
        var row = await administration.FindAsync(id);
        if (row is null)
        {
            return NotFound();
        }

        await RecordAsync(row.Id, PersonalDataAction.Viewed);
        return View(new UserEditPage(row, new UserEditForm { DisplayName = row.DisplayName, Roles = [.. row.Roles] }, row.Id == ActingUserId));
    }

    [HttpPost("/admin/users/{id}")]
    public async Task<IActionResult> Edit(string id, UserEditForm form)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        FormChecks.DisplayName(ModelState, nameof(form.DisplayName), form.DisplayName, t);
        if (ModelState.IsValid)
        {
            var result = await administration.UpdateAsync(user, form.DisplayName!, form.Roles, ActingUserId);
            if (result.Succeeded)
            {
                await RecordAsync(user.Id, PersonalDataAction.Changed, "details and roles");
                TempData["Status"] = t["The account is saved."].Value;
                return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
            }

            FormChecks.AddIdentityErrors(ModelState, result, nameof(form.DisplayName));
        }

        var row = (await administration.FindAsync(id))!;
        return View(new UserEditPage(row, form, row.Id == ActingUserId));
    }

    [HttpPost("/admin/users/{id}/lock")]
    public async Task<IActionResult> Lock(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == ActingUserId)
        {
            TempData["Status"] = t["You cannot lock your own account."].Value;
        }
        else
        {
            await administration.LockAsync(user, ActingUserId);
            await RecordAsync(user.Id, PersonalDataAction.Changed, "locked");
            TempData["Status"] = t["The account is locked. The person cannot sign in until you unlock it."].Value;
        }

        return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
    }

    [HttpPost("/admin/users/{id}/unlock")]
    public async Task<IActionResult> Unlock(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        await administration.UnlockAsync(user, ActingUserId);
        await RecordAsync(user.Id, PersonalDataAction.Changed, "unlocked");
        TempData["Status"] = t["The account is unlocked."].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
    }

    [HttpPost("/admin/users/{id}/reset-two-factor")]
    public async Task<IActionResult> ResetTwoFactor(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        await administration.ResetTwoFactorAsync(user, ActingUserId);
        await RecordAsync(user.Id, PersonalDataAction.Changed, "two-step sign-in reset");
        await notifier.SendSecurityNoticeAsync(user, AccountNotifier.TwoFactorOffKind, HttpContext.RequestAborted);
        TempData["Status"] = t["Two-step sign-in is reset. The person can set up their authenticator app again."].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
    }

    [HttpPost("/admin/users/{id}/send-password-reset")]
    public async Task<IActionResult> SendPasswordReset(string id, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        await notifier.SendPasswordResetAsync(user, cancellationToken);
        await RecordAsync(user.Id, PersonalDataAction.Changed, "password link sent");
        TempData["Status"] = t["A link to choose a new password has been sent to the person's e-mail address."].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
    }

    /// <summary>Finishes the deletion of an account whose owner asked for it and a module could not erase its part.</summary>
    [HttpPost("/admin/users/{id}/retry-erasure")]
    public async Task<IActionResult> RetryErasure(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        await RecordAsync(user.Id, PersonalDataAction.Changed, "erasure retried");
        var outcome = await administration.RetryErasureAsync(user, ActingUserId);
        if (outcome.Deleted)
        {
            TempData["Status"] = t["The person's data has been erased and the account deleted."].Value;
            return Redirect("/admin/users");
        }

        TempData["Status"] = outcome.FailedSection is { } section
            ? t["The deletion is still incomplete: \"{0}\" could not erase its data. The account is kept. Try again later; if it keeps failing, check that part of the site. Reference: {1}", section, HttpContext.TraceIdentifier].Value
            : t[outcome.Problem!].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(id)}");
    }

    [HttpGet("/admin/users/new")]
    public IActionResult Create() => View(new NewUserForm { Culture = Portal.Globalization.PortalCultures.Default, Roles = [PortalRoles.Member] });

    [HttpPost("/admin/users/new")]
    public async Task<IActionResult> Create(NewUserForm form, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        form.Validate(ModelState, t);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var email = form.Email!.Trim();
        var user = new PortalUser
        {
            UserName = string.IsNullOrWhiteSpace(form.UserName) ? email : form.UserName.Trim(),
            Email = email,
            // The set-password link proves the address.
            EmailConfirmed = false,
            DisplayName = form.DisplayName!.Trim(),
            PreferredCulture = AccountPreferences.ParseCulture(form.Culture)!,
            CreatedUtc = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            FormChecks.AddIdentityErrors(ModelState, result, nameof(form.Email), nameof(form.Email), string.IsNullOrWhiteSpace(form.UserName) ? nameof(form.Email) : nameof(form.UserName));
            return View(form);
        }

        var roles = form.Roles.Where(r => PortalRoles.All.Contains(r, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }

        await notifier.SendPasswordResetAsync(user, cancellationToken);
        TempData["Status"] = t["The account is created. We have sent the person a link to choose their password."].Value;
        return Redirect($"/admin/users/{Uri.EscapeDataString(user.Id)}");
    }

    [HttpGet("/admin/roles")]
    public IActionResult Roles()
    {
        var grants = new HashSet<(string, string)>();
        foreach (var permission in permissions.All)
        {
            grants.Add((PortalRoles.Administrator, permission.Name));
            foreach (var role in permissions.RolesHolding(permission.Name))
            {
                grants.Add((role, permission.Name));
            }
        }

        return View(new RoleMatrixPage(descriptions.List(), PortalRoles.All, grants));
    }

    private Task RecordAsync(string subjectUserId, PersonalDataAction action, string? item = null) =>
        audit.RecordAsync(new PersonalDataAccess(ActingUserId, subjectUserId, HostAuditedAreas.Accounts, action, null, item));

    private string ActingUserId => users.GetUserId(User) ?? string.Empty;
}
