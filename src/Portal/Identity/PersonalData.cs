using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Portal.Privacy;

namespace Portal.Hosting.Identity;

/// <summary>
/// A person's whole data export (PDPO data access request): the host's account record and every module's
/// <see cref="IPersonalDataProvider"/> section, in JSON (nested, for programs) and CSV (one long table for a spreadsheet).
/// </summary>
public sealed record PersonalDataExport(AccountExportData Account, IReadOnlyList<PersonalDataSection> Sections)
{
    public const string AccountSection = "account";

    /// <summary><c>{ exportedUtc, account: {…}, sections: { academy: { title, tables: { enrolments: { title, rows: [ {field: value} ] } } } } }</c>.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = AccountExportData.Json.Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("exportedUtc", Account.ExportedUtc);
            json.WritePropertyName(AccountSection);
            JsonSerializer.Serialize(json, Account, AccountExportData.Json);
            json.WriteStartObject("sections");
            foreach (var section in Sections)
            {
                json.WriteStartObject(section.Name);
                json.WriteString("title", section.Title);
                json.WriteStartObject("tables");
                foreach (var table in section.Tables)
                {
                    json.WriteStartObject(table.Name);
                    json.WriteString("title", table.Title);
                    json.WriteStartArray("rows");
                    foreach (var row in table.Rows)
                    {
                        json.WriteStartObject();
                        foreach (var field in row.Fields)
                        {
                            json.WriteString(field.Name, field.Value);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Columns <c>section,table,row,field,value</c>: one line per value, so every module's records fit one
    /// sheet and filter by section and table. UTF-8 with BOM (Excel shows Chinese), values guarded against formulas.</summary>
    public byte[] ToCsv() => CsvText.Write(Rows());

    private IEnumerable<string?[]> Rows()
    {
        yield return ["section", "table", "row", "field", "value"];
        foreach (var (field, value) in Account.Fields())
        {
            yield return [AccountSection, AccountSection, "1", field, value];
        }

        foreach (var section in Sections)
        {
            foreach (var table in section.Tables)
            {
                var number = 0;
                foreach (var row in table.Rows)
                {
                    number++;
                    foreach (var field in row.Fields)
                    {
                        yield return [section.Name, table.Name, number.ToString(System.Globalization.CultureInfo.InvariantCulture), field.Name, field.Value];
                    }
                }
            }
        }
    }
}

/// <summary>A module could not give or erase its part; <see cref="SectionTitle"/> is its localized title.</summary>
public sealed class PersonalDataUnavailableException(string sectionTitle, Exception inner)
    : Exception("A module could not export or erase personal data.", inner)
{
    public string SectionTitle { get; } = sectionTitle;
}

/// <summary>
/// Collects and erases a person's data across the host and every module. Erasure runs every module's
/// <see cref="IPersonalDataProvider.EraseAsync"/> first and stops at the first failure (the caller then keeps the
/// account: each module's erasure is atomic and idempotent, so trying again finishes the job). Logs hold user ids,
/// section names and counts only.
/// </summary>
public sealed class PersonalDataService(
    IEnumerable<IPersonalDataProvider> providers,
    UserManager<PortalUser> users,
    TimeProvider clock,
    ILogger<PersonalDataService> logger)
{
    /// <summary>Left on an account whose erasure stopped part-way: a durable record until it completes.</summary>
    public const string IncompleteErasureClaim = "portal:erasure-incomplete";

    private IReadOnlyList<IPersonalDataProvider> Providers { get; } = Ordered(providers);

    /// <summary>Localized titles of the sections an export holds besides the account.</summary>
    public IReadOnlyList<string> SectionTitles => [.. Providers.Select(p => p.Title)];

    public async Task<PersonalDataExport> ExportAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var account = await AccountExportData.CollectAsync(users, user, clock.GetUtcNow());
        var sections = new List<PersonalDataSection>();
        foreach (var provider in Providers)
        {
            try
            {
                sections.Add(await provider.ExportAsync(user.Id, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Personal data export failed in section {Section}: user {UserId}", provider.Section, user.Id);
                throw new PersonalDataUnavailableException(provider.Title, ex);
            }
        }

        return new PersonalDataExport(account, sections);
    }

    /// <summary>Erases every module's data about the person (not the account itself). Not cancellable once
    /// started: a closed browser must not leave it half done.</summary>
    public async Task EraseModulesAsync(PortalUser user)
    {
        foreach (var provider in Providers)
        {
            try
            {
                var result = await provider.EraseAsync(user.Id, CancellationToken.None);
                logger.LogInformation("Personal data erased in section {Section}: user {UserId}, {Deleted} rows deleted, {Anonymised} anonymised",
                    provider.Section, user.Id, result.Deleted, result.Anonymised);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Personal data erasure failed in section {Section}; the account is kept: user {UserId}", provider.Section, user.Id);
                await RecordIncompleteAsync(user);
                throw new PersonalDataUnavailableException(provider.Title, ex);
            }
        }
    }

    /// <summary>Marks the account as erased only in part (the modules' data went, the account could not): admins see it and retry.</summary>
    public Task MarkIncompleteAsync(PortalUser user) => RecordIncompleteAsync(user);

    private async Task RecordIncompleteAsync(PortalUser user)
    {
        var claims = await users.GetClaimsAsync(user);
        if (!claims.Any(c => c.Type == IncompleteErasureClaim))
        {
            await users.AddClaimAsync(user, new System.Security.Claims.Claim(IncompleteErasureClaim, clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static List<IPersonalDataProvider> Ordered(IEnumerable<IPersonalDataProvider> providers)
    {
        var list = providers.OrderBy(p => p.Section, StringComparer.Ordinal).ToList();
        var duplicate = list.GroupBy(p => p.Section, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 || g.Key == PersonalDataExport.AccountSection);
        return duplicate is null
            ? list
            : throw new InvalidOperationException($"Two personal data providers use the section name '{duplicate.Key}' (or a module uses the host's 'account').");
    }
}
