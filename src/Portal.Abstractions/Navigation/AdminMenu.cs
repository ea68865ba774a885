namespace Portal.Navigation;

/// <summary>An entry of the admin menu. <paramref name="Text"/> is already localized for the current request.</summary>
/// <param name="Group">Items with the same group are shown together (e.g. "Content", "Academy").</param>
/// <param name="Permission">The permission a person needs to see the item, or null for every staff member.</param>
public sealed record AdminMenuItem(string Group, string Text, string Url, string? Permission, int Order = 0);

/// <summary>A module contributes items to the admin menu (Orchard's <c>AdminMenu.cs</c>).</summary>
public interface IAdminMenuProvider
{
    /// <summary>Feature that owns the items; they are hidden while it is disabled.</summary>
    string FeatureId { get; }

    IEnumerable<AdminMenuItem> GetItems();
}

/// <summary>A link of the public main menu.</summary>
public sealed record MenuLink(string Text, string Url, int Order = 0);

/// <summary>Supplies the public main menu for a culture. The content module owns the editable menu.</summary>
public interface IMainMenuSource
{
    Task<IReadOnlyList<MenuLink>> GetMainMenuAsync(string culture, CancellationToken cancellationToken = default);
}
