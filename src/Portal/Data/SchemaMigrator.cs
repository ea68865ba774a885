using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>
/// Creates and upgrades every module's tables at start-up (Orchard's data migrations): version 1 is the
/// DbContext model's create script for the configured provider; later versions are the module's
/// <see cref="IModuleMigration{TContext}"/>s, applied to databases created before them (a fresh database is
/// created from the current model and recorded at the highest version). Each context's upgrade runs in one transaction, and on
/// PostgreSQL under an advisory lock so that several nodes starting together do not race.
/// </summary>
internal sealed class SchemaMigrator(IServiceProvider services, IEnumerable<ModuleDbContextRegistration> registrations, IPortalDatabase database, ILogger<SchemaMigrator> logger)
{
    private const string VersionTable = "portal_schema_versions";
    private const long AdvisoryLockKey = 0x506f7274616c; // "Portal"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (database is PortalDatabase portalDatabase)
        {
            await portalDatabase.PrepareAsync(cancellationToken);
        }

        // An existing site at the current versions (every start but the first after an upgrade): one query, no
        // DbContext. Checking each context builds its EF Core model, about 0.6 s of CPU for ten contexts at start-up;
        // the models are then built when a request first needs them (or by the warm-up after start).
        if (await IsSchemaCurrentAsync(cancellationToken))
        {
            logger.LogDebug("Every module's tables are at their current schema version");
            return;
        }

        using var scope = services.CreateScope();
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
            await MigrateContextAsync(context, scope.ServiceProvider, registration, cancellationToken);
        }
    }

    /// <summary>True when the version table records, for every registered DbContext, at least the version its
    /// migrations lead to (1 without migrations): then there is nothing to create or upgrade. A missing table, a
    /// missing row or a lower version answers false, and every context is checked and upgraded as before.</summary>
    internal async Task<bool> IsSchemaCurrentAsync(CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var registration in registrations.DistinctBy(r => r.ContextType))
        {
            var migrationType = typeof(IModuleMigration<>).MakeGenericType(registration.ContextType);
            var versionProperty = migrationType.GetProperty(nameof(IModuleMigration<DbContext>.Version))!;
            expected[registration.ContextType.Name] = services.GetServices(migrationType)
                .Select(m => (int)versionProperty.GetValue(m)!)
                .Append(1)
                .Max();
        }

        if (database is not PortalDatabase portalDatabase)
        {
            return false;
        }

        var recorded = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = portalDatabase.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT context_name, version FROM {VersionTable}";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (DbException)
        {
            // No version table yet: a new database.
            return false;
        }

        return expected.All(e => recorded.TryGetValue(e.Key, out var version) && version >= e.Value);
    }

    private async Task MigrateContextAsync(DbContext context, IServiceProvider scoped, ModuleDbContextRegistration registration, CancellationToken cancellationToken)
    {
        var name = registration.ContextType.Name;
        var connection = context.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                $"CREATE TABLE IF NOT EXISTS {VersionTable} (context_name VARCHAR(200) NOT NULL PRIMARY KEY, version INTEGER NOT NULL)",
                cancellationToken);

            var current = await GetVersionAsync(connection, name, cancellationToken);
            var migrationType = typeof(IModuleMigration<>).MakeGenericType(registration.ContextType);
            var migrations = scoped.GetServices(migrationType)
                .Cast<object>()
                .Select(m => (Version: (int)migrationType.GetProperty(nameof(IModuleMigration<DbContext>.Version))!.GetValue(m)!, Migration: m))
                .Where(m => m.Version > current)
                .OrderBy(m => m.Version)
                .ToList();

            if (current == 0)
            {
                // A fresh database gets the current model, which already holds what every migration adds: record
                // it at the highest version, so migrations run only on databases created before them.
                var script = context.Database.GenerateCreateScript();
                var created = migrations.Select(m => m.Version).Append(1).Max();
                await ApplyAsync(connection, name, created, exists: false, [script], cancellationToken);
                logger.LogInformation("Created the tables of {Context} at schema version {Version}", name, created);
                current = created;
            }

            foreach (var (version, migration) in migrations.Where(m => m.Version > current))
            {
                var builder = new MigrationBuilder(context.Database.ProviderName);
                migrationType.GetMethod(nameof(IModuleMigration<DbContext>.Up))!.Invoke(migration, [builder]);
                var commands = context.GetService<IMigrationsSqlGenerator>().Generate(builder.Operations, context.Model);
                await ApplyAsync(connection, name, version, exists: true, commands.Select(c => c.CommandText).ToList(), cancellationToken);
                logger.LogInformation("Upgraded {Context} to schema version {Version}", name, version);
            }
        }
        finally
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", cancellationToken);
            }

            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task ApplyAsync(DbConnection connection, string name, int version, bool exists, IReadOnlyList<string> sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in sql.Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken);
        }

        var upsert = exists
            ? $"UPDATE {VersionTable} SET version = @version WHERE context_name = @name"
            : $"INSERT INTO {VersionTable} (context_name, version) VALUES (@name, @version)";
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = upsert;
            AddParameter(command, "@name", name);
            AddParameter(command, "@version", version);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<int> GetVersionAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM {VersionTable} WHERE context_name = @name";
        AddParameter(command, "@name", name);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? 0 : Convert.ToInt32(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
