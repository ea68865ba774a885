using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>Reads pages and submits their real forms (with the antiforgery token the page carries).</summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        }

        return Parser.ParseDocument(html);
    }

    /// <summary>The body of a page whatever its status (error pages are pages too).</summary>
    public static async Task<string> ReadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The form whose action contains <paramref name="actionPart"/>.</summary>
    public static IHtmlFormElement FindForm(IHtmlDocument page, string actionPart) =>
        page.Forms.FirstOrDefault(f => (f.GetAttribute("action") ?? string.Empty).Contains(actionPart, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No form posting to '{actionPart}' on the page. Forms: {string.Join(", ", page.Forms.Select(f => f.GetAttribute("action")))}");

    /// <summary>The name of the first text-like input whose name contains one of the hints.</summary>
    public static string FieldLike(IHtmlFormElement form, params string[] hints) =>
        form.QuerySelectorAll("input, textarea, select")
            .Select(e => e.GetAttribute("name"))
            .OfType<string>()
            .FirstOrDefault(n => hints.Any(h => n.Contains(h, StringComparison.OrdinalIgnoreCase)))
        ?? throw new InvalidOperationException($"No field like {string.Join("/", hints)} in the form.");

    public static string FieldOfType(IHtmlFormElement form, string type) =>
        form.QuerySelectorAll($"input[type={type}]").Select(e => e.GetAttribute("name")).OfType<string>().FirstOrDefault()
        ?? throw new InvalidOperationException($"No {type} field in the form.");

    /// <summary>Posts the form with its current values (hidden fields, antiforgery token) changed by <paramref name="edit"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlFormElement form, Action<Dictionary<string, string>>? edit = null, string? submitName = null, string? submitValue = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements.OfType<IElement>())
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        fields[name] = input.Value;
                    }

                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlButtonElement:
                    break;
                case IHtmlInputElement input:
                    fields[name] = input.Value;
                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
                case IHtmlSelectElement select:
                    fields[name] = select.Value ?? string.Empty;
                    break;
            }
        }

        if (submitName is not null)
        {
            fields[submitName] = submitValue ?? string.Empty;
        }

        edit?.Invoke(fields);
        var action = form.GetAttribute("action");
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        using var content = new FormUrlEncodedContent(fields);
        return method == "POST"
            ? await client.PostAsync(action, content)
            : await client.GetAsync(action + "?" + await content.ReadAsStringAsync());
    }

    /// <summary>Opens the page at <paramref name="pageUrl"/> (it must answer 2xx), finds its form posting to
    /// <paramref name="actionPart"/> and submits it as <see cref="SubmitAsync"/> does: the steps a person takes to send a form.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient client, string pageUrl, string actionPart, Action<Dictionary<string, string>>? edit = null,
        string? submitName = null, string? submitValue = null)
    {
        var page = await GetAsync(client, pageUrl);
        return await SubmitAsync(client, FindForm(page, actionPart), edit, submitName, submitValue);
    }

    /// <summary>The antiforgery token the page's forms carry.</summary>
    public static string AntiforgeryToken(IParentNode page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("No antiforgery token on the page.");

    /// <summary>Posts <paramref name="fields"/> to <paramref name="action"/> with the antiforgery token of the page at
    /// <paramref name="pageUrl"/>: for a post no form on that page would send (another item's address, a forged value).</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string pageUrl, string action, IEnumerable<KeyValuePair<string, string>>? fields = null) =>
        await PostWithTokenAsync(client, await GetAsync(client, pageUrl), action, fields);

    /// <summary>Posts <paramref name="fields"/> to <paramref name="action"/> with the antiforgery token of a page the
    /// client has open.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, IParentNode page, string action, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", AntiforgeryToken(page)), .. fields ?? []]);
        return await client.PostAsync(action, content);
    }

    /// <summary>The number a redirect's address carries: the first group of <paramref name="link"/> in its Location.</summary>
    public static long RedirectId(HttpResponseMessage response, Regex link)
    {
        var location = response.Headers.Location?.ToString()
            ?? throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode} without a Location.");
        var match = link.Match(location);
        return match.Success
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The redirect to '{location}' does not match {link}.");
    }

    /// <summary>Follows a redirect: opens the page its Location names (it must answer 2xx).</summary>
    public static Task<IHtmlDocument> FollowAsync(HttpClient client, HttpResponseMessage response) =>
        GetAsync(client, response.Headers.Location?.ToString()
            ?? throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode} without a Location."));
}
