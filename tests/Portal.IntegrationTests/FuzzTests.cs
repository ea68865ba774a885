using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// At least 10,000 generated requests with hostile values across every route and form, found in the routing table
/// (<see cref="EndpointDataSource"/>: a new module's routes are fuzzed without touching this test) and in the forms
/// and links of the pages those routes serve, as an anonymous visitor and as signed-in staff, over real Kestrel:
/// not one may answer 5xx. Deterministic (fixed seed); a failure lists each 5xx with the server's logged error.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests : IClassFixture<KestrelPortalSite>
{
    /// <summary>Kestrel's default limit on the request line (method, address, version).</summary>
    private const int MaxRequestLine = 8 * 1024;

    private const int Seed = 20261206;
    private const int RequestCount = 10_500;
    private const int Parallelism = 4;

    private static readonly string[] OddMethods = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"];

    /// <summary>Hostile values: the list from issue 17 and then some.</summary>
    private static readonly string[] Hostile =
    [
        "", " ", "   ", "\0", "a\0b", "\u202E\u2066evil\u2069", "[", "]", "[0]", "a[b", "照顧者", "照顧者 🤝 caregiver",
        "-1", "0", "2147483648", "99999999999999999999999", "1e308", "NaN", "-0", "0x1F", "1.5", "true", "null", "undefined",
        "2026-13-45", "0001-01-01", "9999-12-31T23:59:59Z", "00000000-0000-0000-0000-000000000000", "not-a-guid",
        "../../etc/passwd", "..%2F..%2F", "%00", "%", "%zz", "\\\\server\\share", "//evil.example", "javascript:alert(1)",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1' --", "'; DROP TABLE x; --",
        "{\"a\":1}", "\r\nSet-Cookie: x=1", "\t\n", "\uFFFF\uFFFE", "\uD800", "a\u0301\u0301\u0301", "ＡＢＣ",
        new string('a', 5_000), new string('照', 20_000), string.Concat(Enumerable.Repeat("> ", 5_000)), new string('[', 3_000),
        "user@example.hk", "https://example.hk/a?b=c", "/kb?tag=照顧者", "Zh-hK", "en", "xx-XX",
    ];

    private readonly KestrelPortalSite _site;

    public FuzzTests(KestrelPortalSite site)
    {
        _site = site;
        site.StartServer();
    }

    [Fact]
    public async Task Ten_thousand_hostile_requests_over_every_route_and_form_give_no_5xx()
    {
        var stopwatch = Stopwatch.StartNew();
        var routes = Routes();
        Assert.True(routes.Count > 50, $"only {routes.Count} routes in the routing table");

        using var anonymous = _site.NewBrowser();
        using var staff = _site.NewBrowser();
        await SignInAsync(staff, "staff");
        var clients = new[] { new FuzzClient("anonymous", anonymous, null), new FuzzClient("staff", staff, "staff") };
        foreach (var client in clients)
        {
            client.Token = await TokenAsync(client.Http);
        }

        // Concrete pages and forms: every parameterless GET route, as each client, and the links and forms on them.
        var pages = new ConcurrentBag<string>();
        var forms = new ConcurrentBag<FormTarget>();
        foreach (var client in clients)
        {
            foreach (var route in routes.Where(r => r.Methods.Contains("GET") && r.Pattern.Parameters.Count == 0))
            {
                await CrawlAsync(client, route.Path(null, new Random(1)), pages, forms);
            }
        }

        foreach (var link in pages.Distinct().Take(400).ToList())
        {
            await CrawlAsync(clients[1], link, pages, forms);
        }

        var links = pages.Distinct().ToList();
        var formList = forms.DistinctBy(f => f.Method + f.Action + string.Join(",", f.Fields.Keys)).ToList();

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var sent = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        var tasks = new List<Task>();
        for (var i = 0; i < RequestCount; i++)
        {
            var random = new Random(Seed + i);
            var client = clients[i % clients.Length];
            var kind = random.Next(10);
            await gate.WaitAsync();
            tasks.Add(Task.Run(async () =>
            {
                var description = string.Empty;
                var addressLength = 0;
                try
                {
                    using var request = kind switch
                    {
                        <= 4 => FromRoute(routes[random.Next(routes.Count)], client, random, links),
                        <= 7 when formList.Count > 0 => FromForm(formList[random.Next(formList.Count)], client, random),
                        8 when links.Count > 0 => OddRequest(links[random.Next(links.Count)], random),
                        _ => FromRoute(routes[random.Next(routes.Count)], client, random, links),
                    };
                    if (request.RequestUri!.OriginalString.Contains("sign-out", StringComparison.OrdinalIgnoreCase) && client.User is not null)
                    {
                        return; // staff keep their session for the rest of the run
                    }

                    addressLength = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery.Length : request.RequestUri.OriginalString.Length;
                    description = $"{client.Name} {request.Method} {Shorten(request.RequestUri!.OriginalString)} [{request.Content?.Headers.ContentType}] {Shorten(await BodyOf(request))}";
                    using var response = await client.Http.SendAsync(request);
                    Interlocked.Increment(ref sent);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode >= 500 && !IsReadinessAnswer(request, response))
                    {
                        failures.Enqueue($"{(int)response.StatusCode} {description}\n{_site.Errors.Recent(1)}");
                    }
                }
                catch (HttpRequestException ex) when (addressLength > MaxRequestLine && ex.HttpRequestError is HttpRequestError.Unknown or HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded)
                {
                    // An address longer than Kestrel's request line (8 KB) is refused with 414 and the connection closed
                    // at once; a client still sending a large body may see the closed connection instead of the 414.
                    statuses.AddOrUpdate(StatusCodes.Status414UriTooLong, 1, (_, n) => n + 1);
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue($"connection failed: {ex.Message} {description}");
                }
                finally
                {
                    gate.Release();
                }
            }));

            if (i % 1000 == 999 && clients[1].User is not null && !await IsSignedInAsync(staff))
            {
                await Task.WhenAll(tasks);
                await SignInAsync(staff, "staff");
                clients[1].Token = await TokenAsync(staff);
            }
        }

        await Task.WhenAll(tasks);
        var summary = $"{sent} requests over {routes.Count} routes, {formList.Count} forms and {links.Count} links in {stopwatch.Elapsed.TotalSeconds:F0} s; "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        // One example of each distinct server error (the first line the server logged for it).
        var distinct = failures.GroupBy(f => string.Join(" ", f.Split('\n').Skip(1).Take(3)))
            .Select(g => $"×{g.Count()}: {g.First()}");
        Assert.True(failures.IsEmpty, $"{failures.Count} answers of 5xx ({summary}):\n\n" + string.Join("\n\n", distinct.Take(25)));
        Assert.True(sent >= 10_000, summary);
        Assert.True(statuses.Keys.Any(s => s is >= 200 and < 300) && formList.Count > 10, summary);
    }

    /// <summary><c>/health/ready</c> answering 503 while the search index is first built is its job, not a fault.</summary>
    private static bool IsReadinessAnswer(HttpRequestMessage request, HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.ServiceUnavailable
        && (request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString).StartsWith("/health", StringComparison.Ordinal);

    private sealed record FuzzClient(string Name, HttpClient Http, string? User)
    {
        public string? Token { get; set; }
    }

    private sealed record Route(RoutePattern Pattern, IReadOnlySet<string> Methods, IReadOnlyList<string> FieldNames)
    {
        public string Path(Func<RoutePatternParameterPart, string?>? value, Random random)
        {
            var builder = new StringBuilder();
            foreach (var segment in Pattern.PathSegments)
            {
                var text = new StringBuilder();
                foreach (var part in segment.Parts)
                {
                    switch (part)
                    {
                        case RoutePatternLiteralPart literal:
                            text.Append(literal.Content);
                            break;
                        case RoutePatternSeparatorPart separator:
                            text.Append(separator.Content);
                            break;
                        case RoutePatternParameterPart parameter:
                            var v = value?.Invoke(parameter) ?? (parameter.IsOptional && random.Next(2) == 0 ? null : PlausibleFor(parameter, random));
                            if (v is not null)
                            {
                                text.Append(v);
                            }

                            break;
                    }
                }

                if (text.Length > 0)
                {
                    builder.Append('/').Append(text);
                }
            }

            return builder.Length == 0 ? "/" : builder.ToString();
        }

        private static string PlausibleFor(RoutePatternParameterPart parameter, Random random) =>
            parameter.ParameterPolicies.Any(p => p.Content is "int" or "long" or "min(1)")
                ? random.Next(1, 40).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString() : "a" + random.Next(1, 40);
    }

    /// <summary>Every route in the routing table with its methods and the names its action binds (form fields).</summary>
    private List<Route> Routes()
    {
        var endpoints = _site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<Route>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.ToHashSet(StringComparer.OrdinalIgnoreCase)
                ?? new HashSet<string>(["GET", "POST"], StringComparer.OrdinalIgnoreCase);
            var fields = new List<string>();
            if (endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
            {
                foreach (var parameter in action.Parameters)
                {
                    AddFieldNames(parameter.Name, parameter.ParameterType, fields, depth: 0);
                }
            }
            else if (endpoint.RequestDelegate?.Method is { } handler)
            {
                fields.AddRange(handler.GetParameters().Select(p => p.Name).OfType<string>());
            }

            routes.Add(new Route(endpoint.RoutePattern, methods, [.. fields.Distinct(StringComparer.Ordinal)]));
        }

        return routes;
    }

    private static void AddFieldNames(string name, Type type, List<string> fields, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(CancellationToken) || depth > 2)
        {
            return;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateOnly)
            || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) || type == typeof(Guid) || typeof(IFormFile).IsAssignableFrom(type))
        {
            fields.Add(name);
            return;
        }

        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[^1];
            AddFieldNames(name + "[0]", element, fields, depth + 1);
            AddFieldNames(name + "[1]", element, fields, depth + 1);
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            AddFieldNames(depth == 0 ? property.Name : name + "." + property.Name, property.PropertyType, fields, depth + 1);
            if (depth == 0)
            {
                fields.Add(name + "." + property.Name);
            }
        }
    }

    private static HttpRequestMessage FromRoute(Route route, FuzzClient client, Random random, List<string> links)
    {
        var method = route.Methods.Count == 0 ? "GET" : route.Methods.ElementAt(random.Next(route.Methods.Count));
        var path = route.Path(p => random.Next(3) == 0 ? null : Uri.EscapeDataString(Pick(random)), random);
        var fields = route.FieldNames.Where(_ => random.Next(4) > 0).ToDictionary(f => f, _ => Pick(random), StringComparer.Ordinal);
        if (method is "GET" or "HEAD")
        {
            var query = string.Join("&", fields.Take(6).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(Truncate(f.Value, 300))));
            return new HttpRequestMessage(new HttpMethod(method), query.Length == 0 ? path : path + "?" + query);
        }

        if (client.Token is not null && random.Next(6) > 0)
        {
            fields["__RequestVerificationToken"] = client.Token;
        }

        return new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(fields, random, multipart: random.Next(4) == 0) };
    }

    private static HttpRequestMessage FromForm(FormTarget form, FuzzClient client, Random random)
    {
        var fields = new Dictionary<string, string>(form.Fields, StringComparer.Ordinal);
        foreach (var key in fields.Keys.Where(k => k != "__RequestVerificationToken").ToList())
        {
            switch (random.Next(5))
            {
                case 0:
                    fields.Remove(key);
                    break;
                case 1 or 2:
                    fields[key] = Pick(random);
                    break;
            }
        }

        if (client.Token is not null && fields.ContainsKey("__RequestVerificationToken"))
        {
            fields["__RequestVerificationToken"] = client.Token;
        }

        if (random.Next(8) == 0)
        {
            fields.Remove("__RequestVerificationToken");
        }

        if (random.Next(10) == 0)
        {
            fields[Pick(random) is { Length: > 0 and < 200 } odd ? odd : "[x"] = Pick(random);
        }

        if (form.Method == "GET")
        {
            var query = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(Truncate(f.Value, 500))));
            return new HttpRequestMessage(HttpMethod.Get, form.Action.Split('?')[0] + "?" + query);
        }

        return new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = Body(fields, random, form.Multipart || random.Next(5) == 0) };
    }

    /// <summary>A link with an odd method or a body that is not a form at all.</summary>
    private static HttpRequestMessage OddRequest(string link, Random random)
    {
        var request = new HttpRequestMessage(new HttpMethod(OddMethods[random.Next(OddMethods.Length)]), link);
        if (random.Next(2) == 0)
        {
            request.Method = HttpMethod.Post;
        }

        var bytes = new byte[random.Next(0, 3000)];
        random.NextBytes(bytes);
        var content = random.Next(6) switch
        {
            0 => new ByteArrayContent(bytes),
            1 => new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=x")))),
            2 => new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--")),
            3 => new ByteArrayContent(Encoding.UTF8.GetBytes("a=+AGEAYgBj-&b=%00%ZZ")),
            4 => new ByteArrayContent(Encoding.UTF8.GetBytes("{\"q\": \"\\u0000\", \"x\": [[[[[[[[]]]]]]]]}")),
            _ => new ByteArrayContent(bytes),
        };
        content.Headers.TryAddWithoutValidation("Content-Type", random.Next(7) switch
        {
            0 => "application/x-www-form-urlencoded",
            1 => "application/x-www-form-urlencoded; charset=utf-7",
            2 => "multipart/form-data",
            3 => "multipart/form-data; boundary=b",
            4 => "application/json",
            5 => "text/plain; charset=x-unknown",
            _ => "application/octet-stream",
        });
        request.Content = content;
        return request;
    }

    private static HttpContent Body(Dictionary<string, string> fields, Random random, bool multipart)
    {
        if (!multipart)
        {
            return new FormUrlEncodedContent(fields);
        }

        // Written by hand, as a browser does (quotes and line breaks in names escaped), so any field name can be sent.
        const string boundary = "----fuzz7MA4YWxkTrZu0gW";
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        static string Name(string name) => name.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        foreach (var (key, value) in fields)
        {
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{Name(key)}\"\r\n\r\n{value}\r\n");
        }

        // A file in every multipart body, for upload forms (and as junk for others).
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        var fileField = fields.Keys.FirstOrDefault(k => k.Contains("file", StringComparison.OrdinalIgnoreCase) || k.Contains("upload", StringComparison.OrdinalIgnoreCase)) ?? "file";
        var fileName = Pick(random) is { Length: > 0 and < 100 } odd ? odd : "a.png";
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{Name(fileField)}\"; filename=\"{Name(fileName)}\"\r\nContent-Type: {(random.Next(2) == 0 ? "image/png" : "application/pdf")}\r\n\r\n");
        body.Write(random.Next(3) == 0 ? Encoding.UTF8.GetBytes("<svg onload=alert(1)>") : bytes);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=" + boundary);
        return content;
    }

    private static string Pick(Random random) => random.Next(5) == 0 ? "a" + random.Next(1000) : Hostile[random.Next(Hostile.Length)];

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static string Shorten(string value) => value.Length <= 160 ? value : value[..160] + $"…({value.Length})";

    private static async Task<string> BodyOf(HttpRequestMessage request) =>
        request.Content is null ? string.Empty : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync());

    private Task CrawlAsync(FuzzClient client, string path, ConcurrentBag<string> pages, ConcurrentBag<FormTarget> forms) =>
        SiteCrawler.CrawlAsync(client.Http, client.Name, path, pages, forms, _site.Errors);

    private async Task SignInAsync(HttpClient client, string user)
    {
        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "/account/sign-in");
        using var response = await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = user;
            fields[HtmlForms.FieldOfType(form, "password")] = PortalSite.Password;
        });
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"sign-in as {user}: {(int)response.StatusCode}");
    }

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/account");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The client's antiforgery token (the sign-in form for a visitor, the account page for staff).</summary>
    private static async Task<string?> TokenAsync(HttpClient client)
    {
        foreach (var path in new[] { "/account/sign-in", "/account" })
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK
                && HtmlForms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") is { } token)
            {
                return token;
            }
        }

        return null;
    }
}
