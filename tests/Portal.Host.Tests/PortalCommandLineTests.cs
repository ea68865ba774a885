using Portal.Hosting;

namespace Portal.Host.Tests;

/// <summary><c>dotnet run</c>'s launch profile sets only <c>PORTAL_LAUNCH_ENVIRONMENT</c>; it becomes the environment
/// only when the operator chose none, so <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> is production.</summary>
public sealed class PortalCommandLineTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_launch_profiles_default_applies_when_the_operator_chose_no_environment()
    {
        Assert.Equal("Development", PortalCommandLine.LaunchEnvironment([], Variables(("PORTAL_LAUNCH_ENVIRONMENT", "Development"))));
        Assert.Equal("Development", PortalCommandLine.LaunchEnvironment(["--urls=http://127.0.0.1:5000"], Variables(("PORTAL_LAUNCH_ENVIRONMENT", "Development"))));
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    [InlineData("DOTNET_ENVIRONMENT")]
    public void An_environment_set_by_the_operator_wins_over_the_launch_profile(string variable)
    {
        Assert.Null(PortalCommandLine.LaunchEnvironment([], Variables(("PORTAL_LAUNCH_ENVIRONMENT", "Development"), (variable, "Production"))));
    }

    [Theory]
    [InlineData("--environment=Production")]
    [InlineData("--environment")]
    [InlineData("--ENVIRONMENT=Staging")]
    public void An_environment_on_the_command_line_wins_over_the_launch_profile(string argument)
    {
        Assert.Null(PortalCommandLine.LaunchEnvironment([argument, "Production"], Variables(("PORTAL_LAUNCH_ENVIRONMENT", "Development"))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_launch_profile_nothing_is_chosen_here(string? launchDefault)
    {
        Assert.Null(PortalCommandLine.LaunchEnvironment([], name => name == "PORTAL_LAUNCH_ENVIRONMENT" ? launchDefault : null));
        Assert.Null(PortalCommandLine.LaunchEnvironment([], Variables(("ASPNETCORE_ENVIRONMENT", " "))));
    }

    [Fact]
    public void A_blank_operator_variable_counts_as_none()
    {
        Assert.Equal("Development", PortalCommandLine.LaunchEnvironment([], Variables(("PORTAL_LAUNCH_ENVIRONMENT", "Development"), ("ASPNETCORE_ENVIRONMENT", " "))));
    }
}
