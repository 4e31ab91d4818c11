using YamlDotNet.RepresentationModel;

namespace Broker.Kcp.Kubeconfig;

/// <summary>Writes renewed OIDC tokens into the user's <c>auth-provider.config</c> in the kubeconfig file it came from, as
/// kubectl does, so the next start (and kubectl) begins with them. The file is replaced whole (written beside it, then
/// moved), so a reader never sees half of it.</summary>
internal static class KubeconfigTokenWriter
{
    public static void Write(string file, string userName, IReadOnlyDictionary<string, string> values)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file))
        {
            yaml.Load(reader);
        }

        var config = Config(yaml, userName)
            ?? throw new InvalidDataException($"{file} has no user '{userName}' with an auth-provider any more");
        foreach (var (key, value) in values)
        {
            config.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
        }

        var temporary = $"{file}.{Environment.ProcessId}.tmp";
        using (var writer = File.CreateText(temporary))
        {
            yaml.Save(writer, assignAnchors: false);
        }

        File.Move(temporary, file, overwrite: true);
    }

    private static YamlMappingNode? Config(YamlStream yaml, string userName)
    {
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("users"), out var users) || users is not YamlSequenceNode list)
        {
            return null;
        }

        var user = list.Children.OfType<YamlMappingNode>()
            .FirstOrDefault(u => u.Children.TryGetValue(new YamlScalarNode("name"), out var name) && (name as YamlScalarNode)?.Value == userName);
        if (user is null || !user.Children.TryGetValue(new YamlScalarNode("user"), out var entry) || entry is not YamlMappingNode entryMap
            || !entryMap.Children.TryGetValue(new YamlScalarNode("auth-provider"), out var provider) || provider is not YamlMappingNode providerMap)
        {
            return null;
        }

        if (!providerMap.Children.TryGetValue(new YamlScalarNode("config"), out var config) || config is not YamlMappingNode configMap)
        {
            configMap = new YamlMappingNode();
            providerMap.Children[new YamlScalarNode("config")] = configMap;
        }

        return configMap;
    }
}
