namespace Broker.Kcp.Kubeconfig;

/// <summary>Entries from several files, each remembering the file it came from for error messages.</summary>
internal sealed class MergedKubeconfig
{
    public List<string> Files { get; } = [];

    public string? CurrentContext { get; private set; }

    public string? CurrentContextFile { get; private set; }

    public Dictionary<string, Sourced<KubeconfigDocument.ClusterEntry>> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Sourced<KubeconfigDocument.UserEntry>> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Sourced<KubeconfigDocument.ContextEntry>> Contexts { get; } = new(StringComparer.Ordinal);

    public void Add(KubeconfigDocument document, string file)
    {
        Files.Add(file);
        if (CurrentContext is null && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
            CurrentContextFile = file;
        }

        foreach (var c in document.Clusters ?? [])
        {
            AddFirst(Clusters, c.Name, c.Cluster, file);
        }

        foreach (var u in document.Users ?? [])
        {
            AddFirst(Users, u.Name, u.User, file);
        }

        foreach (var c in document.Contexts ?? [])
        {
            AddFirst(Contexts, c.Name, c.Context, file);
        }
    }

    private static void AddFirst<T>(Dictionary<string, Sourced<T>> map, string? name, T? entry, string file)
        where T : class
    {
        if (string.IsNullOrEmpty(name) || entry is null)
        {
            return;
        }

        map.TryAdd(name, new Sourced<T>(entry, file));
    }

    internal sealed record Sourced<T>(T Entry, string File);
}
