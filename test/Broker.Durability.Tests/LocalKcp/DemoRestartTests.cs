using System.Text.Json.Nodes;
using Broker.Durability.KillAnywhere;
using Broker.Durability.Processes;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Testing;

namespace Broker.Durability.Tests.LocalKcp;

/// <summary><c>broker local --demo</c> killed with SIGKILL and started again on its --dir: the user's objects are still there.</summary>
[NonParallelizable]
public sealed class DemoRestartTests
{
    [Test]
    public async Task DemoKilled_StartedAgainOnItsDirectory_KeepsTheCertificateAndItsSecret()
    {
        var directory = Path.Combine(Path.GetTempPath(), "demo-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var port = FreePort.Next();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            string uid, resourceVersion, secret;
            using (var first = await LocalKcpProcess.StartDemoAsync(directory, port, timeout.Token))
            {
                using var client = Client(directory);
                var consumer = client.Cluster("root:consumer");
                await consumer.CreateAsync(KillAnywhereEnvironment.Certificates, "default", KillAnywhereEnvironment.Certificate("kept", "kept.internal.corp"), timeout.Token);
                secret = await Eventually.GetAsync("the Secret of kept", () => SecretDataAsync(consumer, timeout.Token), TimeSpan.FromSeconds(60));
                var certificate = await consumer.GetAsync(KillAnywhereEnvironment.Certificates, "default", "kept", timeout.Token);
                (uid, resourceVersion) = ((string)certificate["metadata"]!["uid"]!, (string)certificate["metadata"]!["resourceVersion"]!);
                await first.KillAsync();
            }

            using var second = await LocalKcpProcess.StartDemoAsync(directory, port, timeout.Token);
            using var again = Client(directory);
            var restarted = again.Cluster("root:consumer");
            var kept = await restarted.GetAsync(KillAnywhereEnvironment.Certificates, "default", "kept", timeout.Token);
            ((string?)kept["metadata"]!["uid"]).ShouldBe(uid);
            long.Parse((string)kept["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBeGreaterThanOrEqualTo(long.Parse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture));
            (await SecretDataAsync(restarted, timeout.Token)).ShouldBe(secret);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static KcpClient Client(string directory) =>
        new(KubeconfigLoader.Load([Path.Combine(directory, "admin.kubeconfig")]), new KcpClientOptions { UserAgent = "durability-tests" });

    private static async Task<string?> SecretDataAsync(ClusterClient consumer, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await consumer.GetAsync(KillAnywhereEnvironment.Secrets, "default", "kept", cancellationToken);
            return (string?)(secret["data"] as JsonObject)?["tls.crt"];
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
