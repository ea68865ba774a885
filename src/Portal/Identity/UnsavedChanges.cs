using Microsoft.EntityFrameworkCore;

namespace Portal.Hosting.Identity;

/// <summary>
/// What a save that lost a race with another request leaves behind in a context: rows it meant to add are dropped and
/// rows it meant to change or delete are read again, so the request's next save (an audit record, a second try) does not
/// try the stale changes once more.
/// </summary>
internal static class UnsavedChanges
{
    public static async Task ForgetAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Added)
            {
                entry.State = EntityState.Detached;
            }
            else if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                await entry.ReloadAsync(cancellationToken);
            }
        }
    }
}
