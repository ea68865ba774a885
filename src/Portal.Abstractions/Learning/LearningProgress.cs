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
}
