using Broker.Kcp.Kubeconfig;
using YamlDotNet.RepresentationModel;

namespace Broker.Demo;

/// <summary>Adds a kubeconfig context per demo workspace (platform, internal-ca, external-ca, consumer) to an existing
/// admin kubeconfig, so <c>kubectl --context consumer get certificates</c> works. Each context reuses the source
/// context's CA and user (or, given tokens, the party's own user: <see cref="DemoIdentities.ForContext"/>), with the
/// server pointed at <c>/clusters/&lt;path&gt;</c>. Entries of the same name are replaced, everything else in the file is kept.</summary>
public static class DemoKubeconfig
{
    public static Task AddContextsAsync(string kubeconfigPath, DemoTopology topology, CancellationToken cancellationToken) =>
        AddContextsAsync(kubeconfigPath, topology.Contexts.Select(c => KeyValuePair.Create(c.Key, c.Value.Path)), "root", cancellationToken);

    /// <summary>Each context as its party's user, with the bearer token of <paramref name="userTokens"/> (user → token).</summary>
    public static Task AddContextsAsync(string kubeconfigPath, DemoTopology topology, IReadOnlyDictionary<string, string> userTokens, CancellationToken cancellationToken) =>
        AddContextsAsync(kubeconfigPath, topology.Contexts.Select(c => KeyValuePair.Create(c.Key, c.Value.Path)), "root", cancellationToken, userTokens);

    /// <param name="contexts">Context name → workspace path.</param>
    /// <param name="sourceContext">The context whose cluster (CA, server) and user are copied.</param>
    /// <param name="userTokens">User → bearer token: each context gets its party's user instead of the source context's.</param>
    public static async Task AddContextsAsync(
        string kubeconfigPath, IEnumerable<KeyValuePair<string, string>> contexts, string sourceContext, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? userTokens = null)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(await File.ReadAllTextAsync(kubeconfigPath, cancellationToken)))
        {
            stream.Load(reader);
        }

        var root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new KubeconfigException($"kubeconfig {kubeconfigPath}: not a YAML mapping");
        var source = Named(Sequence(root, "contexts"), sourceContext)?.Children[new YamlScalarNode("context")] as YamlMappingNode
            ?? throw new KubeconfigException($"kubeconfig {kubeconfigPath}: no context {sourceContext}");
        var clusterName = Scalar(source, "cluster", kubeconfigPath);
        var user = Scalar(source, "user", kubeconfigPath);
        var cluster = Named(Sequence(root, "clusters"), clusterName)?.Children[new YamlScalarNode("cluster")] as YamlMappingNode
            ?? throw new KubeconfigException($"kubeconfig {kubeconfigPath}: no cluster {clusterName}");
        var (server, _) = KcpConnection.SplitServer(new Uri(Scalar(cluster, "server", kubeconfigPath)));

        foreach (var (name, path) in contexts)
        {
            var entry = new YamlMappingNode();
            foreach (var (key, value) in cluster.Children)
            {
                entry.Add(key, key is YamlScalarNode { Value: "server" } ? new YamlScalarNode(new Uri(server, $"clusters/{path}").ToString()) : value);
            }

            Upsert(Sequence(root, "clusters"), name, "cluster", entry);
            var contextUser = user;
            if (userTokens is not null && userTokens.TryGetValue(DemoIdentities.ForContext(name), out var token))
            {
                contextUser = DemoIdentities.ForContext(name);
                Upsert(Sequence(root, "users"), contextUser, "user", new YamlMappingNode { { "token", token } });
            }

            Upsert(Sequence(root, "contexts"), name, "context", new YamlMappingNode { { "cluster", name }, { "user", contextUser } });
        }

        await using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        await File.WriteAllTextAsync(kubeconfigPath, writer.ToString(), cancellationToken);
    }

    private static YamlSequenceNode Sequence(YamlMappingNode root, string key)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        sequence = [];
        root.Children[new YamlScalarNode(key)] = sequence;
        return sequence;
    }

    private static YamlMappingNode? Named(YamlSequenceNode entries, string name) =>
        entries.Children.OfType<YamlMappingNode>().FirstOrDefault(e =>
            e.Children.TryGetValue(new YamlScalarNode("name"), out var value) && value is YamlScalarNode { Value: var v } && v == name);

    private static void Upsert(YamlSequenceNode entries, string name, string bodyKey, YamlMappingNode body)
    {
        var entry = new YamlMappingNode { { "name", name }, { bodyKey, body } };
        var existing = Named(entries, name);
        if (existing is null)
        {
            entries.Add(entry);
        }
        else
        {
            entries.Children[entries.Children.IndexOf(existing)] = entry;
        }
    }

    private static string Scalar(YamlMappingNode mapping, string key, string file) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw new KubeconfigException($"kubeconfig {file}: missing {key}");
}
