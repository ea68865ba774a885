using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;
using Portal.Content;
using Microsoft.Extensions.DependencyInjection;
using Portal.Notifications.Services;
using Portal.People;
using Microsoft.Extensions.Time.Testing;

namespace Portal.Notifications.Tests;

/// <summary>Configured as the host's renderer (src/Portal/Content/MarkdownRenderer.cs): Markdig + HtmlSanitizer.</summary>
internal sealed class TestMarkdownRenderer : IMarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private readonly HtmlSanitizer _sanitizer;

    public TestMarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedSchemes.Add("tel");
    }

    public string ToSafeHtml(string? markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));

    public string ToPlainText(string? markdown) => Markdown.ToPlainText(markdown ?? "", Pipeline);
}

internal sealed class FakePersonDirectory : IPersonDirectory
{
    private readonly ConcurrentDictionary<string, PersonInfo> _people = new();

    public PersonInfo Add(string userId, string displayName, string? email, string culture, bool confirmed = true)
    {
        var person = new PersonInfo(userId, userId, displayName, email, confirmed, culture, ["Member"]);
        _people[userId] = person;
        return person;
    }

    public Task<PersonInfo?> FindAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_people.GetValueOrDefault(userId));

    public Task<PersonInfo?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_people.Values.FirstOrDefault(p => p.UserName == userName));

    public Task<IReadOnlyList<PersonInfo>> FindManyAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>([.. userIds.Select(id => _people.GetValueOrDefault(id)).OfType<PersonInfo>()]);

    public Task<IReadOnlyList<PersonInfo>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PersonInfo>>([.. _people.Values.Where(p => p.Roles.Contains(role))]);
}

/// <summary>A module with one ordinary (non-essential) kind, as other modules declare theirs.</summary>
internal sealed class ForumKinds : INotificationKindProvider
{
    public const string Reply = "test-forum.reply";
    public const string Mention = "test-forum.mention";

    public IEnumerable<NotificationKind> GetKinds() =>
    [
        new(Reply, "Forum", false, DeliveryPreference.Immediately,
        [
            new("zh-HK", "{{author}} 回覆了你的帖子「{{topic}}」", "{{author}} 寫道：\n\n> {{excerpt}}\n\n[閱讀回覆]({{link}})"),
            new("en", "{{author}} replied to “{{topic}}”", "{{author}} wrote:\n\n> {{excerpt}}\n\n[Read the reply]({{link}})"),
        ]) { DisplayNameZh = "帖子的新回覆", DisplayNameEn = "Replies to your posts" },
        new(Mention, "Forum", false, DeliveryPreference.DailyDigest,
        [
            new("zh-HK", "{{author}} 在帖子中提及你", "{{author}} 提及你。"),
            new("en", "{{author}} mentioned you", "{{author}} mentioned you."),
        ]),
    ];
}

/// <summary>The host's trigger, as the module sees it: wakes <see cref="OutboxLoop"/> when something is published.</summary>
internal sealed class TestTaskTrigger : Portal.BackgroundTasks.IBackgroundTaskTrigger, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public List<string> Triggered { get; } = [];

    public void Trigger(string taskName)
    {
        lock (Triggered)
        {
            Triggered.Add(taskName);
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>Stands in for the host's runner in these tests: runs the outbox task in a fresh scope every poll
/// interval or at once when triggered.</summary>
internal sealed class OutboxLoop(IServiceScopeFactory scopes, TestTaskTrigger trigger, Microsoft.Extensions.Options.IOptions<NotificationsOptions> options)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    try
                    {
                        await scope.ServiceProvider.GetRequiredService<OutboxTask>().RunAsync(stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // As the runner does: the next turn tries again.
                    }
                }

                await trigger.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
