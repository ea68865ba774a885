namespace Portal.Hosting;

/// <summary>Splits <c>dotnet run -- recipe file.json</c> into a command and its arguments; the rest is configuration.</summary>
internal static class PortalCommandLine
{
    public static string[] WebArguments(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal) ? args[1..].Where(a => a.StartsWith('-') || a.Contains('=', StringComparison.Ordinal)).ToArray() : args;

    public static (string? Command, string[] Arguments) Parse(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)
            ? (args[0], args[1..].Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !a.Contains('=', StringComparison.Ordinal)).ToArray())
            : (null, []);
}
