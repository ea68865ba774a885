using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.IntegrationTests.Infrastructure;

/// <summary>
/// The portal as it runs in production behind a reverse proxy: <c>dotnet Portal.dll</c> in the Production
/// environment on 127.0.0.1 (Kestrel, a throwaway data folder), with Debian's nginx in front of it on another free
/// port (temporary configuration, stopped afterwards). The test client plays the TLS-terminating load balancer in
/// front of nginx: it sends <c>X-Forwarded-Proto: https</c> and the client's address in <c>X-Forwarded-For</c>;
/// nginx appends its own view of the caller, so the portal trusts two hops from 127.0.0.1.
/// </summary>
public sealed class ProxiedPortal : IAsyncLifetime
{
    public const string PublicHost = "portal.test";

    private readonly string _root = Directory.CreateTempSubdirectory("portal-proxy-").FullName;
    private readonly StringBuilder _portalOutput = new();
    private Process? _portal;
    private Process? _nginx;

    public int PortalPort { get; } = FreePort();

    public int ProxyPort { get; } = FreePort();

    /// <summary>Sign-in attempts per minute per client address (low, so the test reaches the limit quickly).</summary>
    public int SignInPerMinute => 3;

    public string PortalOutput
    {
        get
        {
            lock (_portalOutput)
            {
                return _portalOutput.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: run the README's test command (it installs the Debian package 'nginx').");
        var dataDir = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        StartPortal(dataDir);
        await WaitUntilAnswersAsync($"http://127.0.0.1:{PortalPort}/health", () => $"The portal did not start:\n{PortalOutput}");

        var nginxDir = Directory.CreateDirectory(Path.Combine(_root, "nginx")).FullName;
        var conf = Path.Combine(nginxDir, "nginx.conf");
        await File.WriteAllTextAsync(conf, NginxConfig(nginxDir));
        var info = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", nginxDir, "-c", conf, "-e", Path.Combine(nginxDir, "error.log") })
        {
            info.ArgumentList.Add(arg);
        }

        _nginx = Process.Start(info)!;
        await WaitUntilAnswersAsync($"http://127.0.0.1:{ProxyPort}/health", () =>
            $"nginx did not start:\n{(File.Exists(Path.Combine(nginxDir, "error.log")) ? File.ReadAllText(Path.Combine(nginxDir, "error.log")) : "(no error log)")}");
    }

    public Task DisposeAsync()
    {
        Stop(_nginx);
        Stop(_portal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS.
        }

        return Task.CompletedTask;
    }

    /// <summary>A client of the proxy: cookies kept by hand (the portal's __Host- cookies are Secure, and the
    /// hop to nginx is plain http, as it is behind a load balancer), redirects not followed.</summary>
    public ProxyClient CreateClient(string clientAddress) => new(new Uri($"http://127.0.0.1:{ProxyPort}"), clientAddress);

    public HttpClient CreateDirectClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{PortalPort}") };

    private void StartPortal(string dataDir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalPort}";
        info.Environment["Portal__DataDir"] = dataDir;
        info.Environment["Portal__SetupRecipe"] = Path.Combine(AppContext.BaseDirectory, "recipes", "test.recipe.json");
        info.Environment["Portal__DemoPassword"] = PortalSite.Password;
        info.Environment["Portal__PublicBaseUrl"] = $"https://{PublicHost}";
        info.Environment["Portal__RequireStaffTwoFactor"] = "false";
        info.Environment["Portal__RateLimits__SignInPerMinute"] = SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Portal__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1";
        info.Environment["Portal__ForwardedHeaders__ForwardLimit"] = "2";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        _portal = Process.Start(info)!;
        _portal.OutputDataReceived += (_, e) => Append(e.Data);
        _portal.ErrorDataReceived += (_, e) => Append(e.Data);
        _portal.BeginOutputReadLine();
        _portal.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_portalOutput)
            {
                _portalOutput.AppendLine(line);
            }
        }
    }

    private string NginxConfig(string dir) => $$"""
        worker_processes 1;
        daemon off;
        master_process on;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        {{(Environment.UserName == "root" ? "user root;" : string.Empty)}}
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path {{dir}}/client_body;
            proxy_temp_path {{dir}}/proxy;
            fastcgi_temp_path {{dir}}/fastcgi;
            uwsgi_temp_path {{dir}}/uwsgi;
            scgi_temp_path {{dir}}/scgi;
            server {
                listen 127.0.0.1:{{ProxyPort}};
                server_name {{PublicHost}};
                location / {
                    proxy_pass http://127.0.0.1:{{PortalPort}};
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
                }
            }
        }
        """;

    private static async Task WaitUntilAnswersAsync(string url, Func<string> describeFailure)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first answer.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException(describeFailure());
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One browser behind the load balancer: its address, https as seen by the balancer, its cookies.</summary>
public sealed class ProxyClient(Uri proxy, string clientAddress) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = proxy };
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.Host = ProxiedPortal.PublicHost;
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", clientAddress);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        request.Dispose();
        return response;
    }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public void Dispose() => _http.Dispose();
}
