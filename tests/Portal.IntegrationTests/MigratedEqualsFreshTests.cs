using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.IntegrationTests.Infrastructure;

namespace Portal.IntegrationTests;

/// <summary>
/// A real database made by an earlier version of the portal (fixtures/portal-2026-12-06.*.sql: the demo site as it was
/// created on 2026-12-06, schema and rows, dumped from SQLite and by <c>pg_dump --inserts</c>) is upgraded at start-up to
/// exactly the schema a fresh site gets (every table, column type, nullability and index), keeps its instants (dates
/// moved onto UTC ticks), and still works: pages read its content and its people can sign in.
/// </summary>
public abstract class MigratedEqualsFreshTests
{
    protected const string DemoPassword = "Demo-Password-2026";

    protected static string Fixture(string provider) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", $"portal-2026-12-06.{provider}.sql"));

    /// <summary>The instants the test follows through the upgrade: table, key column, key, date column.</summary>
    protected static readonly (string Table, string Key, string Column)[] Followed =
    [
        ("kb_Articles", "Id", "UpdatedUtc"),
        ("kb_Articles", "Id", "PublishedUtc"),
        ("kb_ArticleRevisions", "Id", "CreatedUtc"),
        ("content_Pages", "Id", "UpdatedUtc"),
        ("content_News", "Id", "CreatedUtc"),
        ("AspNetUsers", "UserName", "CreatedUtc"),
        ("portal_recipe_runs", "Id", "RanUtc"),
        ("acad_Courses", "Id", "CreatedUtc"),
        ("ntf_OutboxMessages", "Id", "CreatedUtc"),
        ("ntf_InAppNotifications", "Id", "CreatedUtc"),
        ("portal_background_task_runs", "Id", "StartedUtc"),
    ];

    protected static async Task StartsAndWorksAsync(PortalSite site)
    {
        using var client = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var kb = await client.GetStringAsync("/kb?culture=en");
        Assert.Contains("/kb/articles/", kb, StringComparison.Ordinal);

        var page = await HtmlForms.GetAsync(client, "/account/sign-in");
        var form = HtmlForms.FindForm(page, "sign-in");
        using var signedIn = await HtmlForms.SubmitAsync(client, form, fields =>
        {
            fields[HtmlForms.FieldLike(form, "user", "email", "login")] = "staff";
            fields[HtmlForms.FieldOfType(form, "password")] = DemoPassword;
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
    }

    protected static void AssertSameSchema(IReadOnlyCollection<string> fresh, IReadOnlyCollection<string> migrated)
    {
        var missing = fresh.Except(migrated, StringComparer.Ordinal).ToList();
        var extra = migrated.Except(fresh, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "The migrated schema differs from a fresh one.\nOnly in the fresh database:\n  " + string.Join("\n  ", missing) +
            "\nOnly in the migrated database:\n  " + string.Join("\n  ", extra));
    }

    protected static void AssertSameInstants(IReadOnlyDictionary<string, long?> before, IReadOnlyDictionary<string, long?> after, long tolerance)
    {
        Assert.NotEmpty(before);
        foreach (var (key, expected) in before)
        {
            Assert.True(after.TryGetValue(key, out var actual), $"{key} is gone after the upgrade.");
            if (expected is null)
            {
                Assert.Null(actual);
                continue;
            }

            Assert.True(actual is not null && Math.Abs(actual.Value - expected.Value) <= tolerance,
                $"{key}: expected {new DateTime(expected.Value, DateTimeKind.Utc):O}, found {(actual is null ? "null" : new DateTime(actual.Value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture))}.");
        }
    }

    /// <summary>An integer instant as stored before the upgrade: EF's DateTimeOffsetToBinaryConverter (local ticks / 1000
    /// in the top bits, offset minutes below; over 10^18 for any date after the year 1000) or already UTC ticks.</summary>
    protected static long FromInteger(long value) => value > 1_000_000_000_000_000_000
        ? new DateTimeOffset((value >> 11) * 1000, TimeSpan.FromMinutes((value << 53) >> 53)).UtcTicks
        : value;

    /// <summary>A site on a database that exists before it starts.</summary>
    protected sealed class ExistingDatabaseSite(Dictionary<string, string?> settings) : PortalSite(settings);
}

public sealed class SqliteMigratedEqualsFreshTests : MigratedEqualsFreshTests
{
    [Fact]
    public async Task A_database_from_2026_12_06_is_upgraded_to_the_fresh_schema_with_its_dates_and_data()
    {
        using var old = new ExistingDatabaseSite([]);
        var file = Path.Combine(old.DataDir, "portal.db");
        Dictionary<string, long?> before;
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using (var load = connection.CreateCommand())
            {
                load.CommandText = Fixture("sqlite");
                await load.ExecuteNonQueryAsync();
            }

            before = await ReadInstantsAsync(connection, upgraded: false);
        }

        await StartsAndWorksAsync(old);

        using var fresh = new PortalSite();
        using (var client = fresh.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        AssertSameSchema(await SchemaAsync(Path.Combine(fresh.DataDir, "portal.db")), await SchemaAsync(file));
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            // Text instants kept to the millisecond; encoded ones exactly (to their 0.1 ms precision).
            AssertSameInstants(before, await ReadInstantsAsync(connection, upgraded: true), TimeSpan.TicksPerMillisecond);
        }
    }

    private static async Task<List<string>> SchemaAsync(string file)
    {
        var schema = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            schema.Add("table " + table);
            // Columns by name (an upgraded column may come last); defaults are not compared (a column added to an
            // existing table needs one).
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA table_info(\"{table}\")";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    schema.Add($"column {table}.{reader.GetString(1)} {reader.GetString(2).ToUpperInvariant()} notnull={reader.GetInt64(3)} pk={reader.GetInt64(5)}");
                }
            }

            var indexes = new List<(string Name, long Unique)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"PRAGMA index_list(\"{table}\")";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    indexes.Add((reader.GetString(1), reader.GetInt64(2)));
                }
            }

            foreach (var (name, unique) in indexes)
            {
                var columns = new List<string>();
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA index_info(\"{name}\")";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.IsDBNull(2) ? "?" : reader.GetString(2));
                }

                schema.Add($"index {table}.{name} unique={unique} ({string.Join(", ", columns)})");
            }
        }

        return schema;
    }

    private static async Task<Dictionary<string, long?>> ReadInstantsAsync(SqliteConnection connection, bool upgraded)
    {
        var values = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var (table, key, column) in Followed)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"{key}\", \"{column}\" FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = $"{table}.{column}[{reader.GetValue(0)}]";
                values[id] = reader.IsDBNull(1) ? null
                    : upgraded ? reader.GetInt64(1)
                    : reader.GetFieldType(1) == typeof(long) ? FromInteger(reader.GetInt64(1))
                    : FromText(reader.GetString(1));
            }
        }

        return values;
    }

    private static long FromText(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcTicks;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratedEqualsFreshTests : MigratedEqualsFreshTests
{
    [Fact]
    public async Task A_database_from_2026_12_06_is_upgraded_to_the_fresh_schema_with_its_dates_and_data()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase();
        Dictionary<string, long?> before;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using (var load = connection.CreateCommand())
            {
                load.CommandText = Fixture("postgres");
                await load.ExecuteNonQueryAsync();
            }

            before = await ReadInstantsAsync(connection);
        }

        using var old = new ExistingDatabaseSite(new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = connectionString,
        });
        await StartsAndWorksAsync(old);

        using var fresh = new PostgresPortalSite();
        using (var client = fresh.CreateBrowser())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        var freshConnection = fresh.Services.GetRequiredService<IConfiguration>().GetConnectionString("Portal")!;
        AssertSameSchema(await SchemaAsync(freshConnection), await SchemaAsync(connectionString));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            AssertSameInstants(before, await ReadInstantsAsync(connection), tolerance: 10);
        }
    }

    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        var schema = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable " +
                "FROM information_schema.columns WHERE table_schema = current_schema()";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                schema.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                schema.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT 'constraint ' || conrelid::regclass::text || ' ' || contype::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint " +
                "WHERE connamespace = current_schema()::regnamespace";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                schema.Add(reader.GetString(0));
            }
        }

        return schema;
    }

    private static async Task<Dictionary<string, long?>> ReadInstantsAsync(NpgsqlConnection connection)
    {
        var values = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var (table, key, column) in Followed)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"{key}\", \"{column}\" FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = $"{table}.{column}[{reader.GetValue(0)}]";
                values[id] = reader.IsDBNull(1) ? null
                    : reader.GetFieldType(1) == typeof(long) ? FromInteger(reader.GetInt64(1))
                    : reader.GetFieldValue<DateTime>(1).ToUniversalTime().Ticks;
            }
        }

        return values;
    }
}
