using System.Diagnostics.Metrics;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Demo.Tests;

/// <summary>
/// The kcp-certs demo on an in-process LocalKcp with every party under its own identity (issue 17): a users.csv token
/// and a client per party, the issuers as their providers, and the broker as resource-broker, which can be stopped
/// and started again.
/// </summary>
internal sealed class PartiesDemo : IAsyncDisposable
{
    private readonly Meter _meter = new("Broker.Demo.Tests");
    private CancellationTokenSource? _stopBroker;
    private IAsyncDisposable? _issuers;

    private PartiesDemo(LocalKcpFixture kcp, KcpClient admin, DemoTopology topology, Dictionary<string, string> tokens, Dictionary<string, KcpClient> parties)
    {
        Kcp = kcp;
        Admin = admin;
        Topology = topology;
        Tokens = tokens;
        Parties = parties;
    }

    public LocalKcpFixture Kcp { get; }

    /// <summary>kcp-admin, who set the demo up.</summary>
    public KcpClient Admin { get; }

    public DemoTopology Topology { get; }

    /// <summary>User → bearer token, for every user of <see cref="DemoIdentities.All"/>.</summary>
    public Dictionary<string, string> Tokens { get; }

    public Dictionary<string, KcpClient> Parties { get; }

    public Task Broker { get; private set; } = Task.CompletedTask;

    /// <summary>The broker last started (its readiness: <see cref="BrokerService.Waiting"/>).</summary>
    public BrokerService? Service { get; private set; }

    public ClusterClient Consumer => Parties[DemoIdentities.Consumer].Cluster(Topology.Consumer.Path);

    public static async Task<PartiesDemo> StartAsync(TimeSpan issueDelay)
    {
        var kcp = await LocalKcpFixture.StartAsync(configure: o => o with { WorkspaceSchedulingDelay = TimeSpan.Zero });
        var connection = KubeconfigLoader.Load([kcp.KubeconfigPath]);
        var admin = new KcpClient(connection);
        var options = new DemoOptions { IssueDelay = issueDelay };
        var topology = await DemoEnvironment.SetUpAsync(admin, options, CancellationToken.None);
        var tokens = DemoIdentities.All.ToDictionary(user => user, user => kcp.Server.Tokens.AddUser(user, []), StringComparer.Ordinal);
        var parties = tokens.ToDictionary(t => t.Key, t => new KcpClient(connection with { Credentials = connection.Credentials with { BearerToken = t.Value } }), StringComparer.Ordinal);
        var demo = new PartiesDemo(kcp, admin, topology, tokens, parties);
        demo._issuers = await DemoEnvironment.StartIssuersAsync(provider => parties[provider.Name], topology, options, CancellationToken.None);
        return demo;
    }

    /// <summary>Runs the broker as resource-broker in the background (<see cref="Broker"/> ends when it stops or fails),
    /// reporting on <paramref name="meter"/> (default: one of the demo's own).</summary>
    public void StartBroker(Meter? meter = null)
    {
        _stopBroker = new CancellationTokenSource();
        var broker = Service = new BrokerService(
            Parties[DemoIdentities.Broker], new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(Topology.Platform.Path), BrokeredExports = ["certificates"] },
            TimeProvider.System, NullLoggerFactory.Instance, meter ?? _meter);
        var stop = _stopBroker.Token;
        Broker = Task.Run(() => broker.RunAsync(stop), CancellationToken.None);
    }

    public async Task StopBrokerAsync()
    {
        if (_stopBroker is null)
        {
            return;
        }

        await _stopBroker.CancelAsync();
        try
        {
            await Broker;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stopBroker.Dispose();
        _stopBroker = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopBrokerAsync();
        if (_issuers is not null)
        {
            await _issuers.DisposeAsync();
        }

        foreach (var party in Parties.Values)
        {
            party.Dispose();
        }

        Admin.Dispose();
        await Kcp.DisposeAsync();
        _meter.Dispose();
    }
}
