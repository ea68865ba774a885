namespace Portal.Academy;

/// <summary>Settings under <c>Portal:Academy</c>.</summary>
public sealed class AcademyOptions
{
    public const string Section = "Portal:Academy";

    public string IssuerZh { get; set; } = "自助組織培訓學院";

    public string IssuerEn { get; set; } = "Self-Help Organisation Training Academy";

    /// <summary>The person who signs certificates, in Chinese and English (empty: a signature line with the title only).</summary>
    public string SignatoryNameZh { get; set; } = "";

    public string SignatoryNameEn { get; set; } = "";

    /// <summary>The signatory's title, in Chinese and English.</summary>
    public string SignatoryTitleZh { get; set; } = "學院總監";

    public string SignatoryTitleEn { get; set; } = "Director of the Academy";

    /// <summary>Path of the centre's logo or seal (PNG or JPEG) printed on certificates; empty draws a red seal with
    /// <see cref="SealText"/>.</summary>
    public string? LogoPath { get; set; }

    /// <summary>Up to four characters for the drawn seal (default: the last four of <see cref="IssuerZh"/>).</summary>
    public string? SealText { get; set; }

    /// <summary>Days without progress before a learner gets a friendly nudge (0 turns nudges off).</summary>
    public int NudgeAfterDays { get; set; } = 14;

    /// <summary>Hours between two runs of the nudge worker (default 6). Values outside 0.1–168 (six minutes to a
    /// week) fall back to the default.</summary>
    public double NudgeIntervalHours { get; set; } = DefaultNudgeIntervalHours;

    internal const double DefaultNudgeIntervalHours = 6;

    /// <summary>The interval the worker uses: <see cref="NudgeIntervalHours"/> when sensible, otherwise 6 hours.</summary>
    public TimeSpan NudgeInterval => TimeSpan.FromHours(
        NudgeIntervalHours is >= 0.1 and <= 168 ? NudgeIntervalHours : DefaultNudgeIntervalHours);

    /// <summary>Share of participants who should improve their self-rating (the centre's target).</summary>
    public decimal ImprovedTargetPercent { get; set; } = 75;
}
