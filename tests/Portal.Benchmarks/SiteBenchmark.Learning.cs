using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks;

/// <summary>
/// The academy's writes in the mixed load of <c>all</c> (issue 16): learners enrol in a course and answer its quiz,
/// through the real forms as a browser sends them. Enrolling is once per person and course (a second enrol changes
/// nothing), so that every enrolment is a real write all through the run the benchmark registers its own learners
/// through the registration form before the load (deterministic names, enough of them for the run's length), and
/// each takes every course in turn: open the course page, enrol; open the quiz, answer it (each attempt is saved, up to
/// <see cref="LearningWrites.AttemptsPerQuiz"/> per quiz, the demo's limit, or until passed); then the next course.
/// </summary>
public static partial class SiteBenchmark
{
    /// <summary>Registers and signs in the learners (in parallel, four at a time: each registration and sign-in hashes
    /// a password) and finds the catalogue's courses.</summary>
    private static async Task<LearningWrites> LearningWritesAsync(Uri portal, HttpClient client, TimeSpan mixedDuration)
    {
        var catalogue = await client.GetStringAsync("/academy");
        var courses = CourseLink().Matches(catalogue).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToArray();
        if (courses.Length == 0)
        {
            throw new InvalidOperationException("The demo site has no course in its catalogue.");
        }

        // One learner writer makes about 5–20 writes a second (each opens its page first), and a learner gives about
        // four writes per course (an enrolment, up to three quiz answers): two learners per second of load leave a
        // wide margin; should they still run out, the summary says so.
        var count = Math.Clamp((int)Math.Ceiling(mixedDuration.TotalSeconds * 2), 8, 200);
        var learners = new string[count];
        var registering = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, _) =>
        {
            var userName = LearnerName(n);
            await RegisterAsync(portal, userName, n);
            learners[n] = await SignInAsync(portal, userName);
        });
        Console.WriteLine($"learners for the mixed load: {count} registered and signed in through the forms in {registering.Elapsed.TotalSeconds:F1} s; {courses.Length} courses");
        return new LearningWrites(client, learners, courses);
    }

    private static string LearnerName(int n) => "bench-learner-" + (n + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>A new member through the real registration form (a third of them in English).</summary>
    private static async Task RegisterAsync(Uri portal, string userName, int n)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = portal };
        var page = await client.GetStringAsync("/account/register");
        var english = n % 3 == 2;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value,
            ["DisplayName"] = english ? $"Learner {n + 1}" : $"學員 {n + 1}",
            ["Email"] = userName + "@bench.portal.hk",
            ["UserName"] = userName,
            ["Password"] = Password,
            ["ConfirmPassword"] = Password,
            ["Culture"] = english ? "en" : "zh-HK",
        };
        var form = FormFields().Matches(page).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        if (fields.Keys.FirstOrDefault(name => !form.Contains(name)) is { } missing)
        {
            throw new InvalidOperationException($"The registration form has no field {missing}.");
        }

        using var response = await client.PostAsync("/account/register", new FormUrlEncodedContent(fields));
        // The same page whether or not the account was new (it never tells who is registered); signing in tells.
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Registering {userName} answered {(int)response.StatusCode}.");
        }
    }

    /// <summary>
    /// The learner writer (one worker of the mixed load): its next request, an enrolment or a quiz answer, after opening
    /// the page it is sent from (its token, the quiz's questions and options). Used by one worker at a time; the answers
    /// are checked by <see cref="Answered"/>.
    /// </summary>
    private sealed class LearningWrites(HttpClient client, IReadOnlyList<string> learners, IReadOnlyList<string> courses)
    {
        /// <summary>The demo quizzes allow three attempts (one allows any number); a learner stops there.</summary>
        public const int AttemptsPerQuiz = 3;

        private static readonly HttpRequestOptionsKey<string> Expected = new("portal-bench-expected");
        private const string QuizResult = "quiz";

        private readonly Dictionary<string, string[]> _quizzes = new(StringComparer.Ordinal);
        private int _pair;
        private bool _enrolled;
        private int _quiz;
        private int _attempts;
        private long _enrolments;
        private long _answers;
        private long _passed;

        public int Learners => learners.Count;

        public int Courses => courses.Count;

        public long Enrolments => Interlocked.Read(ref _enrolments);

        public long QuizAnswers => Interlocked.Read(ref _answers);

        public long Passed => Interlocked.Read(ref _passed);

        /// <summary>Every learner has taken every course: the writer only reads from then on.</summary>
        public bool RanOut => _pair >= learners.Count * courses.Count;

        public async ValueTask<HttpRequestMessage> NextAsync()
        {
            while (!RanOut)
            {
                var person = learners[_pair / courses.Count];
                var course = courses[_pair % courses.Count];
                if (!_enrolled)
                {
                    var enrol = FormPart(await PageAsync(course, person), course + "/enrol")
                        ?? throw new HttpRequestException($"GET {course}: no enrol form for a learner who is not enrolled");
                    _enrolled = true;
                    _quiz = 0;
                    _attempts = 0;
                    return Post(course + "/enrol", person, course + "/continue", [Token(enrol)]);
                }

                var quizzes = await QuizzesAsync(course, person);
                if (_quiz < quizzes.Length && _attempts < AttemptsPerQuiz)
                {
                    // The quiz's form while there are attempts left and it is not passed; otherwise the page says so.
                    var quiz = quizzes[_quiz];
                    if (FormPart(await PageAsync(quiz, person), quiz) is { } form)
                    {
                        _attempts++;
                        var random = new Random((_pair * 16) + (_quiz * 4) + _attempts);
                        return Post(quiz, person, QuizResult, [Token(form), .. Answers(form, random)]);
                    }
                }

                if (_quiz + 1 < quizzes.Length)
                {
                    _quiz++;
                    _attempts = 0;
                    continue;
                }

                _pair++;
                _enrolled = false;
            }

            // Should the run outlast the learners: a read of a learner's own page, so the worker goes on.
            var read = new HttpRequestMessage(HttpMethod.Get, "/academy/my");
            read.Headers.Add("Cookie", learners[^1]);
            return read;
        }

        /// <summary>Whether the answer is the one the write expects (null: not a learner's write). An enrolment
        /// answers with the redirect to where the course continues; a quiz answer with the page of its result.</summary>
        public bool? Answered(HttpResponseMessage response)
        {
            if (response.RequestMessage is not { } request || !request.Options.TryGetValue(Expected, out var expected))
            {
                return null;
            }

            if (expected != QuizResult)
            {
                var enrolled = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == expected;
                if (enrolled)
                {
                    Interlocked.Increment(ref _enrolments);
                }

                return enrolled;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            // The content is read already (HttpLoad asks for ResponseContentRead), so this does not wait.
            using var reader = new StreamReader(response.Content.ReadAsStream());
            var page = reader.ReadToEnd();
            var result = QuizOutcome().Match(page);
            if (!result.Success)
            {
                return false;
            }

            Interlocked.Increment(ref _answers);
            if (result.Groups[1].Value == "passed")
            {
                Interlocked.Increment(ref _passed);
            }

            return true;
        }

        /// <summary>The course's quizzes, from its page as an enrolled learner sees it (the links are for learners).</summary>
        private async Task<string[]> QuizzesAsync(string course, string person)
        {
            if (!_quizzes.TryGetValue(course, out var quizzes))
            {
                var page = await PageAsync(course, person);
                quizzes = QuizLink().Matches(page).Select(m => m.Groups[1].Value)
                    .Where(q => q.StartsWith(course + "/quizzes/", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
                _quizzes[course] = quizzes;
            }

            return quizzes;
        }

        private async Task<string> PageAsync(string path, string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"GET {path} as a learner → {(int)response.StatusCode}");
            }

            return await response.Content.ReadAsStringAsync();
        }

        private static HttpRequestMessage Post(string path, string cookie, string expected, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("Cookie", cookie);
            request.Options.Set(Expected, expected);
            return request;
        }

        /// <summary>The form posting to <paramref name="action"/> (from its action to its end), or null.</summary>
        private static string? FormPart(string page, string action)
        {
            var at = page.IndexOf("action=\"" + action + "\"", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var end = page.IndexOf("</form>", at, StringComparison.Ordinal);
            return end < 0 ? page[at..] : page[at..end];
        }

        private static KeyValuePair<string, string> Token(string form) =>
            new("__RequestVerificationToken", TokenPattern().Match(form).Groups[1].Value);

        /// <summary>An answer to every question, as a person might choose: one option of a single choice, one or more
        /// of a multiple choice (from a seeded random, so a run is repeatable; some attempts pass, most do not).</summary>
        private static List<KeyValuePair<string, string>> Answers(string form, Random random)
        {
            var answers = new List<KeyValuePair<string, string>>();
            foreach (var question in QuizOption().Matches(form).GroupBy(m => m.Groups["name"].Value, StringComparer.Ordinal))
            {
                var options = question.Select(m => m.Groups["value"].Value).ToList();
                if (question.First().Groups["type"].Value == "radio")
                {
                    answers.Add(new(question.Key, options[random.Next(options.Count)]));
                    continue;
                }

                var chosen = options.Where(_ => random.Next(2) == 0).ToList();
                foreach (var value in chosen.Count > 0 ? chosen : [options[random.Next(options.Count)]])
                {
                    answers.Add(new(question.Key, value));
                }
            }

            if (answers.Count == 0)
            {
                throw new HttpRequestException("The quiz form has no questions.");
            }

            return answers;
        }
    }

    [GeneratedRegex("href=\"(/academy/courses/[a-z0-9-]+/quizzes/[0-9]+)\"")]
    private static partial Regex QuizLink();

    [GeneratedRegex("<input type=\"(?<type>radio|checkbox)\"[^>]*name=\"(?<name>q[0-9]+)\"[^>]*value=\"(?<value>[0-9]+)\"")]
    private static partial Regex QuizOption();

    [GeneratedRegex("class=\"academy-result (passed|failed)\"")]
    private static partial Regex QuizOutcome();
}
