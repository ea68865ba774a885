using System.Text;

namespace Portal.Benchmarks;

/// <summary>
/// Deterministic bilingual text for the synthetic site: sentences a patient or carer in Hong Kong might write, in
/// Traditional Chinese (Cantonese and written style) and English, put together by a <see cref="Random"/> with a fixed
/// seed, so every run writes the same site. Lengths vary as real posts do: mostly a few sentences, some long.
/// </summary>
internal static class SyntheticText
{
    private static readonly string[] Chinese =
    [
        "我媽媽中風之後，右手一直無乜力，每日都要幫佢做復康運動。",
        "最近夜晚成日瞓唔着，痛到醒咗好幾次，唔知大家有冇好方法？",
        "醫生話要定期覆診，但係排期真係好長，等咗差唔多半年。",
        "我試過每日早上行半個鐘，血糖控制好咗少少。",
        "照顧屋企人真係好攰，有時都會覺得好孤單。",
        "多謝大家嘅分享，睇完之後心情好咗好多。",
        "社區中心有個照顧者支援小組，逢星期三下晝聚會，大家可以去試吓。",
        "食藥之後有少少頭暈，我會同醫生再傾吓可唔可以調較份量。",
        "我哋組織下個月會舉辦分享會，歡迎新會員一齊參加。",
        "申請長者社區照顧服務券嘅手續比我想像中簡單，社工幫咗好多忙。",
        "如果覺得壓力太大，記得搵人傾吓，唔好自己一個人頂。",
        "物理治療師教咗我幾個伸展動作，做咗兩個禮拜膊頭冇咁痛。",
        "飲食方面我減少咗鹽同糖，多咗食蔬菜同魚。",
        "有冇人知道邊度可以租輪椅？屋企人出院之後需要用幾個月。",
        "我爸爸有認知障礙症，最近開始認唔到人，我哋都好擔心。",
        "情緒低落嘅時候，我會聽吓音樂或者去公園坐吓。",
        "政府嘅照顧者津貼申請咗三個月，終於批咗。",
        "小組入面嘅朋友好體諒，大家都明白對方嘅感受。",
        "復康巴士要提早預約，最好一個禮拜前打電話。",
        "返工同照顧屋企人之間真係好難平衡，老闆未必明白。",
        "我會將每日嘅血壓記錄低，覆診時俾醫生睇。",
        "天氣凍嘅時候關節特別痛，熱敷會舒服啲。",
        "義工探訪對獨居長者好重要，佢哋好期待有人傾偈。",
        "我哋嘗試用手機應用程式提醒食藥，效果幾好。",
        "經過幾年嘅治療，我而家已經可以重新返工。",
    ];

    private static readonly string[] English =
    [
        "Since my father's stroke, we have been doing his hand exercises together every evening.",
        "I have not slept well for weeks because of the pain; does anyone have tips that worked for them?",
        "The waiting list for the specialist clinic is long, so I asked the social worker for help.",
        "Walking for half an hour every morning has helped my blood sugar a little.",
        "Caring for someone at home is tiring, and sometimes it feels very lonely.",
        "Thank you all for sharing; reading your stories made my week better.",
        "The community centre runs a carers' support group on Wednesday afternoons.",
        "After the new medicine I felt dizzy, so I will ask the doctor about the dose.",
        "Our group is organising a sharing session next month and new members are welcome.",
        "Applying for the community care service voucher was easier than I expected.",
        "If the stress gets too much, please talk to someone instead of carrying it alone.",
        "The physiotherapist showed me a few stretches and my shoulder hurts less now.",
        "I cut down on salt and sugar and eat more vegetables and fish.",
        "Does anyone know where to rent a wheelchair for a few months after discharge?",
        "My mother has dementia and has started not to recognise us, which is hard.",
        "When I feel low I listen to music or sit in the park for a while.",
        "The carer allowance took three months to approve, but it came through in the end.",
        "Everyone in the group understands what the others are going through.",
        "The rehabus needs booking at least a week ahead, so plan early.",
        "Balancing work and caring is hard, and not every employer understands.",
        "I write down my blood pressure every day and show the notes at follow-up visits.",
        "My joints hurt more in the cold weather; a warm towel helps.",
        "Volunteer visits matter a lot to older people who live alone.",
        "A reminder app on the phone has helped us keep to the medicine schedule.",
        "After a few years of treatment I am back at work part-time.",
    ];

    private static readonly (string Zh, string En)[] Subjects =
    [
        ("中風復康", "stroke rehabilitation"), ("長期痛症", "chronic pain"), ("糖尿病", "diabetes"), ("認知障礙症", "dementia"),
        ("照顧者壓力", "carer stress"), ("覆診安排", "follow-up appointments"), ("睡眠問題", "sleep problems"), ("飲食調理", "diet"),
        ("復康運動", "rehabilitation exercise"), ("社區資源", "community resources"), ("情緒支援", "emotional support"), ("藥物副作用", "side effects of medicine"),
    ];

    private static readonly (string Zh, string En)[] Questions =
    [
        ("{0}有咩要留意？", "What to watch for with {0}"), ("分享我嘅{0}經驗", "My experience of {0}"), ("{0}：大家點應付？", "{0}: how do you cope?"),
        ("新手問{0}", "A beginner's question about {0}"), ("{0}嘅好資訊", "Good information on {0}"), ("{0}一年後嘅變化", "{0}, one year on"),
    ];

    private static readonly string[] ChineseSurnames = ["陳", "李", "張", "黃", "何", "林", "梁", "吳", "劉", "蔡", "鄭", "周", "葉", "何", "郭", "馮"];

    private static readonly string[] ChineseGiven = ["嘉欣", "志明", "美玲", "家豪", "淑貞", "偉強", "詠詩", "子軒", "麗華", "國榮", "慧敏", "俊傑"];

    private static readonly string[] EnglishGiven = ["Grace", "Kelvin", "Winnie", "Daniel", "Priya", "Kenneth", "Ada", "Samuel", "Joyce", "Martin", "Carmen", "Ivan"];

    /// <summary>About three in five posts are in Chinese.</summary>
    public static string Culture(int k) => k % 5 < 3 ? "zh-HK" : "en";

    public static string Name(int i) => i % 3 == 2
        ? $"{EnglishGiven[i % EnglishGiven.Length]} {ChineseSurnameEnglish[(i / 7) % ChineseSurnameEnglish.Length]}"
        : ChineseSurnames[i % ChineseSurnames.Length] + ChineseGiven[(i / 11) % ChineseGiven.Length];

    private static readonly string[] ChineseSurnameEnglish = ["Chan", "Lee", "Cheung", "Wong", "Ho", "Lam", "Leung", "Ng", "Lau", "Choi", "Cheng", "Chau"];

    public static string Title(Random random, string culture)
    {
        var (zh, en) = Subjects[random.Next(Subjects.Length)];
        var (qzh, qen) = Questions[random.Next(Questions.Length)];
        return culture == "en" ? Capitalise(string.Format(System.Globalization.CultureInfo.InvariantCulture, qen, en)) : string.Format(System.Globalization.CultureInfo.InvariantCulture, qzh, zh);
    }

    /// <summary>A post: mostly 1–6 sentences, one in eight a long one (8–20), now and then with a line in the other language.</summary>
    public static string Post(Random random, string culture)
    {
        var sentences = random.Next(8) == 0 ? random.Next(8, 21) : random.Next(1, 7);
        return Paragraph(random, culture, sentences, mixed: random.Next(10) == 0);
    }

    /// <summary>A knowledge article: an introduction and three to eight sections with headings.</summary>
    public static string Article(Random random, string culture)
    {
        var body = new StringBuilder(Paragraph(random, culture, random.Next(2, 5), mixed: false));
        var sections = random.Next(3, 9);
        for (var s = 0; s < sections; s++)
        {
            var (zh, en) = Subjects[random.Next(Subjects.Length)];
            body.Append("\n\n## ").Append(culture == "en" ? Capitalise(en) : zh).Append("\n\n");
            body.Append(Paragraph(random, culture, random.Next(3, 8), mixed: false));
            if (random.Next(3) == 0)
            {
                body.Append("\n\n- ").Append(Sentence(random, culture)).Append("\n- ").Append(Sentence(random, culture));
            }
        }

        return body.ToString();
    }

    public static string Summary(Random random, string culture) => Paragraph(random, culture, 2, mixed: false);

    private static string Paragraph(Random random, string culture, int sentences, bool mixed)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            if (i > 0 && culture == "en")
            {
                text.Append(' ');
            }

            text.Append(Sentence(random, culture));
        }

        if (mixed)
        {
            text.Append(culture == "en" ? " " : "\n\n").Append(Sentence(random, culture == "en" ? "zh-HK" : "en"));
        }

        return text.ToString();
    }

    private static string Sentence(Random random, string culture) =>
        culture == "en" ? English[random.Next(English.Length)] : Chinese[random.Next(Chinese.Length)];

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
