using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Broker.Kcp.Kubeconfig;

/// <summary>Reads kubeconfig files the way kubectl merges them: for each cluster, user and context name and for
/// <c>current-context</c>, the first file that defines it wins.</summary>
public static class KubeconfigLoader
{
    public const string EnvironmentVariable = "KUBECONFIG";

    /// <summary>
    /// Loads <paramref name="explicitPath"/> if given, else the files in <c>KUBECONFIG</c>, else the in-cluster configuration
    /// when running in a pod (<see cref="InClusterConfig"/>, from <paramref name="serviceAccountDirectory"/>), else
    /// <c>~/.kube/config</c>: controller-runtime's order. <paramref name="environment"/> defaults to the process's variables.
    /// </summary>
    public static KcpConnection LoadDefault(
        string? explicitPath = null, string? context = null, Func<string, string?>? environment = null, string serviceAccountDirectory = InClusterConfig.DefaultDirectory)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Load([explicitPath], context);
        }

        environment ??= Environment.GetEnvironmentVariable;
        var variable = environment(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(variable) && InClusterConfig.IsAvailable(environment, serviceAccountDirectory))
        {
            return InClusterConfig.Load(environment, serviceAccountDirectory);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Load(SearchPaths(variable, home), context, skipMissing: !string.IsNullOrEmpty(variable));
    }

    /// <summary>The files named by a <c>KUBECONFIG</c> value, or the default file when it is empty.</summary>
    public static IReadOnlyList<string> SearchPaths(string? kubeconfigVariable, string home) =>
        string.IsNullOrWhiteSpace(kubeconfigVariable)
            ? [Path.Combine(home, ".kube", "config")]
            : kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Merges <paramref name="files"/> and resolves <paramref name="context"/> (or the current context).
    /// Missing files are an error unless <paramref name="skipMissing"/>, as kubectl does for <c>KUBECONFIG</c> lists.</summary>
    public static KcpConnection Load(IReadOnlyList<string> files, string? context = null, bool skipMissing = false)
    {
        var merged = new MergedKubeconfig();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                if (skipMissing)
                {
                    continue;
                }

                throw new KubeconfigException($"kubeconfig {file}: file not found");
            }

            merged.Add(Parse(file), file);
        }

        if (merged.Files.Count == 0)
        {
            throw new KubeconfigException($"kubeconfig: none of the files exist: {string.Join(", ", files)}");
        }

        return KubeconfigResolver.Resolve(merged, context);
    }

    private static KubeconfigDocument Parse(string file)
    {
        var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
        try
        {
            return deserializer.Deserialize<KubeconfigDocument?>(File.ReadAllText(file)) ?? new KubeconfigDocument();
        }
        catch (YamlException ex)
        {
            throw new KubeconfigException($"kubeconfig {file}: not valid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a PEM bundle to fail early, with the file and entry in the message, instead of at the first request.</summary>
    internal static void ValidateCertificates(string source, string? caPem, string? certPem, string? keyPem)
    {
        try
        {
            if (caPem is not null)
            {
                var bundle = new X509Certificate2Collection();
                bundle.ImportFromPem(caPem);
                if (bundle.Count == 0)
                {
                    throw new KubeconfigException($"{source}: certificate authority holds no PEM certificate");
                }
            }

            if (certPem is not null && keyPem is not null)
            {
                using var _ = X509Certificate2.CreateFromPem(certPem, keyPem);
            }
        }
        catch (CryptographicException ex)
        {
            throw new KubeconfigException($"{source}: unreadable certificate or key: {ex.Message}", ex);
        }
    }
}
