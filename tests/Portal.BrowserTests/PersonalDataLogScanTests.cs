using Microsoft.Extensions.Logging;

namespace Portal.BrowserTests;

/// <summary>The log scan the main flows end with finds what it is meant to find (and not a role or a nickname).</summary>
public sealed class PersonalDataLogScanTests
{
    [Fact]
    public void The_scan_finds_addresses_tokens_passwords_and_full_names_but_not_short_words()
    {
        using var scan = new PersonalDataLogScan();
        var log = scan.CreateLogger("Test");
        log.LogInformation("Reminder sent to {Name}", "陳大文");
        log.LogInformation("Signed in: {Name}", "Ada Tsang");
        log.LogInformation("Role {Role} given", "Administrator");
        log.LogInformation("Mail to {Address}", "ada@example.org");
        log.LogInformation("From noreply@portal.test");
        log.LogInformation("Token CfDJ8abc");
        log.LogInformation("Password {P}", "Secret-1");

        var findings = scan.Findings("Secret-1", ["陳大文", "Ada Tsang", "Administrator", "KY", "小雨"]);

        Assert.Equal(5, findings.Count);
        Assert.Contains(findings, f => f.StartsWith("a person's name 陳大文", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("a person's name Ada Tsang", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("e-mail address ada@example.org", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("a protected token", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("a password", StringComparison.Ordinal));
    }
}
