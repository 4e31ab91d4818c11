using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Durability.Processes;
using Broker.E2E.Tests;
using Broker.Testing;

namespace Broker.Durability.Tests.LocalKcp;

/// <summary>LocalKcp in its own process, killed with SIGKILL: what it acknowledged is there when it starts again.</summary>
[NonParallelizable]
public sealed class CrashRecoveryTests
{
    private string _directory = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [SetUp]
    public void NewDirectory() => _directory = Path.Combine(Path.GetTempPath(), "localkcp-crash-" + Guid.NewGuid().ToString("N")[..12]);

    [TearDown]
    public void RemoveDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task KillDuringBurst_EveryAcknowledgedWriteSurvives_AndRevisionsGoOn()
    {
        var port = FreePort.Next();
        var acknowledged = new ConcurrentDictionary<string, long>();
        using (var first = await LocalKcpProcess.StartAsync(_directory, port, Timeout))
        {
            using var client = first.CreateHttpClient("root");
            var killed = false;
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !Volatile.Read(ref killed); i++)
                {
                    var name = $"w{w}-{i}";
                    try
                    {
                        using var response = await client.PostAsync("api/v1/namespaces/default/configmaps", Json(ConfigMap(name)));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[name] = ResourceVersion(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();

            await Eventually.UntilAsync("300 creates acknowledged", () => acknowledged.Count >= 300);
            await first.KillAsync();
            Volatile.Write(ref killed, true);
            await Task.WhenAll(writers);
        }

        // Starting again on the same directory also proves the lock died with the process.
        using var second = await LocalKcpProcess.StartAsync(_directory, port, Timeout);
        using var again = second.CreateHttpClient("root");
        var list = JsonNode.Parse(await again.GetStringAsync(new Uri("api/v1/namespaces/default/configmaps", UriKind.Relative)))!;
        var stored = list["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => ResourceVersion(i!));
        var lost = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var rv) || rv != a.Value).Select(a => a.Key).ToList();
        lost.ShouldBeEmpty($"{lost.Count} of {acknowledged.Count} acknowledged creates lost or changed");

        using var next = await again.PostAsync("api/v1/namespaces/default/configmaps", Json(ConfigMap("after-crash")));
        next.StatusCode.ShouldBe(HttpStatusCode.Created);
        ResourceVersion(JsonNode.Parse(await next.Content.ReadAsStringAsync())!).ShouldBeGreaterThan(stored.Values.Max());
    }

    [Test]
    public async Task SecondProcessOnSameDirectory_ExitsOneWithOneLine()
    {
        using var first = await LocalKcpProcess.StartAsync(_directory, FreePort.Next(), Timeout);
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("local", "--control-plane-only", "--port", "0", "--dir", _directory);
        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("broker local: ");
        stderr.ShouldContain("is in use by another LocalKcp");
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
    }

    [Test]
    public async Task DamagedStore_ExitsOneWithOneLine()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "store"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "store", "root.db"), "not a database, nor a LocalKcp store");
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("local", "--control-plane-only", "--port", "0", "--dir", _directory);
        exitCode.ShouldBe(1);
        stderr.Trim().ShouldStartWith("broker local: ");
        stderr.ShouldContain("root.db");
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { ["payload"] = name },
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static long ResourceVersion(JsonNode value) =>
        long.Parse(value["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
