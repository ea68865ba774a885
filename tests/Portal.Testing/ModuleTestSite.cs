using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Data;

namespace Portal.Testing;

/// <summary>
/// A module's services on a fresh in-memory SQLite database per test (tests never share data): configuration from
/// the given settings, logging, localisation, authorisation, <c>HybridCache</c> and a one-node cluster signal, a
/// <see cref="FakeTimeProvider"/> as the clock and a <see cref="SqlQueryCounter"/> on every query. A module's test site derives from it, registers its doubles and
/// the module's services in <see cref="Build"/> (called from its constructor), and adds the module's own set-up
/// steps (e.g. "an approved mentor").
/// </summary>
/// <typeparam name="TContext">The module's DbContext: its tables are created when the site is built.</typeparam>
public abstract class ModuleTestSite<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private ServiceProvider? _services;

    protected ModuleTestSite(DateTimeOffset start, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        Clock = new FakeTimeProvider(start);
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        _connection.Open();
    }

    /// <summary>The site's clock (registered as <see cref="TimeProvider"/>); tests move it on.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The queries the module sent.</summary>
    public SqlQueryCounter Commands { get; } = new();

    /// <summary>The cluster signal of a site of one node (what <c>PersonCache</c>s and other caches listen to).</summary>
    public SingleNodeSignal Signal { get; } = new();

    /// <summary>Two requests of a double submit, the second run while the first is about to save.</summary>
    public SaveChangesRace Race { get; } = new();

    public IConfiguration Configuration { get; }

    public ServiceProvider Services => _services ?? throw new InvalidOperationException("The site is not built yet: call Build from its constructor.");

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers the shared services, then the module's (<paramref name="addModule"/>: its doubles and its
    /// <c>Add…Services</c>), builds the provider and creates the module's tables.</summary>
    protected void Build(Action<IServiceCollection> addModule)
    {
        ArgumentNullException.ThrowIfNull(addModule);
        if (_services is not null)
        {
            throw new InvalidOperationException("The site is built already.");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddAuthorizationCore();
        services.AddSingleton(Configuration);
        services.AddSingleton<IPortalDatabase>(new SqliteTestDatabase(_connection, Commands, Race));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddHybridCache();
        services.AddSingleton<Portal.Clustering.IClusterSignal>(Signal);
        addModule(services);
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreated();
    }
}
