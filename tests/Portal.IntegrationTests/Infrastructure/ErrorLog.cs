using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>
/// The errors a test site logged, kept so that a failed assertion on a 500 can say what went wrong on the server
/// (the test host's console is not shown by the test runner).
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every site's errors, newest last, for helpers that only hold a client.</summary>
    public static ErrorLog All { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>The last few errors, one per paragraph.</summary>
    public string Recent(int count = 5) => string.Join("\n\n", _entries.TakeLast(count));

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > 200 && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = $"[{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}] {formatter(state, exception)}\n{exception}";
            log.Add(entry);
            if (!ReferenceEquals(log, All))
            {
                All.Add(entry);
            }
        }
    }
}
