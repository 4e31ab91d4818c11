using Broker.Controllers;
using Broker.Demo;
using Broker.Hosting;
using Broker.Hosting.Logging;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Storage;
using Microsoft.Extensions.Logging;

namespace Broker.Cli.Local;

/// <summary>
/// Runs LocalKcp and, unless <c>--control-plane-only</c>, the broker against it (with <c>--demo</c> also the
/// kcp-certs example: providers, issuers, a consumer). Ctrl-C or SIGTERM shuts down cleanly (exit code 0).
/// </summary>
internal static class LocalRunner
{
    public static async Task<int> RunAsync(LocalKcpOptions options, LocalMode mode, LocalBrokerSettings broker, CancellationToken cancellationToken)
    {
        await using var server = new LocalKcpServer(options);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (StoredStateException e)
        {
            await Console.Error.WriteLineAsync($"broker local: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"broker local: cannot start LocalKcp on 127.0.0.1:{options.Port}: {e.Message}");
            return 1;
        }

        Console.WriteLine($"LocalKcp is serving at {server.Url} ({options.Shards} shard{(options.Shards == 1 ? "" : "s")}, {(options.Ephemeral ? "in memory only" : $"state in {Path.GetFullPath(Path.Combine(options.DataDirectory, "store"))}")})");
        Console.WriteLine($"  root workspace: {server.Url}clusters/root");
        Console.WriteLine($"  kubeconfig:     {Path.GetFullPath(server.KubeconfigPath)}");
        try
        {
            if (mode == LocalMode.ControlPlaneOnly)
            {
                Console.WriteLine($"  try:            KUBECONFIG={server.KubeconfigPath} kubectl get namespaces");
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            else
            {
                await RunBrokerAsync(server, mode, broker, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine("Shutting down.");
        }
        catch (EndpointUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"broker local: {e.Message}");
            await server.StopAsync(CancellationToken.None);
            return 1;
        }

        await server.StopAsync(CancellationToken.None);
        return 0;
    }

    private static async Task RunBrokerAsync(LocalKcpServer server, LocalMode mode, LocalBrokerSettings broker, CancellationToken cancellationToken)
    {
        var (issueDelay, metricsAddress) = (broker.IssueDelay, broker.MetricsAddress);
        using var loggers = BrokerLogging.Create(broker.Logging);
        var connection = KubeconfigLoader.Load([server.KubeconfigPath]);
        using var client = new KcpClient(connection);
        var demo = new DemoOptions { Loggers = loggers, IssueDelay = issueDelay, IssuerDataDirectory = Path.Combine(server.DataDirectory, "issuers") };
        IAsyncDisposable? issuers = null;
        var identities = new Dictionary<string, KcpClient>(StringComparer.Ordinal);
        try
        {
            if (mode == LocalMode.Demo)
            {
                // Every party under its own identity (users.csv), holding only the RBAC the demo grants it.
                var tokens = DemoIdentities.All.ToDictionary(user => user, user => server.Tokens.AddUser(user, []), StringComparer.Ordinal);
                foreach (var (user, token) in tokens)
                {
                    // The broker's requests are limited as `broker run` limits them; the demo's other parties are not.
                    identities[user] = new KcpClient(
                        connection with { Credentials = connection.Credentials with { BearerToken = token } },
                        new KcpClientOptions { RateLimit = user == DemoIdentities.Broker ? broker.RateLimit : null });
                }

                var topology = await DemoEnvironment.SetUpAsync(client, demo, cancellationToken);
                await DemoKubeconfig.AddContextsAsync(server.KubeconfigPath, topology, tokens, cancellationToken);
                issuers = await DemoEnvironment.StartIssuersAsync(provider => identities[provider.Name], topology, demo, cancellationToken);
                Console.WriteLine(DemoInstructions.Render(server.KubeconfigPath));
            }
            else
            {
                await DemoEnvironment.SetUpPlatformAsync(client, demo, cancellationToken);
                Console.WriteLine("  broker:         running against root:platform (add --demo for providers, issuers and a consumer)");
            }

            if (BrokerRunner.Serves(metricsAddress))
            {
                Console.WriteLine($"  metrics:        http://{(metricsAddress.StartsWith(':') ? "127.0.0.1" + metricsAddress : metricsAddress)}/metrics");
            }

            var options = new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(DemoEnvironment.PlatformPath), ReconcileInterval = broker.ReconcileInterval };
            using var admin = identities.ContainsKey(DemoIdentities.Broker) ? null : new KcpClient(connection, new KcpClientOptions { RateLimit = broker.RateLimit });
            await BrokerRunner.RunAsync(identities.GetValueOrDefault(DemoIdentities.Broker) ?? admin!, options, metricsAddress, healthAddress: null, leaderElection: null, loggers, cancellationToken);
        }
        finally
        {
            if (issuers is not null)
            {
                await issuers.DisposeAsync();
            }

            foreach (var identity in identities.Values)
            {
                identity.Dispose();
            }
        }
    }
}
