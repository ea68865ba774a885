using System.Collections.Concurrent;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>A form found on a page: where it goes and the values a person would send without typing anything.</summary>
public sealed record FormTarget(string Method, string Action, Dictionary<string, string> Fields, bool Multipart)
{
    public string Key => Method + " " + Action + " " + string.Join(",", Fields.Keys.Order(StringComparer.Ordinal));
}

/// <summary>
/// Walks a running site as one client: the pages of the routing table (so a new module's pages are walked without
/// touching the tests that use this) and the links and forms on them.
/// </summary>
public static class SiteCrawler
{
    /// <summary>Every GET route of the routing table that needs no value in its address.</summary>
    public static IReadOnlyList<string> PlainGetPaths(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count == 0
                && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET", StringComparer.OrdinalIgnoreCase) ?? true))
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).Trim('/'))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Reads one page and adds its site links (never a sign-out) and its forms; a 5xx while walking fails
    /// (but for /health/ready, whose 503 while the search index is first built is its job).</summary>
    public static async Task CrawlAsync(HttpClient client, string who, string path, ConcurrentBag<string> links, ConcurrentBag<FormTarget> forms, ErrorLog errors)
    {
        using var response = await client.GetAsync(path);
        if ((int)response.StatusCode >= 500 && !path.StartsWith("/health", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{who} GET {path} answered {(int)response.StatusCode} while crawling:\n{errors.Recent(2)}");
        }

        if (!(response.Content.Headers.ContentType?.MediaType ?? string.Empty).Contains("html", StringComparison.Ordinal))
        {
            return;
        }

        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        foreach (var href in page.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!))
        {
            if (!href.StartsWith("//", StringComparison.Ordinal) && !href.Contains("sign-out", StringComparison.OrdinalIgnoreCase))
            {
                links.Add(href);
            }
        }

        foreach (var form in page.Forms)
        {
            var action = form.GetAttribute("action") is { Length: > 0 } a && a.StartsWith('/') ? a : path;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var element in form.Elements)
            {
                if (element.GetAttribute("name") is { Length: > 0 } name)
                {
                    if (element is IHtmlInputElement { Type: "checkbox" or "radio", IsChecked: false } && fields.ContainsKey(name))
                    {
                        continue; // a browser sends only the chosen one
                    }

                    fields[name] = element switch
                    {
                        IHtmlInputElement input => input.Value,
                        IHtmlTextAreaElement area => area.Value,
                        IHtmlSelectElement select => select.Value ?? string.Empty,
                        _ => element.GetAttribute("value") ?? string.Empty,
                    };
                }
            }

            forms.Add(new FormTarget((form.GetAttribute("method") ?? "get").ToUpperInvariant(), action, fields,
                (form.GetAttribute("enctype") ?? string.Empty).Contains("multipart", StringComparison.OrdinalIgnoreCase)));
        }
    }
}
