using Microsoft.AspNetCore.Mvc;

namespace Portal.Search.ViewComponents;

/// <summary>The search box every page can show: <c>@await Component.InvokeAsync("SearchBox")</c>.</summary>
[ViewComponent(Name = "SearchBox")]
public sealed class SearchBoxViewComponent : ViewComponent
{
    public IViewComponentResult Invoke(string? query = null)
    {
        var current = query ?? (HttpContext.Request.Path.StartsWithSegments("/search", StringComparison.OrdinalIgnoreCase)
            ? HttpContext.Request.Query["q"].ToString()
            : "");
        return View("Default", current.Length > 200 ? current[..200] : current);
    }
}
