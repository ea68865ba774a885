using System.Globalization;

namespace Portal.Privacy;

/// <summary>One named value of an exported row. Values are text in an invariant form (ISO 8601 dates,
/// <c>true</c>/<c>false</c>, invariant numbers) so JSON and CSV show the same thing.</summary>
public sealed record PersonalDataField(string Name, string? Value);

/// <summary>One record about the person, e.g. one enrolment: its fields in a fixed order.</summary>
public sealed record PersonalDataRow(IReadOnlyList<PersonalDataField> Fields)
{
    /// <summary>Builds a row from name/value pairs, formatting values invariantly (see <see cref="PersonalDataField"/>).</summary>
    public static PersonalDataRow Of(params (string Name, object? Value)[] fields) =>
        new([.. fields.Select(f => new PersonalDataField(f.Name, Format(f.Value)))]);

    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTime d => DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>A kind of record in a section, e.g. "quizAttempts".</summary>
/// <param name="Name">Stable camelCase name (a JSON key and the CSV <c>table</c> column); never translated.</param>
/// <param name="Title">Human title in the current UI culture.</param>
public sealed record PersonalDataTable(string Name, string Title, IReadOnlyList<PersonalDataRow> Rows);

/// <summary>Everything one module holds about a person.</summary>
/// <param name="Name">The provider's <see cref="IPersonalDataProvider.Section"/>.</param>
/// <param name="Title">The provider's localized title.</param>
public sealed record PersonalDataSection(string Name, string Title, IReadOnlyList<PersonalDataTable> Tables)
{
    public int RowCount => Tables.Sum(t => t.Rows.Count);
}

/// <summary>What an erasure did, as counts only (safe to log: no personal data).</summary>
/// <param name="Deleted">Rows removed.</param>
/// <param name="Anonymised">Rows kept with every link to the person removed (documented per module).</param>
public sealed record PersonalDataErasure(int Deleted, int Anonymised)
{
    public static PersonalDataErasure None { get; } = new(0, 0);
}

/// <summary>
/// A module's part of a person's rights under Hong Kong's Personal Data (Privacy) Ordinance: a copy of the data
/// (data access request, answered at once by the self-service export) and erasure when the person deletes their
/// account. Register with <c>services.TryAddEnumerable(ServiceDescriptor.Scoped&lt;IPersonalDataProvider, X&gt;())</c>.
/// The host exports every provider's section (JSON and CSV) and, on account deletion, calls every provider's
/// <see cref="EraseAsync"/> before removing the account; if one throws, the account is kept and the person is told.
/// Each module's README says what it exports, what it deletes and what it anonymises, and why.
/// </summary>
public interface IPersonalDataProvider
{
    /// <summary>Stable, unique, camelCase name, e.g. <c>academy</c>: a JSON key and the CSV <c>section</c> column.</summary>
    string Section { get; }

    /// <summary>Title of the section in the current UI culture (through the module's localizer).</summary>
    string Title { get; }

    /// <summary>Every record the module holds about <paramref name="userId"/> (the Identity user id); an empty table
    /// list when there are none. Never secrets (tokens, hashes) and never other people's personal data.</summary>
    Task<PersonalDataSection> ExportAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Deletes, or irreversibly anonymises, what the module holds about <paramref name="userId"/>.
    /// Must be idempotent (a second call finds nothing and succeeds) and commit atomically per module, so a failure
    /// leaves the module as it was. Throws on failure; the host then keeps the account.</summary>
    Task<PersonalDataErasure> EraseAsync(string userId, CancellationToken cancellationToken = default);
}
