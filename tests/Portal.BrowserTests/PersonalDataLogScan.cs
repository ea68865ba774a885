using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Portal.BrowserTests;

/// <summary>
/// Every log line a browser-test site writes (Information and above, as a production site logs), kept so that the
/// site can be checked for personal data when its tests are done: no e-mail address or full name of a person, no
/// antiforgery, confirmation or reset token, no password (issue 18: "no personal data in logs"). The site's own sender address
/// (<c>@portal.test</c>) is configuration, not a person's.
/// </summary>
internal sealed partial class PersonalDataLogScan : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>The log lines that carry personal data or secrets, each with what was found.</summary>
    public IReadOnlyList<string> Findings(string password, IReadOnlyCollection<string>? names = null)
    {
        // People's names: full names only (two or more Chinese characters, or a name with a space), so that a word
        // such as a role or a nickname does not count as a finding.
        var fullNames = (names ?? []).Select(n => n.Trim())
            .Where(n => n.Count(c => c >= '\u3400' && c <= '\u9FFF') >= 2 || (n.Contains(' ', StringComparison.Ordinal) && n.Length >= 5))
            .Distinct(StringComparer.Ordinal).ToList();
        var findings = new List<string>();
        foreach (var line in _lines)
        {
            foreach (Match match in Email().Matches(line))
            {
                if (!match.Value.EndsWith("@portal.test", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add($"e-mail address {match.Value}: {line}");
                }
            }

            if (line.Contains("CfDJ8", StringComparison.Ordinal))
            {
                findings.Add($"a protected token: {line}");
            }

            if (line.Contains(password, StringComparison.Ordinal))
            {
                findings.Add($"a password: {line}");
            }

            foreach (var name in fullNames.Where(n => line.Contains(n, StringComparison.Ordinal)))
            {
                findings.Add($"a person's name {name}: {line}");
            }
        }

        return findings;
    }

    public int Count => _lines.Count;

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")]
    private static partial Regex Email();

    private sealed class Logger(PersonalDataLogScan scan, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                scan._lines.Enqueue($"[{logLevel} {category}] {formatter(state, exception)} {exception}");
            }
        }
    }
}
