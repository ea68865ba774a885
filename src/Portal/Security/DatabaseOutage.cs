using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;
using Npgsql;
using Portal.Resources;

namespace Portal.Hosting.Security;

/// <summary>
/// While the database cannot be reached (PostgreSQL down, SQLite file unreadable, disk full), pages answer 503 with
/// <c>Retry-After</c> and a static page in the person's language that needs nothing from the database (the normal
/// error page reads site settings and the theme from it), with the usual security headers. Other faults go on to
/// the ordinary error handling.
/// </summary>
internal sealed class DatabaseOutageMiddleware(RequestDelegate next, ILogger<DatabaseOutageMiddleware> logger)
{
    public const int RetryAfterSeconds = 30;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsOutage(ex) && !context.Response.HasStarted)
        {
            logger.LogError(ex, "The database is unavailable: {Method} {Path} answered 503", context.Request.Method, context.Request.Path.Value);
            await WriteAsync(context);
        }
    }

    /// <summary>True for faults of the database itself (cannot connect, shut down, file not a database, disk full,
    /// read-only, busy), looked for through wrapping exceptions; false for a constraint violation or a bug.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    // 08: connection exception; 53: insufficient resources (disk full, too many connections);
                    // 57P: operator intervention (shutdown, cannot connect now); 58: system error (I/O).
                    // Also 55000 raised when connecting to a database that does not take connections now (maintenance,
                    // ALTER DATABASE ... ALLOW_CONNECTIONS false): the server's routine names it, whatever its language.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("58", StringComparison.Ordinal)
                        || (pg.SqlState == "55000" && pg.Routine == "CheckMyDatabase");
                case NpgsqlException:
                    return true; // not a server answer: the connection failed, timed out or broke
                case SqliteException sqlite:
                    // BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB
                    return sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26;
                case System.Net.Sockets.SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    return aggregate.InnerExceptions.Any(IsOutage);
            }
        }

        return false;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<HostStrings>>();
        var title = t["Temporarily unavailable"];
        var message = t["The portal cannot reach its database just now. Please try again in a few minutes."];
        var form = t["If you were sending a form, it may not have been saved: please send it again once the page works."];
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await response.WriteAsJsonAsync(new { title = title.Value, detail = message.Value, status = 503 });
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        var path = context.Request.Path.Value ?? "/";
        var again = path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal) ? path : "/";
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name;
        await response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{WebUtility.HtmlEncode(lang)}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>" +
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>" +
            $"<body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p><p>{WebUtility.HtmlEncode(form)}</p>" +
            $"<p><a href=\"{WebUtility.HtmlEncode(again)}\">{WebUtility.HtmlEncode(t["Try again"])}</a></p></main></body></html>");
    }
}
