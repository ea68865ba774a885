using Microsoft.EntityFrameworkCore;

namespace Portal.Data;

/// <summary>
/// The same form sent twice at once (a double click, two tabs): both requests read before either saved, so the slower
/// one's save is refused for a row the faster one has just written (the same unique key inserted twice, a row changed
/// or removed since it was read). <see cref="OnceMoreIfRacedAsync{T}"/> runs such a save once more on a clean change
/// tracker: the second run reads what the first request wrote and changes it, so the later values stand. A second
/// refusal is a real failure and is thrown. For an action whose outcome is the same whoever wins (a delete, a
/// "publish"), catching the refusal and reading the result is simpler; see the modules' services.
/// </summary>
public static class DoubleSubmits
{
    public static async Task<T> OnceMoreIfRacedAsync<T>(this DbContext db, Func<Task<T>> save, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(save);
        try
        {
            return await save();
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            return await save();
        }
    }

    /// <inheritdoc cref="OnceMoreIfRacedAsync{T}"/>
    public static Task OnceMoreIfRacedAsync(this DbContext db, Func<Task> save, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(save);
        return db.OnceMoreIfRacedAsync(async () =>
        {
            await save();
            return true;
        }, cancellationToken);
    }
}
