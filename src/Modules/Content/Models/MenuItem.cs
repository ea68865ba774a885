namespace Portal.Content.Models;

/// <summary>A link of the public main menu, with its text in both languages.</summary>
public sealed class MenuItem
{
    private MenuItem()
    {
    }

    public long Id { get; private set; }
    public string TextZh { get; private set; } = string.Empty;
    public string TextEn { get; private set; } = string.Empty;
    public string Url { get; private set; } = string.Empty;

    /// <summary>Position in the menu, 1 first.</summary>
    public int Position { get; private set; }

    public static IEnumerable<ContentError> Validate(string? textZh, string? textEn, string? url)
    {
        if (string.IsNullOrWhiteSpace(textZh))
        {
            yield return new("textZh", "Enter the link text in Chinese.");
        }

        if (string.IsNullOrWhiteSpace(textEn))
        {
            yield return new("textEn", "Enter the link text in English.");
        }

        foreach (var error in ContentRules.ValidateLength("textZh", textZh?.Trim(), ContentRules.MenuTextMaxLength)
            .Concat(ContentRules.ValidateLength("textEn", textEn?.Trim(), ContentRules.MenuTextMaxLength))
            .Concat(ContentRules.ValidateUrl("url", url?.Trim())))
        {
            yield return error;
        }
    }

    internal static MenuItem Create(string textZh, string textEn, string url, int position)
    {
        Page.Throw(Validate(textZh, textEn, url));
        return new MenuItem { TextZh = textZh.Trim(), TextEn = textEn.Trim(), Url = url.Trim(), Position = position };
    }

    public void Update(string textZh, string textEn, string url)
    {
        Page.Throw(Validate(textZh, textEn, url));
        TextZh = textZh.Trim();
        TextEn = textEn.Trim();
        Url = url.Trim();
    }

    public string TextFor(string culture) => ContentRules.Pick(culture, TextZh, TextEn)?.Text ?? Url;

    internal void MoveTo(int position) => Position = position;
}

/// <summary>The main menu as a whole: adding, removing and reordering keep positions 1, 2, 3… without gaps.</summary>
public sealed class MainMenu(IEnumerable<MenuItem> items)
{
    private readonly List<MenuItem> _items = [.. items.OrderBy(i => i.Position).ThenBy(i => i.Id)];

    public IReadOnlyList<MenuItem> Items => _items;

    public MenuItem Add(string textZh, string textEn, string url)
    {
        var item = MenuItem.Create(textZh, textEn, url, _items.Count + 1);
        _items.Add(item);
        return item;
    }

    public bool Contains(string url) => _items.Any(i => string.Equals(i.Url, url.Trim(), StringComparison.OrdinalIgnoreCase));

    public void Remove(MenuItem item)
    {
        _items.Remove(item);
        Renumber();
    }

    /// <summary>Moves an item one place earlier (-1) or later (+1). Returns false at either end.</summary>
    public bool Move(MenuItem item, int direction)
    {
        var index = _items.IndexOf(item);
        var target = index + Math.Sign(direction);
        if (index < 0 || direction == 0 || target < 0 || target >= _items.Count)
        {
            return false;
        }

        (_items[index], _items[target]) = (_items[target], _items[index]);
        Renumber();
        return true;
    }

    private void Renumber()
    {
        for (var i = 0; i < _items.Count; i++)
        {
            _items[i].MoveTo(i + 1);
        }
    }
}
