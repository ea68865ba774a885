using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

/// <summary>
/// The one way the portal stores instants, on SQLite and PostgreSQL alike: a <see cref="DateTimeOffset"/> property is
/// a 64-bit integer column holding its UTC ticks. Both providers compare, sort and index it as a number (SQLite cannot
/// with DateTimeOffset text), the offset is always zero when read back, and the same query works on both. A calendar
/// day in Hong Kong is computed with <c>PortalCultures</c>, never stored as local time.
/// </summary>
public static class PortalDates
{
    /// <summary>Stores every <see cref="DateTimeOffset"/> of the model as UTC ticks. Call from
    /// <c>ConfigureConventions</c> of every DbContext.</summary>
    public static ModelConfigurationBuilder UsePortalDates(this ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        return configurationBuilder;
    }

    /// <summary>DateTimeOffset ↔ UTC ticks.</summary>
    public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    /// <summary>How a column held an instant before the convention (for migrations that move it onto ticks).</summary>
    public enum OldDateStorage
    {
        /// <summary>EF's DateTimeOffsetToBinaryConverter: (local ticks / 1000) &lt;&lt; 11 | offset minutes (11 bits, signed).</summary>
        Binary,

        /// <summary>The provider's own mapping of DateTime/DateTimeOffset: ISO text on SQLite, <c>timestamp with time zone</c> on PostgreSQL.</summary>
        Native,
    }

    /// <summary>
    /// A migration step that moves instants onto UTC ticks, keeping every value (to the millisecond for text on
    /// SQLite) and the column's nullability. Binary columns stay integers and are rewritten in place. Native columns
    /// become <c>bigint</c> on PostgreSQL (<c>ALTER COLUMN … TYPE bigint USING</c>); on SQLite a new integer column
    /// takes the values and replaces the old one (indexes that use the column are named in <paramref name="indexes"/>
    /// and are dropped and made again, since SQLite cannot drop an indexed column).
    /// </summary>
    public static void ConvertToUtcTicks(
        this MigrationBuilder migrationBuilder,
        string table,
        OldDateStorage from,
        IReadOnlyList<(string Column, bool Nullable)> columns,
        IReadOnlyList<(string Name, string[] Columns, bool Unique)>? indexes = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        ArgumentNullException.ThrowIfNull(columns);
        var postgres = migrationBuilder.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;
        const string Epoch = "621355968000000000";
        foreach (var (column, nullable) in columns)
        {
            var c = Quote(column);
            var t = Quote(table);
            if (from == OldDateStorage.Binary)
            {
                // Local ticks back from the top bits, minus the sign-extended offset in minutes. Only encoded values are
                // rewritten (an encoded instant after the year 1000 exceeds 10^18, UTC ticks before the year 3170 do not),
                // so the step is harmless on rows that already hold ticks.
                migrationBuilder.Sql(
                    $"UPDATE {t} SET {c} = (({c} >> 11) * 1000) - ((({c} & 1023) - ({c} & 1024)) * 600000000) WHERE {c} > 1000000000000000000");
            }
            else if (postgres)
            {
                // Guarded: a table made by an earlier migration from the current model may hold ticks already.
                var literal = "'" + table.Replace("'", "''", StringComparison.Ordinal) + "'";
                var columnLiteral = "'" + column.Replace("'", "''", StringComparison.Ordinal) + "'";
                migrationBuilder.Sql(
                    $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {literal} AND column_name = {columnLiteral} AND data_type <> 'bigint') THEN " +
                    $"ALTER TABLE {t} ALTER COLUMN {c} TYPE bigint USING (floor(extract(epoch from {c}) * 1000000)::bigint * 10 + {Epoch}); END IF; END $$");
            }
            else
            {
                var temporary = Quote(column + "_ticks");
                foreach (var index in indexes?.Where(i => i.Columns.Contains(column, StringComparer.Ordinal)) ?? [])
                {
                    migrationBuilder.Sql($"DROP INDEX IF EXISTS {Quote(index.Name)}");
                }

                migrationBuilder.Sql($"ALTER TABLE {t} ADD COLUMN {temporary} INTEGER{(nullable ? "" : " NOT NULL DEFAULT 0")}");
                migrationBuilder.Sql(
                    $"UPDATE {t} SET {temporary} = CASE WHEN typeof({c}) = 'text' THEN CAST(ROUND((julianday({c}) - 2440587.5) * 86400000) AS INTEGER) * 10000 + {Epoch} ELSE {c} END WHERE {c} IS NOT NULL");
                migrationBuilder.Sql($"ALTER TABLE {t} DROP COLUMN {c}");
                migrationBuilder.Sql($"ALTER TABLE {t} RENAME COLUMN {temporary} TO {c}");
            }
        }

        if (from == OldDateStorage.Native && !postgres)
        {
            foreach (var index in indexes?.Where(i => i.Columns.Any(ic => columns.Any(c => c.Column == ic))) ?? [])
            {
                migrationBuilder.Sql(
                    $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(table)} ({string.Join(", ", index.Columns.Select(Quote))})");
            }
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
