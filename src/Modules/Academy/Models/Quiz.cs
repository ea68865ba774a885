using System.Text.Json.Serialization;

namespace Portal.Academy.Models;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionKind>))]
public enum QuestionKind
{
    SingleChoice = 0,
    MultipleChoice = 1,
    TrueFalse = 2,
}

/// <summary>A quiz of a course: a pass mark, an optional attempt limit and optional shuffling.</summary>
public sealed class Quiz
{
    private readonly List<QuizQuestion> _questions = [];

    private Quiz()
    {
    }

    internal Quiz(Course course, int position, QuizDetails details)
    {
        Course = course;
        Position = position;
        Update(details);
    }

    public long Id { get; private set; }
    public long CourseId { get; private set; }
    public Course Course { get; private set; } = null!;
    public int Position { get; private set; }
    public string TitleZh { get; private set; } = "";
    public string TitleEn { get; private set; } = "";

    /// <summary>Percentage (0–100) needed to pass.</summary>
    public int PassMarkPercent { get; private set; }

    /// <summary>Null means unlimited attempts.</summary>
    public int? MaxAttempts { get; private set; }
    public bool Shuffle { get; private set; }

    public IReadOnlyList<QuizQuestion> Questions => _questions;
    public IEnumerable<QuizQuestion> OrderedQuestions => _questions.OrderBy(q => q.Position).ThenBy(q => q.Id);

    public string Title(bool english) => english && TitleEn.Length > 0 ? TitleEn : TitleZh;

    public static IReadOnlyList<string> Validate(QuizDetails details)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(details.TitleZh) || string.IsNullOrWhiteSpace(details.TitleEn))
        {
            problems.Add("Enter the quiz title in Chinese and in English.");
        }

        if (details.PassMarkPercent is < 1 or > 100)
        {
            problems.Add("The pass mark must be a percentage from 1 to 100.");
        }

        if (details.MaxAttempts is < 1 or > 50)
        {
            problems.Add("The attempt limit must be from 1 to 50, or empty for no limit.");
        }

        return problems;
    }

    public void Update(QuizDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var problems = Validate(details);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        TitleZh = details.TitleZh.Trim();
        TitleEn = details.TitleEn.Trim();
        PassMarkPercent = details.PassMarkPercent;
        MaxAttempts = details.MaxAttempts;
        Shuffle = details.Shuffle;
    }

    public QuizQuestion AddQuestion(QuestionDetails details)
    {
        var problems = QuizQuestion.Validate(details);
        if (problems.Count > 0)
        {
            throw new AcademyRuleException(problems[0]);
        }

        var question = new QuizQuestion(this, _questions.Count == 0 ? 1 : _questions.Max(q => q.Position) + 1, details);
        _questions.Add(question);
        return question;
    }

    public void RemoveQuestion(QuizQuestion question) => _questions.Remove(question);

    /// <summary>Scores a set of answers: a question counts when exactly its correct options are chosen.</summary>
    public QuizScore Score(IReadOnlyDictionary<long, IReadOnlyCollection<long>> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (_questions.Count == 0)
        {
            throw new AcademyRuleException("This quiz has no questions yet.");
        }

        var correct = 0;
        foreach (var question in _questions)
        {
            var chosen = answers.TryGetValue(question.Id, out var ids) ? ids.ToHashSet() : [];
            if (chosen.SetEquals(question.Options.Where(o => o.IsCorrect).Select(o => o.Id)))
            {
                correct++;
            }
        }

        var percent = (int)Math.Round(correct * 100m / _questions.Count, MidpointRounding.AwayFromZero);
        return new QuizScore(correct, _questions.Count, percent, percent >= PassMarkPercent);
    }

    /// <summary>The questions in the order one learner sees them: shuffled per attempt when the quiz says so,
    /// but stable for the same seed so a page reload shows the same order.</summary>
    public IReadOnlyList<QuizQuestion> QuestionsFor(int seed)
    {
        var ordered = OrderedQuestions.ToList();
        if (!Shuffle)
        {
            return ordered;
        }

        var random = new Random(seed);
        return ordered.OrderBy(_ => random.Next()).ToList();
    }

    public IReadOnlyList<QuizOption> OptionsFor(QuizQuestion question, int seed)
    {
        ArgumentNullException.ThrowIfNull(question);
        var ordered = question.OrderedOptions.ToList();
        if (!Shuffle || question.Kind == QuestionKind.TrueFalse)
        {
            return ordered;
        }

        var random = new Random(HashCode.Combine(seed, question.Position));
        return ordered.OrderBy(_ => random.Next()).ToList();
    }
}

public sealed record QuizScore(int Correct, int Total, int Percent, bool Passed);

public sealed record QuizDetails
{
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public int PassMarkPercent { get; init; } = 70;
    public int? MaxAttempts { get; init; }
    public bool Shuffle { get; init; } = true;
}

public sealed class QuizQuestion
{
    private readonly List<QuizOption> _options = [];

    private QuizQuestion()
    {
    }

    internal QuizQuestion(Quiz quiz, int position, QuestionDetails details)
    {
        Quiz = quiz;
        Position = position;
        Kind = details.Kind;
        TextZh = details.TextZh.Trim();
        TextEn = details.TextEn.Trim();
        var i = 1;
        foreach (var option in details.Options.Where(o => !o.IsEmpty))
        {
            _options.Add(new QuizOption(this, i++, option));
        }
    }

    public long Id { get; private set; }
    public long QuizId { get; private set; }
    public Quiz Quiz { get; private set; } = null!;
    public int Position { get; private set; }
    public QuestionKind Kind { get; private set; }
    public string TextZh { get; private set; } = "";
    public string TextEn { get; private set; } = "";
    public IReadOnlyList<QuizOption> Options => _options;
    public IEnumerable<QuizOption> OrderedOptions => _options.OrderBy(o => o.Position).ThenBy(o => o.Id);

    public string Text(bool english) => english && TextEn.Length > 0 ? TextEn : TextZh;

    public static IReadOnlyList<string> Validate(QuestionDetails details)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(details.TextZh) || string.IsNullOrWhiteSpace(details.TextEn))
        {
            problems.Add("Enter the question in Chinese and in English.");
        }

        var options = details.Options.Where(o => !o.IsEmpty).ToList();
        if (options.Any(o => string.IsNullOrWhiteSpace(o.TextZh) || string.IsNullOrWhiteSpace(o.TextEn)))
        {
            problems.Add("Enter every answer in Chinese and in English.");
        }

        var correct = options.Count(o => o.IsCorrect);
        switch (details.Kind)
        {
            case QuestionKind.TrueFalse when options.Count != 2 || correct != 1:
                problems.Add("A true/false question needs exactly two answers, one of them correct.");
                break;
            case QuestionKind.SingleChoice when options.Count < 2 || correct != 1:
                problems.Add("A single-choice question needs at least two answers and exactly one correct answer.");
                break;
            case QuestionKind.MultipleChoice when options.Count < 2 || correct < 1:
                problems.Add("A multiple-choice question needs at least two answers and at least one correct answer.");
                break;
        }

        return problems;
    }
}

public sealed class QuizOption
{
    private QuizOption()
    {
    }

    internal QuizOption(QuizQuestion question, int position, OptionDetails details)
    {
        Question = question;
        Position = position;
        TextZh = details.TextZh.Trim();
        TextEn = details.TextEn.Trim();
        IsCorrect = details.IsCorrect;
        FeedbackZh = details.FeedbackZh?.Trim() ?? "";
        FeedbackEn = details.FeedbackEn?.Trim() ?? "";
    }

    public long Id { get; private set; }
    public long QuestionId { get; private set; }
    public QuizQuestion Question { get; private set; } = null!;
    public int Position { get; private set; }
    public string TextZh { get; private set; } = "";
    public string TextEn { get; private set; } = "";
    public bool IsCorrect { get; private set; }
    public string FeedbackZh { get; private set; } = "";
    public string FeedbackEn { get; private set; } = "";

    public string Text(bool english) => english && TextEn.Length > 0 ? TextEn : TextZh;
    public string Feedback(bool english) => english && FeedbackEn.Length > 0 ? FeedbackEn : FeedbackZh;
}

public sealed record QuestionDetails
{
    public QuestionKind Kind { get; init; }
    public string TextZh { get; init; } = "";
    public string TextEn { get; init; } = "";
    public IReadOnlyList<OptionDetails> Options { get; init; } = [];
}

public sealed record OptionDetails
{
    public string TextZh { get; init; } = "";
    public string TextEn { get; init; } = "";
    public bool IsCorrect { get; init; }
    public string? FeedbackZh { get; init; }
    public string? FeedbackEn { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(TextZh) && string.IsNullOrWhiteSpace(TextEn);
}
