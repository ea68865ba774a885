namespace Portal.Learning;

/// <summary>A person's progress in one course, as the academy shares it.</summary>
public sealed record CourseProgressSummary(
    string CourseId,
    string CourseTitle,
    int PercentComplete,
    bool Completed,
    DateTimeOffset? LastActivityUtc,
    string? CertificateCode);

/// <summary>
/// Read-only view of learning progress for other modules (the mentor scheme). The academy checks consent:
/// it answers only when the learner has agreed to share with the viewer, otherwise returns null.
/// </summary>
public interface ILearningProgressQuery
{
    Task<IReadOnlyList<CourseProgressSummary>?> GetProgressAsync(string learnerUserId, string viewerUserId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The progress of many learners for one viewer at once (a mentor's dashboard), with the same consent rule as
    /// <see cref="GetProgressAsync"/>. Every learner asked for is a key; the value is null where nothing is shared with
    /// the viewer. The academy answers with a fixed number of queries however many learners are asked for; this
    /// default asks one by one, for implementations that have nothing better.
    /// </summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<CourseProgressSummary>?>> GetProgressManyAsync(
        IReadOnlyCollection<string> learnerUserIds, string viewerUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(learnerUserIds);
        var result = new Dictionary<string, IReadOnlyList<CourseProgressSummary>?>(StringComparer.Ordinal);
        foreach (var learner in learnerUserIds.Distinct(StringComparer.Ordinal))
        {
            result[learner] = await GetProgressAsync(learner, viewerUserId, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
