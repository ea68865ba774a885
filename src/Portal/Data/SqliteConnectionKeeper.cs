using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Hosting.Data;

/// <summary>
/// SQLite: a context's connection, once opened, stays open until the context ends (a request's pooled context when
/// the request ends, a factory's context when it is disposed) instead of EF Core closing it after every query and
/// opening it again for the next. Each open takes a connection from Microsoft.Data.Sqlite's pool and registers EF
/// Core's SQL functions on it again: about 5 % of a signed-in page's CPU in a profile (issue 16).
/// <list type="bullet">
/// <item>Keeping it open changes nothing that a query sees. Outside a transaction every SQLite statement reads the
/// newest committed data; a read transaction lasts only while a statement is being read (EF disposes each reader),
/// so an idle open connection holds no snapshot and does not stop the WAL from being checkpointed.</item>
/// <item>EF Core still closes it: <c>RelationalConnection.ResetState</c> (a pooled context given back, a context
/// disposed) closes an owned connection directly, without asking the interceptors. A transaction is ended before
/// the close is asked for, as before.</item>
/// <item>PostgreSQL keeps EF Core's default: its connections are cheap to take from Npgsql's pool, and a held one
/// would hold a server connection for the whole request.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionKeeper : DbConnectionInterceptor
{
    public static readonly SqliteConnectionKeeper Instance = new();

    private SqliteConnectionKeeper()
    {
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public override ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(InterceptionResult.Suppress());
}
