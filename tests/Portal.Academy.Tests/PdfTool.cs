using System.Diagnostics;

namespace Portal.Academy.Tests;

/// <summary>Runs poppler / zbar command-line tools (Debian poppler-utils, zbar-tools).</summary>
internal static class PdfTool
{
    public static bool Exists(string tool) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    public static string Run(string tool, params string[] args)
    {
        if (!Exists(tool))
        {
            throw new InvalidOperationException($"'{tool}' is missing: install the Debian packages poppler-utils and zbar-tools (apt-get install -y poppler-utils zbar-tools).");
        }

        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
