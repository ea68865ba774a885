namespace Portal.Benchmarks.Relevance;

/// <summary>
/// One judged query: what a person typed, the language of the page they typed it on, the class of query, the
/// documents that must all appear in the top 3 and (for NOT, -, 不含) documents that must not appear at all.
/// <see cref="Relevant"/>: other documents that answer the query as well (a news item titled with the very words);
/// they count for MRR (the first right answer) but are never required.
/// </summary>
internal sealed record Judgement(string Query, string Culture, string Class, string[] Top3, string[]? Excluded = null, string[]? Relevant = null);

/// <summary>
/// The judged set, written for this portal by reading the demo articles (content-recipes) and the benchmark's own
/// (<see cref="RelevanceCorpus"/>). Ids: <c>kb:{slug}.{zh|en}</c>, <c>news:…</c>, <c>extra:…</c>.
/// A typo query with no hits is judged on the results of the spelling suggestion (the link the page offers).
/// </summary>
internal static class RelevanceJudgements
{
    private const string Zh = "zh-HK";
    private const string En = "en";

    public static IReadOnlyList<Judgement> All { get; } =
    [
        // One to four Chinese characters.
        new("痛", Zh, "chinese-1-4", ["kb:chronic-pain.zh"]),
        new("癌", Zh, "chinese-1-4", ["extra:cancer-group.zh"]),
        new("聽", Zh, "chinese-1-4", ["extra:hearing-aids.zh"]),
        new("義工", Zh, "chinese-1-4", ["kb:keeping-volunteers.zh", "kb:micro-volunteering.zh"]),
        new("籌款", Zh, "chinese-1-4", ["kb:fundraising-basics.zh"]),
        new("中風", Zh, "chinese-1-4", ["kb:stroke-rehabilitation.zh"]),
        new("私隱", Zh, "chinese-1-4", ["kb:protecting-member-data.zh"]),
        new("場地", Zh, "chinese-1-4", ["kb:finding-venues.zh"]),
        new("倡議", Zh, "chinese-1-4", ["kb:advocacy-basics.zh"]),
        new("接班人", Zh, "chinese-1-4", ["kb:growing-successors.zh"], Relevant: ["news:successor-training-2027.zh"]),
        new("護老者", Zh, "chinese-1-4", ["kb:dementia-carers.zh", "kb:carer-group-story.zh"]),
        new("照顧者", Zh, "chinese-1-4", ["kb:carer-stress.zh"], Relevant: ["news:carers-sharing-session.zh"]),
        new("執委會", Zh, "chinese-1-4", ["kb:committee-roles.zh"]),
        new("微義工", Zh, "chinese-1-4", ["kb:micro-volunteering.zh"]),
        new("師友計劃", Zh, "chinese-1-4", ["kb:mentor-scheme-story.zh"], Relevant: ["news:mentor-scheme-recruitment.zh"]),
        new("會議紀錄", Zh, "chinese-1-4", ["kb:meeting-toolkit.zh"]),
        new("長期痛症", Zh, "chinese-1-4", ["kb:chronic-pain.zh"]),
        new("精神健康", Zh, "chinese-1-4", ["kb:mental-health-recovery.zh"]),
        new("復元", Zh, "chinese-1-4", ["kb:mental-health-recovery.zh"]),
        new("聆聽", Zh, "chinese-1-4", ["kb:peer-support-practice.zh"]),
        new("周年大會", Zh, "chinese-1-4", ["extra:agm-checklist.zh"]),
        new("糖尿", Zh, "chinese-1-4", ["extra:diabetes-diet.zh"]),
        new("助聽器", Zh, "chinese-1-4", ["extra:hearing-aids.zh"]),

        // Simplified input.
        new("照顾者压力", Zh, "simplified", ["kb:carer-stress.zh"]),
        new("义工", Zh, "simplified", ["kb:keeping-volunteers.zh"]),
        new("筹款", Zh, "simplified", ["kb:fundraising-basics.zh"]),
        new("认知障碍症", Zh, "simplified", ["kb:dementia-carers.zh"]),
        new("私隐", Zh, "simplified", ["kb:protecting-member-data.zh"]),
        new("师友计划", Zh, "simplified", ["kb:mentor-scheme-story.zh"], Relevant: ["news:mentor-scheme-recruitment.zh"]),
        new("中风复康", Zh, "simplified", ["kb:stroke-rehabilitation.zh"]),

        // Synonyms: the typed word first, then its synonyms; the reader's language preferred when close.
        new("腦退化症", Zh, "synonyms", ["kb:dementia-carers.zh"]),
        new("失智症", Zh, "synonyms", ["kb:dementia-carers.zh"]),
        new("帕金森病", Zh, "synonyms", ["kb:skilled-volunteer-story.zh"]),
        new("志願者", Zh, "synonyms", ["kb:keeping-volunteers.zh"]),
        new("募捐", Zh, "synonyms", ["kb:fundraising-basics.zh"]),
        new("喘息服務", Zh, "synonyms", ["kb:carer-stress.zh"]),
        new("同路人支援", Zh, "synonyms", ["kb:peer-support-practice.zh"]),
        new("心理健康", Zh, "synonyms", ["kb:mental-health-recovery.zh"]),
        new("照料者", Zh, "synonyms", ["extra:carer-words.zh"]),
        new("撥款", Zh, "synonyms", ["kb:fundraising-basics.zh"]),
        new("respite care", En, "synonyms", ["extra:caregiver-respite.en", "kb:carer-stress.en"]),
        new("caregiver", En, "synonyms", ["extra:caregiver-respite.en"]),
        new("dementia", Zh, "synonyms", ["kb:dementia-carers.en"]),
        new("stroke", En, "synonyms", ["kb:stroke-rehabilitation.en"]),
        new("volunteer", Zh, "synonyms", ["kb:keeping-volunteers.en"]),
        new("Karen", Zh, "synonyms", ["kb:skilled-volunteer-story.zh"]),
        new("Karen", En, "synonyms", ["kb:skilled-volunteer-story.en"]),

        // English plurals and punctuation.
        new("volunteers", En, "english-plural", ["kb:keeping-volunteers.en"]),
        new("carers", En, "english-plural", ["kb:carer-stress.en"], Relevant: ["news:carers-sharing-session.en", "kb:carer-group-story.en"]),
        new("meetings", En, "english-plural", ["kb:running-meetings.en"], Relevant: ["extra:agm-checklist.en"]),
        new("successors", En, "english-plural", ["kb:growing-successors.en"], Relevant: ["news:successor-training-2027.en"]),
        new("templates", En, "english-plural", ["kb:meeting-toolkit.en"]),
        new("venues", En, "english-plural", ["kb:finding-venues.en"]),
        new("carer?", En, "english-plural", ["kb:carer-stress.en"], Relevant: ["news:carers-sharing-session.en", "kb:carer-group-story.en"]),
        new("(caregiver", En, "english-plural", ["extra:caregiver-respite.en"]),
        new("volunteers", Zh, "english-plural", ["kb:keeping-volunteers.en"]),

        // Mixed Chinese and English.
        new("照顧者 stress", Zh, "mixed", ["kb:carer-stress.zh"], Relevant: ["news:carers-sharing-session.zh", "news:carers-sharing-session.en", "kb:carer-stress.en"]),
        new("中風 rehabilitation", Zh, "mixed", ["kb:stroke-rehabilitation.zh"]),
        new("Karen 會計師", Zh, "mixed", ["kb:skilled-volunteer-story.zh"]),
        new("PDPO privacy", En, "mixed", ["kb:protecting-member-data.en"]),
        new("糖尿病 diet", Zh, "mixed", ["extra:diabetes-diet.zh"]),
        new("cancer 互助", Zh, "mixed", ["extra:cancer-group.zh"]),

        // Typos (judged on the suggestion's results when nothing is found).
        new("fundrasing", En, "typos", ["kb:fundraising-basics.en"]),
        new("volunters", En, "typos", ["kb:keeping-volunteers.en"]),
        new("dementai", En, "typos", ["kb:dementia-carers.en"]),
        new("advocasy", En, "typos", ["kb:advocacy-basics.en"]),
        new("acountant", En, "typos", ["kb:skilled-volunteer-story.en"]),
        new("diabetis", En, "typos", ["extra:diabetes-diet.en"]),

        // Operators: OR, NOT, -, quotes in both scripts, 或, 不含.
        new("caregiver NOT stress", En, "operators", ["kb:dementia-carers.en"], Excluded: ["kb:carer-stress.en"], Relevant: ["extra:caregiver-respite.en"]),
        new("caregiver -stress", En, "operators", ["kb:dementia-carers.en"], Excluded: ["kb:carer-stress.en"], Relevant: ["extra:caregiver-respite.en"]),
        new("柏金遜症 OR 中風", Zh, "operators", ["kb:skilled-volunteer-story.zh", "kb:stroke-rehabilitation.zh"]),
        new("柏金遜症 或 中風", Zh, "operators", ["kb:skilled-volunteer-story.zh", "kb:stroke-rehabilitation.zh"]),
        new("照顧者 不含 壓力", Zh, "operators", ["kb:carer-group-story.zh"], Excluded: ["kb:carer-stress.zh"]),
        new("「真人圖書館」", Zh, "operators", ["kb:sharing-your-story.zh"]),
        new("\"human library\"", En, "operators", ["kb:sharing-your-story.en"]),
        new("“mentor scheme”", En, "operators", ["kb:mentor-scheme-story.en"], Relevant: ["news:mentor-scheme-recruitment.en"]),
        new("cancer OR diabetes", En, "operators", ["extra:cancer-group.en", "extra:diabetes-diet.en"]),
    ];
}
