using Portal.Hosting;

var builder = WebApplication.CreateBuilder(PortalCommandLine.WebArguments(args));
builder.AddPortal();

var app = builder.Build();
app.UsePortal();

return await app.RunPortalAsync(args);
