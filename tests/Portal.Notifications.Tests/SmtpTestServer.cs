using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Portal.Notifications.Tests;

/// <summary>
/// A real SMTP server (Debian python3-aiosmtpd) on 127.0.0.1 writing every message to a maildir. Can be stopped
/// and started again on the same port; each start uses a fresh maildir (aiosmtpd wants a folder that does not exist).
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ntf-smtp-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _maildirs = [];
    private Process? _process;

    public SmtpTestServer()
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            throw new InvalidOperationException("These tests need Debian's python3-aiosmtpd: apt-get install -y python3-aiosmtpd");
        }

        Directory.CreateDirectory(_root);
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    /// <summary>While true, the server answers every MAIL FROM with "530 5.7.0 Authentication required" (a site-wide
    /// refusal, as a mail server does when its password was changed), without restarting.</summary>
    public bool RefuseSenders
    {
        get => File.Exists(RefuseFlag);
        set
        {
            if (value)
            {
                File.WriteAllText(RefuseFlag, "530");
            }
            else
            {
                File.Delete(RefuseFlag);
            }
        }
    }

    private string RefuseFlag => Path.Combine(_root, "refuse-senders");

    /// <summary>aiosmtpd's maildir handler plus the switchable refusal at MAIL FROM.</summary>
    private const string HandlerModule = """
        import os
        from aiosmtpd.handlers import Mailbox

        class Handler(Mailbox):
            def __init__(self, maildir, flag):
                super().__init__(maildir)
                self.flag = flag

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0], args[1])

            async def handle_MAIL(self, server, session, envelope, address, mail_options):
                if os.path.exists(self.flag):
                    return '530 5.7.0 Authentication required'
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return '250 OK'
        """;

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var maildir = Path.Combine(_root, "mail" + _maildirs.Count);
        _maildirs.Add(maildir);
        File.WriteAllText(Path.Combine(_root, "portal_smtp_handler.py"), HandlerModule);
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["PYTHONPATH"] = _root;
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "portal_smtp_handler.Handler", maildir, RefuseFlag })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("aiosmtpd exited at start-up with code " + _process.ExitCode);
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException("aiosmtpd did not listen within 15 s.");
    }

    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far, over all starts.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var messages = new List<MimeMessage>();
        foreach (var maildir in _maildirs)
        {
            foreach (var sub in new[] { "new", "cur" })
            {
                var folder = Path.Combine(maildir, sub);
                if (Directory.Exists(folder))
                {
                    messages.AddRange(Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)));
                }
            }
        }

        return messages;
    }

    /// <summary>Raw bytes of every message, to check the wire format.</summary>
    public IReadOnlyList<string> RawMessages() =>
        [.. _maildirs.SelectMany(m => new[] { Path.Combine(m, "new"), Path.Combine(m, "cur") })
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(File.ReadAllText)];

    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The messages that match, once at least one has arrived (or none at the timeout). Other modules of the
    /// demo site (e.g. mentoring reminders) may send mail at the same time; match on what the test is about.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages().Where(match).ToList();
            if (messages.Count > 0 || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
