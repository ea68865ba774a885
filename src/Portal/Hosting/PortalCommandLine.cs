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

    /// <summary>The launch profile's default environment (<c>PORTAL_LAUNCH_ENVIRONMENT</c>, Development for
    /// <c>dotnet run</c>), used only when the operator set none: a launch profile's own variables would override
    /// <c>ASPNETCORE_ENVIRONMENT</c> from the shell, and <c>DOTNET_ENVIRONMENT</c> beats it in a web host.</summary>
    public static string? LaunchEnvironment(string[] args) => LaunchEnvironment(args, Environment.GetEnvironmentVariable);

    /// <summary>The same, reading the variables through <paramref name="variable"/> (tests pass their own).</summary>
    internal static string? LaunchEnvironment(string[] args, Func<string, string?> variable)
    {
        var launchDefault = variable("PORTAL_LAUNCH_ENVIRONMENT");
        var chosen = !string.IsNullOrWhiteSpace(variable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrWhiteSpace(variable("DOTNET_ENVIRONMENT"))
            || args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase));
        return chosen || string.IsNullOrWhiteSpace(launchDefault) ? null : launchDefault;
    }
}
