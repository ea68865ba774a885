using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Portal.Notifications.Models;

namespace Portal.Notifications.Services;

/// <summary>An open connection to the SMTP server for one batch.</summary>
internal interface IMailConnection : IAsyncDisposable
{
    bool IsConnected { get; }

    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Opens SMTP connections (MailKit).</summary>
internal interface IMailTransport
{
    Task<IMailConnection> ConnectAsync(SmtpSettings settings, CancellationToken cancellationToken);
}

internal sealed class MailKitTransport : IMailTransport
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<IMailConnection> ConnectAsync(SmtpSettings settings, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            var options = settings.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(settings.Host, settings.Port, options, cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
            }

            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public bool IsConnected => client.IsConnected;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // The server went away; nothing left to close politely.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
