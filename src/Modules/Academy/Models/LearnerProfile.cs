namespace Portal.Academy.Models;

/// <summary>A learner's academy-wide choices: the names to print on certificates and whether their mentor may
/// see their progress in all their courses.</summary>
public sealed class LearnerProfile
{
    private LearnerProfile()
    {
    }

    public string UserId { get; private set; } = "";
    public string? NameZh { get; private set; }
    public string? NameEn { get; private set; }
    public HolderNameChoice NameChoice { get; private set; } = HolderNameChoice.Both;
    public bool ShareProgressWithMentor { get; private set; }

    public static LearnerProfile For(string userId) => new() { UserId = userId };

    public void RememberNames(string? nameZh, string? nameEn, HolderNameChoice choice)
    {
        NameZh = string.IsNullOrWhiteSpace(nameZh) ? null : nameZh.Trim();
        NameEn = string.IsNullOrWhiteSpace(nameEn) ? null : nameEn.Trim();
        NameChoice = choice;
    }

    public void SetShareProgressWithMentor(bool share) => ShareProgressWithMentor = share;
}
