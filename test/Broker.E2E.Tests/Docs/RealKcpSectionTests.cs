using Broker.Cli;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.LocalKcp.Workspaces;
using Broker.Testing;
using Broker.Testing.Kcp;
using Broker.Testing.Tools;

namespace Broker.E2E.Tests.Docs;

/// <summary>
/// README.md's "Against a real kcp" section, replayed against LocalKcp: every command is either run (kubectl apply with the
/// real kubectl, at the workspace the section is in), done as the kcp plugin would do it (kubectl ws, kubectl create
/// workspace, kubectl kcp bind: their requests, through LocalKcp's API), or parsed (broker run). A command the test does
/// not know fails it, so the section cannot drift into something untested.
/// </summary>
[NonParallelizable]
public sealed class RealKcpSectionTests
{
    [Test]
    public async Task Readme_RealKcpSection_EveryCommandWorksAgainstLocalKcp()
    {
        await using var kcp = await LocalKcpFixture.StartAsync();
        var cache = Directory.CreateTempSubdirectory("readme-kcp-").FullName;
        var kubectl = new Kubectl(Kubectl.Find() ?? throw new InvalidOperationException("kubectl not found"), kcp.KubeconfigPath, cache);
        var workspaces = new Dictionary<string, LogicalClusterInfo>(StringComparer.Ordinal);
        var current = "root";
        var commands = Commands();
        commands.Count.ShouldBeGreaterThan(10);
        try
        {
            foreach (var command in commands)
            {
                var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                switch (words)
                {
                    case ["kcp", "start", ..] or ["export", ..]:
                        break; // LocalKcp plays kcp; its kubeconfig is the test's
                    case ["kubectl", "ws", var target]:
                        current = target.TrimStart(':');
                        break;
                    case ["kubectl", "create", "workspace", var workspace, "--enter"]:
                        current = $"{current}:{workspace}";
                        workspaces[current] = await kcp.Bootstrap.CreateWorkspaceAsync(current, CancellationToken.None);
                        break;
                    case ["kubectl", "apply", ..]:
                        await kubectl.OkAsync([.. words[1..], "--server", $"{kcp.BaseUrl}clusters/{current}"]);
                        break;
                    case ["kubectl", "kcp", "bind", "apiexport", var export, ..]:
                        var (path, name) = (export[..export.LastIndexOf(':')], export[(export.LastIndexOf(':') + 1)..]);
                        var claims = AcceptedClaims.Core([.. words.Where(w => w.EndsWith(".core", StringComparison.Ordinal)).Select(w => w[..^".core".Length])]);
                        await kcp.Bootstrap.BindAsync(workspaces[current], path, name, CancellationToken.None, acceptedClaims: claims);
                        break;
                    case ["broker", "run", ..]:
                        BrokerCommand.Create(new OptionFactory(_ => null)).Parse(words[1..]).Errors.ShouldBeEmpty(command);
                        current.ShouldBe("root:platform", "broker run must find the platform workspace in the kubeconfig");
                        break;
                    default:
                        Assert.Fail($"README.md's kcp section has a command this test does not replay: {command}");
                        break;
                }
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }

        // What the section built: the provider's AcceptAPI in place, the consumer bound with its claims.
        using var client = new KcpClient(KubeconfigLoader.Load([kcp.KubeconfigPath]));
        var acceptApis = await client.Cluster("root:providers:internal-ca").ListAllAsync(
            new GroupVersionResource("broker.platform-mesh.io", "v1alpha1", "acceptapis"), "default", null, CancellationToken.None);
        acceptApis.Items.Select(a => KubeObject.Name(a)).ShouldBe(["internal-certificates"]);
        var binding = await client.Cluster("root:consumer").GetAsync(new GroupVersionResource("apis.kcp.io", "v1alpha2", "apibindings", Namespaced: false), null, "certificates", CancellationToken.None);
        ((string?)binding["status"]!["phase"]).ShouldBe("Bound");
    }

    // The shell lines of the section's code blocks, comments and blank lines left out.
    private static List<string> Commands()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var start = readme.IndexOf("### Against a real kcp", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README.md has no '### Against a real kcp' section");
        var next = (string[])["\n## ", "\n### "];
        var end = next.Select(h => readme.IndexOf(h, start + 1, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(readme.Length).Min();
        var section = readme[start..end];
        var lines = new List<string>();
        var inCode = false;
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var text = line.Split(" #")[0].Trim();
            if (inCode && text.Length > 0 && !text.StartsWith('#'))
            {
                lines.Add(text);
            }
        }

        return lines;
    }
}
