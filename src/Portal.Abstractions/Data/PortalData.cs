using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The site's database as configured (<c>Portal:Database:Provider</c>, <c>ConnectionStrings:Portal</c>).</summary>
public interface IPortalDatabase
{
    DatabaseProvider Provider { get; }

    /// <summary>Points a module's DbContext at the site database with the right provider.</summary>
    void Configure(DbContextOptionsBuilder options);
}

/// <summary>
/// A schema change after a module's first version (Orchard's data migrations). Version 1 of every module's
/// schema is created from its EF model; each later version is a <see cref="MigrationBuilder"/> script that
/// the host turns into the configured provider's SQL and runs once, in order, at start-up, on databases created
/// before it. A fresh database is created from the current model and recorded at the highest version, so the
/// model must always describe the latest schema, and a migration must be schema only: work on data (filling a new
/// column from an old one) belongs in the same migration's SQL, which has nothing to do on a fresh database.
/// </summary>
public interface IModuleMigration<TContext> where TContext : DbContext
{
    /// <summary>2, 3, ...</summary>
    int Version { get; }

    void Up(MigrationBuilder migrationBuilder);
}

/// <summary>Records which DbContexts the host must create and migrate at start-up.</summary>
public sealed record ModuleDbContextRegistration(Type ContextType, string TablePrefix);

public static class PortalDataExtensions
{
    /// <summary>
    /// Registers a module's own DbContext (scoped, from a pool) and a factory for background work (unpooled), both on
    /// the site database.
    /// The host creates its tables on first start and applies its <see cref="IModuleMigration{TContext}"/>s.
    /// </summary>
    public static IServiceCollection AddPortalDbContext<TContext>(this IServiceCollection services, string tablePrefix)
        where TContext : DbContext
    {
        // The options (and the factory) are built once: as Scoped they were rebuilt, and EF's internal service
        // provider looked up, for every request and every DbContext it used (a fifth of a signed-in page's time).
        services.AddDbContextFactory<TContext>(
            (sp, options) => sp.GetRequiredService<IPortalDatabase>().Configure(options),
            ServiceLifetime.Singleton);

        // The request's context (one per scope) comes from a pool and goes back to it when the scope ends: building a
        // DbContext and its internal services for every context of every request was a tenth of a signed-in page.
        // The factory above stays unpooled on purpose: background work and IIndexingQueue/INotificationPublisher
        // point its contexts at the caller's connection and transaction (SetDbConnection), state a pooled context
        // would carry to its next user (dotnet/efcore#30704).
        services.TryAddSingleton<PortalDbContextPool<TContext>>();
        services.Replace(ServiceDescriptor.Scoped(sp => sp.GetRequiredService<PortalDbContextPool<TContext>>().Rent()));
        services.AddSingleton(new ModuleDbContextRegistration(typeof(TContext), tablePrefix));
        return services;
    }

    /// <summary>Prefixes every table of the model (call last in <c>OnModelCreating</c>) so modules share one
    /// database without clashes, e.g. <c>kb_Articles</c>.</summary>
    public static ModelBuilder UseTablePrefix(this ModelBuilder modelBuilder, string prefix)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null && !table.StartsWith(prefix, StringComparison.Ordinal))
            {
                entity.SetTableName(prefix + table);
            }
        }

        return modelBuilder;
    }
}

/// <summary>
/// The pool the scoped <typeparamref name="TContext"/> of each request is rented from (EF Core's
/// <see cref="PooledDbContextFactory{TContext}"/> over the same options as the module's factory). A rented context is
/// reset (change tracker, transaction, an owned connection closed) when its scope disposes it. A context from the pool
/// must never be pointed at another connection; use <see cref="IDbContextFactory{TContext}"/> for that.
/// </summary>
public sealed class PortalDbContextPool<TContext>(DbContextOptions<TContext> options)
    where TContext : DbContext
{
    private readonly PooledDbContextFactory<TContext> _pool = new(options);

    public TContext Rent() => _pool.CreateDbContext();
}
