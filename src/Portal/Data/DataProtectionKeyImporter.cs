using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Hosting.Data;

/// <summary>
/// Until host schema version 2 each node kept its Data Protection keys as XML files in <c>{DataDir}/keys</c>. At
/// start-up, while the database holds no keys yet, this copies those files into the shared key ring once, so that
/// people stay signed in and unsubscribe links in e-mails already sent keep working after the upgrade. The files
/// are left where they are (nothing reads them any more). Runs before anything uses Data Protection.
/// </summary>
internal sealed class DataProtectionKeyImporter(
    HostDbContext db,
    IDataFolder dataFolder,
    IPortalDatabase database,
    IKeyManager keyManager,
    IOptions<KeyManagementOptions> keyOptions,
    TimeProvider clock,
    ILogger<DataProtectionKeyImporter> logger)
{
    /// <summary>The old key folder, under the data folder.</summary>
    public const string LegacyFolderName = "keys";

    private const long AdvisoryLockKey = 0x506f7274616b; // next to the schema migrator's lock

    /// <summary>
    /// Start-up: imports the old key files if the database has no keys, then makes sure the ring has a key. Creating
    /// the first key here, one node at a time (PostgreSQL advisory lock held across both steps), means nodes started
    /// together on a fresh database agree on one key instead of each making its own on first use (a node learns of
    /// another's key only when it next reloads the ring, so their cookies would not cross until then).
    /// </summary>
    public async Task PrepareKeyRingAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }

            try
            {
                await ImportAsync(cancellationToken);
                if (!await db.DataProtectionKeys.AnyAsync(cancellationToken))
                {
                    var now = clock.GetUtcNow();
                    keyManager.CreateNewKey(now, now + keyOptions.Value.NewKeyLifetime);
                }
            }
            finally
            {
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Imports the old key files if the database has no keys; returns how many were imported.</summary>
    private async Task<int> ImportAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(dataFolder.Root, LegacyFolderName);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var files = Directory.GetFiles(folder, "*.xml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return 0;
        }

        // One transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: under the caller's advisory lock) so that nodes
        // starting together import the files once.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.DataProtectionKeys.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var imported = 0;
        foreach (var file in files)
        {
            XElement element;
            try
            {
                element = XElement.Load(file);
            }
            catch (System.Xml.XmlException ex)
            {
                logger.LogWarning(ex, "Skipped the unreadable Data Protection key file {File}", Path.GetFileName(file));
                continue;
            }

            // The same row the EF key repository writes: the file's name (key-{id}, revocation-…) and the element.
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file),
                Xml = element.ToString(SaveOptions.DisableFormatting),
            });
            imported++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (imported > 0)
        {
            logger.LogInformation("Imported {Count} Data Protection key file(s) from the data folder into the database", imported);
        }

        return imported;
    }
}
