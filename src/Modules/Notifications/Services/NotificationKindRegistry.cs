using Portal.Globalization;

namespace Portal.Notifications.Services;

/// <summary>All kinds every module declared, by name.</summary>
internal sealed class NotificationKindRegistry
{
    private readonly IEnumerable<INotificationKindProvider> _providers;
    private Dictionary<string, NotificationKind>? _all;

    /// <summary>The kinds are gathered on first use: most requests that take the registry (the bell's count on every
    /// page) never ask for a kind.</summary>
    public NotificationKindRegistry(IEnumerable<INotificationKindProvider> providers) => _providers = providers;

    private Dictionary<string, NotificationKind> Kinds => _all ??= Gather(_providers);

    private static Dictionary<string, NotificationKind> Gather(IEnumerable<INotificationKindProvider> providers)
    {
        var kinds = new Dictionary<string, NotificationKind>(StringComparer.Ordinal);
        foreach (var kind in providers.SelectMany(p => p.GetKinds()))
        {
            kinds.TryAdd(kind.Name, kind);
        }

        return kinds;
    }

    public IReadOnlyCollection<NotificationKind> All => Kinds.Values;

    /// <summary>Kinds people choose a delivery for (not essential, not the module's own digests).</summary>
    public IEnumerable<NotificationKind> Choosable =>
        Kinds.Values.Where(k => !k.Essential && !NotificationsKindProvider.IsSystemKind(k.Name)).OrderBy(k => k.Module).ThenBy(k => k.Name);

    public NotificationKind? Find(string name) => Kinds.GetValueOrDefault(name);

    /// <summary>The label of a kind by its name; a kind no module declares any more shows its code.</summary>
    public string LabelOf(string name, string culture) => Find(name) is { } kind ? Label(kind, culture) : name;

    public static NotificationTemplate? DefaultTemplate(NotificationKind kind, string culture)
    {
        var normalized = PortalCultures.Normalize(culture);
        return kind.DefaultTemplates.FirstOrDefault(t => PortalCultures.Normalize(t.Culture) == normalized)
            ?? kind.DefaultTemplates.FirstOrDefault(t => PortalCultures.Normalize(t.Culture) == PortalCultures.Default)
            ?? (kind.DefaultTemplates.Count > 0 ? kind.DefaultTemplates[0] : null);
    }

    /// <summary>
    /// What people call a kind in a culture: the display name its module gave it; for a kind without one, its
    /// default subject with the placeholders elided.
    /// </summary>
    public static string Label(NotificationKind kind, string culture)
    {
        if (kind.DisplayName(PortalCultures.Normalize(culture)) is { Length: > 0 } name)
        {
            return name;
        }

        var template = DefaultTemplate(kind, culture);
        if (template is null)
        {
            return kind.Name;
        }

        var label = TemplateRenderer.PlaceholderPattern().Replace(template.Subject, "…").Trim();
        return label.Length == 0 ? kind.Name : label;
    }
}
