using Portal.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = PortalCommandLine.WebArguments(args),
    EnvironmentName = PortalCommandLine.LaunchEnvironment(args),
});
builder.AddPortal();

var app = builder.Build();
app.UsePortal();

return await app.RunPortalAsync(args);
