using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.Primitives;

namespace Portal.Hosting.Security;

/// <summary>
/// One host-level answer to malformed requests (a fuzz found 500s with no log line): a body the server cannot read as
/// a form (too many fields, multipart without a boundary or broken, an unknown or unsupported charset such as UTF-7,
/// a body cut short) or an address with a NUL in it is answered 400 (413 when a size limit was passed), logged as a
/// warning, and shown the ordinary localized error page by the status-code pages. Other exceptions go on to the
/// ordinary error handling.
/// </summary>
internal sealed class BadRequestMiddleware(RequestDelegate next, ILogger<BadRequestMiddleware> logger)
{
    /// <summary>Set on the request when it was refused here, so the re-executed error page never reads the body.</summary>
    public const string RefusedItem = "portal:bad-request";

    public async Task InvokeAsync(HttpContext context)
    {
        if (ControlCharacterInAddress(context.Request) is { } where)
        {
            Refuse(context, StatusCodes.Status400BadRequest, $"control character in the {where}");
            return;
        }

        context.Response.OnStarting(static state => { LimitRedirect((HttpContext)state); return Task.CompletedTask; }, context);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (Classify(ex) is { } status && !context.Response.HasStarted)
        {
            Refuse(context, status, $"{Innermost(ex).GetType().Name}: {Innermost(ex).Message}");
            return;
        }

        // A 400 or 413 decided elsewhere (antiforgery could not read the form, a request size limit) is logged too,
        // once: not again when the error page is re-executed for it.
        if (context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && !context.Items.ContainsKey(RefusedItem))
        {
            logger.LogWarning("Request answered with {Status}: {Method} {Path}", context.Response.StatusCode, context.Request.Method, context.Request.Path.Value);
        }
    }

    /// <summary>The longest redirect address sent; browsers and proxies refuse much longer headers.</summary>
    public const int MaxRedirectLength = 4096;

    /// <summary>
    /// A redirect that echoes what was typed (a filter, a search, a date) into its address could grow past what browsers
    /// and proxies accept; such an address keeps its path and loses its query, so the person still lands on the page.
    /// </summary>
    internal static void LimitRedirect(HttpContext context)
    {
        var location = context.Response.Headers.Location.ToString();
        if (context.Response.StatusCode is >= 300 and < 400 && location.Length > MaxRedirectLength)
        {
            var path = location.Split('?', 2)[0];
            context.Response.Headers.Location = path.Length <= MaxRedirectLength && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal)
                ? path
                : "/";
        }
    }

    /// <summary>400 or 413 for an exception that means the request itself could not be read; null for anything else.</summary>
    public static int? Classify(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case BadHttpRequestException bad:
                    return bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
                case InvalidDataException data:
                    return data.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase)
                        ? StatusCodes.Status413PayloadTooLarge
                        : StatusCodes.Status400BadRequest;
                case ValueProviderException:
                case DecoderFallbackException:
                    return StatusCodes.Status400BadRequest;
                case InvalidOperationException op when op.Message.Contains("boundary", StringComparison.OrdinalIgnoreCase):
                    return StatusCodes.Status400BadRequest; // multipart/form-data without a boundary
                case NotSupportedException unsupported when unsupported.Message.Contains("UTF-7", StringComparison.OrdinalIgnoreCase) || unsupported.Message.Contains("encoding", StringComparison.OrdinalIgnoreCase):
                    return StatusCodes.Status400BadRequest; // charset=utf-7 on a form body
                case ArgumentException jquery when jquery.Message.Contains("JQuery syntax", StringComparison.Ordinal):
                    return StatusCodes.Status400BadRequest; // "[" without "]" in a form field's name
                case ArgumentException arg when IsEncodingError(arg):
                    return StatusCodes.Status400BadRequest; // charset=utf-7 or an unknown charset on a form body
            }
        }

        return null;
    }

    private static bool IsEncodingError(ArgumentException ex) =>
        ex.Message.Contains("encoding", StringComparison.OrdinalIgnoreCase) || ex.StackTrace?.Contains("System.Text.Encoding", StringComparison.Ordinal) == true;

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string? ControlCharacterInAddress(HttpRequest request)
    {
        if (request.Path.HasValue && request.Path.Value!.Any(c => c < ' '))
        {
            return "path";
        }

        var query = request.QueryString.Value;
        return query is not null && (query.Contains("%00", StringComparison.Ordinal) || query.Any(c => c < ' ')) ? "query string" : null;
    }

    private void Refuse(HttpContext context, int status, string reason)
    {
        logger.LogWarning("Bad request refused with {Status}: {Method} {Path}: {Reason}", status, context.Request.Method, context.Request.Path.Value, reason);
        context.Items[RefusedItem] = true;
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";

        // The status-code page re-executes the error page; it must not try to read this body as a form again.
        context.Request.ContentType = null;
        context.Request.Headers.ContentType = StringValues.Empty;
    }
}

/// <summary>
/// Cleans every value MVC binds from the form, the query string and the route: NUL and the other C0 control characters
/// (except tab and line breaks) and the bidirectional embedding/override/isolate controls (U+202A–U+202E,
/// U+2066–U+2069: "Trojan Source" spoofing of names and links) are removed. PostgreSQL refuses NUL in text (a 500
/// before), and a display name like <c>"admin\u202Egnp.exe"</c> must not read differently from what it is.
/// </summary>
internal static class InputText
{
    public static bool NeedsCleaning(string? value)
    {
        if (value is null)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsRemoved(c))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true; // unpaired: string.Normalize (user names, e-mail addresses) throws on it
            }
        }

        return false;
    }

    public static string Clean(string value)
    {
        if (!NeedsCleaning(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (!IsRemoved(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static ValueProviderResult Clean(ValueProviderResult result)
    {
        if (result == ValueProviderResult.None || !result.Values.Any(NeedsCleaning))
        {
            return result;
        }

        return new ValueProviderResult(new StringValues([.. result.Values.Select(v => v is null ? null : Clean(v))]), result.Culture);
    }

    /// <summary>C0 controls but tab and line breaks, DEL, bidi embeddings/overrides/isolates, and the noncharacters
    /// U+FDD0–U+FDEF, U+FFFE and U+FFFF (string.Normalize throws on them).</summary>
    private static bool IsRemoved(char c) =>
        (c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007F' || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'
        || c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF';
}

/// <summary>Wraps each of MVC's value-provider factories so that every bound value is cleaned (see <see cref="InputText"/>).</summary>
internal sealed class CleaningValueProviderFactory(IValueProviderFactory inner) : IValueProviderFactory
{
    public IValueProviderFactory Inner => inner;

    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var before = context.ValueProviders.Count;
        await inner.CreateValueProviderAsync(context);
        for (var i = before; i < context.ValueProviders.Count; i++)
        {
            context.ValueProviders[i] = CleaningValueProvider.Wrap(context.ValueProviders[i]);
        }
    }

    public static void WrapAll(MvcOptions options)
    {
        for (var i = 0; i < options.ValueProviderFactories.Count; i++)
        {
            if (options.ValueProviderFactories[i] is not CleaningValueProviderFactory)
            {
                options.ValueProviderFactories[i] = new CleaningValueProviderFactory(options.ValueProviderFactories[i]);
            }
        }
    }
}

internal sealed class CleaningValueProvider : IEnumerableValueProvider, IBindingSourceValueProvider, IKeyRewriterValueProvider
{
    private readonly IValueProvider _inner;

    private CleaningValueProvider(IValueProvider inner) => _inner = inner;

    public static IValueProvider Wrap(IValueProvider inner) => inner is CleaningValueProvider ? inner : new CleaningValueProvider(inner);

    public bool ContainsPrefix(string prefix) => _inner.ContainsPrefix(prefix);

    public ValueProviderResult GetValue(string key) => InputText.Clean(_inner.GetValue(key));

    public IDictionary<string, string> GetKeysFromPrefix(string prefix) =>
        _inner is IEnumerableValueProvider enumerable ? enumerable.GetKeysFromPrefix(prefix) : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IValueProvider? Filter(BindingSource bindingSource) =>
        _inner is IBindingSourceValueProvider source ? source.Filter(bindingSource) is { } filtered ? Wrap(filtered) : null : this;

    public IValueProvider? Filter() =>
        _inner is IKeyRewriterValueProvider rewriter ? rewriter.Filter() is { } filtered ? Wrap(filtered) : null : this;
}

/// <summary>
/// Redirects to a local address that holds non-ASCII or control characters (a <c>returnUrl</c> such as
/// <c>/kb?tag=照顧者</c>) are percent-encoded first: Kestrel refuses such a <c>Location</c> header with an exception,
/// which made a real sign-in with that return address a 500.
/// </summary>
internal sealed class EncodingLocalRedirectExecutor(LocalRedirectResultExecutor inner) : IActionResultExecutor<LocalRedirectResult>
{
    public Task ExecuteAsync(ActionContext context, LocalRedirectResult result) =>
        inner.ExecuteAsync(context, RedirectAddress.NeedsEncoding(result.Url)
            ? new LocalRedirectResult(RedirectAddress.Encode(result.Url), result.Permanent, result.PreserveMethod)
            : result);
}

internal sealed class EncodingRedirectExecutor(RedirectResultExecutor inner) : IActionResultExecutor<RedirectResult>
{
    public Task ExecuteAsync(ActionContext context, RedirectResult result) =>
        inner.ExecuteAsync(context, RedirectAddress.NeedsEncoding(result.Url)
            ? new RedirectResult(RedirectAddress.Encode(result.Url), result.Permanent, result.PreserveMethod)
            : result);
}

internal static class RedirectAddress
{
    public static bool NeedsEncoding(string url) => url.Any(c => c <= ' ' || c >= '\u007F');

    /// <summary>Percent-encodes (UTF-8) every character outside printable ASCII; what is already encoded stays.</summary>
    public static string Encode(string url)
    {
        var builder = new StringBuilder(url.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value > ' ' && rune.Value < 0x7F)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < length; i++)
            {
                builder.Append('%').Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>
/// Binds <c>bool</c> the way a check box means it: <c>true</c>/<c>on</c>/<c>1</c> are true, anything else false. MVC's
/// own binder keeps a value such as <c>"xx"</c> as the attempted value, and re-showing the form then throws in the
/// check box tag helper (<c>FormatException</c>: a 500 instead of the form).
/// </summary>
internal sealed class CheckBoxBooleanModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        (Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType) == typeof(bool) && !context.Metadata.IsComplexType
            ? new Binder(context.Metadata.ModelType != typeof(bool))
            : null;

    private sealed class Binder(bool nullable) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            var text = result.FirstValue?.Trim();
            bool? value = text switch
            {
                null or "" => nullable ? null : false,
                _ when bool.TryParse(text, out var parsed) => parsed,
                "on" or "1" or "yes" => true,
                _ => false,
            };
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value is null
                ? result
                : new ValueProviderResult(value.Value ? "true" : "false", CultureInfo.InvariantCulture));
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// TempData (the cookie that carries "saved" messages across a redirect) with every text cut to
/// <see cref="MaxTextLength"/> characters: a message that quotes what someone typed (a list of 20,000 characters of
/// names) otherwise became tens of cookie headers, more than browsers and proxies accept (the fuzz found 64 KB).
/// </summary>
internal sealed class BoundedTempDataProvider(
    Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider inner,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions> options) : Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataProvider
{
    public const int MaxTextLength = 500;

    private readonly string _cookieName = options.Value.Cookie.Name ?? Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider.CookieName;

    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    /// <summary>Nothing to keep and no cookie sent: no Set-Cookie either (the framework would delete a cookie the browser
    /// does not have on every page, which makes every page uncacheable).</summary>
    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(_cookieName))
        {
            return;
        }

        inner.SaveTempData(context, values.ToDictionary(
            v => v.Key,
            v => v.Value is string text && text.Length > MaxTextLength ? text[..MaxTextLength] + "…" : v.Value,
            StringComparer.Ordinal));
    }
}
