using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Data;

/// <summary>
/// An EF Core compiled query for a page's hot path (issue 16). A LINQ query is turned into a new expression tree on
/// every call, and EF Core then walks the tree to pull out its parameters and look the query up in its cache; for a
/// lookup by key (<c>DbSet.FindAsync</c> builds its tree by reflection each time) that is a large part of the query's
/// CPU. A compiled query does that once. EF Core ties a compiled query to the first model it runs on, so this keeps
/// one per model: a process normally has one, but tests run SQLite and PostgreSQL sites side by side.
/// Tracking is as in the expression (a tracking query returns an entity the context already tracks as it is).
/// </summary>
public sealed class CompiledQuery<TContext, TParameter, TResult>(Expression<Func<TContext, TParameter, CancellationToken, TResult>> query)
    where TContext : DbContext
{
    private readonly ConditionalWeakTable<IModel, Func<TContext, TParameter, CancellationToken, Task<TResult>>> _byModel = [];

    public Task<TResult> RunAsync(TContext context, TParameter parameter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Model;
        if (!_byModel.TryGetValue(model, out var compiled))
        {
            compiled = _byModel.GetValue(model, _ => EF.CompileAsyncQuery(query));
        }

        return compiled(context, parameter, cancellationToken);
    }
}

/// <summary>A compiled query that returns a list (see <see cref="CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
public sealed class CompiledListQuery<TContext, TParameter, TResult>(Expression<Func<TContext, TParameter, IQueryable<TResult>>> query)
    where TContext : DbContext
{
    private readonly ConditionalWeakTable<IModel, Func<TContext, TParameter, IAsyncEnumerable<TResult>>> _byModel = [];

    public async Task<List<TResult>> ToListAsync(TContext context, TParameter parameter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Model;
        if (!_byModel.TryGetValue(model, out var compiled))
        {
            compiled = _byModel.GetValue(model, _ => EF.CompileAsyncQuery(query));
        }

        var list = new List<TResult>();
        await foreach (var item in compiled(context, parameter).WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
