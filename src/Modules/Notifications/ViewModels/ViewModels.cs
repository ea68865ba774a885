using Portal.Notifications.Models;
using Portal.Notifications.Services;

namespace Portal.Notifications.ViewModels;

internal sealed record NotificationListViewModel(IReadOnlyList<NotificationListItem> Items, int Page, bool HasMore, int Unread);

internal sealed record BellViewModel(int Unread);

internal sealed record PreferencesViewModel(IReadOnlyList<KindPreference> Kinds);

internal sealed record UnsubscribeViewModel(bool Valid, IReadOnlyList<string> Labels);

internal sealed record OutboxViewModel(OutboxCounts Counts, OutboxStatus? Status, IReadOnlyList<OutboxRow> Rows);

internal sealed record TemplatesViewModel(IReadOnlyList<TemplateEditorRow> Rows);

/// <summary>Validated in the controller, so messages come from this module's own strings.</summary>
public sealed class SmtpForm
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    /// <summary>Never shown back; empty keeps the saved password.</summary>
    public string? Password { get; set; }

    public bool ClearPassword { get; set; }

    public string? From { get; set; }
}

internal sealed class SmtpPageViewModel
{
    public required SmtpForm Form { get; init; }
    public required bool ConfigurationWins { get; init; }
    public SmtpSettings? Configured { get; init; }
    public bool HasSavedPassword { get; init; }
    public string? TestAddress { get; init; }
}

public sealed class TemplateForm
{
    public string? Subject { get; set; }

    public string? Body { get; set; }
}

internal sealed class TemplateEditViewModel
{
    public required TemplateEditorRow Row { get; init; }
    public required TemplateForm Form { get; init; }
    public RenderedEmail? Preview { get; init; }
}
