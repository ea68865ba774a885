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
    private readonly PerModel<Func<TContext, TParameter, CancellationToken, Task<TResult>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public Task<TResult> RunAsync(TContext context, TParameter parameter, CancellationToken cancellationToken = default) =>
        _compiled.For(context)(context, parameter, cancellationToken);
}

/// <summary>A compiled query that returns a list (see <see cref="CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
public sealed class CompiledListQuery<TContext, TParameter, TResult>(Expression<Func<TContext, TParameter, IQueryable<TResult>>> query)
    where TContext : DbContext
{
    private readonly PerModel<Func<TContext, TParameter, IAsyncEnumerable<TResult>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public Task<List<TResult>> ToListAsync(TContext context, TParameter parameter, CancellationToken cancellationToken = default) =>
        _compiled.For(context)(context, parameter).ToListAsync(cancellationToken).AsTask();
}

/// <summary>A compiled list query with two parameters (see <see cref="CompiledQuery{TContext, TParameter, TResult}"/>).</summary>
public sealed class CompiledListQuery<TContext, TParameter1, TParameter2, TResult>(Expression<Func<TContext, TParameter1, TParameter2, IQueryable<TResult>>> query)
    where TContext : DbContext
{
    private readonly PerModel<Func<TContext, TParameter1, TParameter2, IAsyncEnumerable<TResult>>> _compiled = new(() => EF.CompileAsyncQuery(query));

    public Task<List<TResult>> ToListAsync(TContext context, TParameter1 parameter1, TParameter2 parameter2, CancellationToken cancellationToken = default) =>
        _compiled.For(context)(context, parameter1, parameter2).ToListAsync(cancellationToken).AsTask();
}

/// <summary>One compiled query per EF Core model, made the first time a context of that model asks.</summary>
internal sealed class PerModel<TCompiled>(Func<TCompiled> compile)
    where TCompiled : class
{
    private readonly ConditionalWeakTable<IModel, TCompiled> _byModel = [];
    private readonly ConditionalWeakTable<IModel, TCompiled>.CreateValueCallback _create = _ => compile();

    public TCompiled For(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _byModel.GetValue(context.Model, _create);
    }
}
