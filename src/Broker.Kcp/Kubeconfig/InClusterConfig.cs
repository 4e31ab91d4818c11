namespace Broker.Kcp.Kubeconfig;

/// <summary>
/// The in-cluster configuration a pod gets (client-go's <c>rest.InClusterConfig</c>): the API server at
/// <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, trusted by the mounted <c>ca.crt</c>, authenticated by
/// the mounted service-account <c>token</c>, sent as a token file so its hourly rotation is read, and the pod's
/// <c>namespace</c>. KubernetesClient's <c>InClusterConfig</c> reads the same files but from a process-wide static path, so
/// the directory is a parameter here (tests use their own) and the result feeds the broker's transport like a kubeconfig.
/// </summary>
public static class InClusterConfig
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string HostVariable = "KUBERNETES_SERVICE_HOST";
    public const string PortVariable = "KUBERNETES_SERVICE_PORT";

    /// <summary>True in a pod: both variables set and the service-account token mounted.</summary>
    public static bool IsAvailable(Func<string, string?> environment, string directory) =>
        !string.IsNullOrEmpty(environment(HostVariable)) && !string.IsNullOrEmpty(environment(PortVariable)) && File.Exists(Path.Combine(directory, "token"));

    /// <summary>The connection; a <see cref="KubeconfigException"/> naming the directory and the file when one is unusable.</summary>
    public static KcpConnection Load(Func<string, string?> environment, string directory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var source = $"in-cluster configuration {directory}";
        var host = environment(HostVariable);
        var port = environment(PortVariable);
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException($"{source}: {HostVariable} and {PortVariable} must both be set");
        }

        // An IPv6 service address comes bare, as client-go joins it with net.JoinHostPort.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        if (!Uri.TryCreate($"https://{authority}/", UriKind.Absolute, out var server))
        {
            throw new KubeconfigException($"{source}: {HostVariable}={host} {PortVariable}={port} is no server address");
        }

        var token = Path.Combine(directory, "token");
        var ca = Read(source, Path.Combine(directory, "ca.crt"));
        File.OpenHandle(token).Dispose(); // readable now: a missing or unreadable token fails here, not at the first request
        KubeconfigLoader.ValidateCertificates($"{source}: ca.crt", ca, null, null);
        var ns = Path.Combine(directory, "namespace");
        return new KcpConnection(server, null, new KcpCredentials { TokenFile = token, CertificateAuthorityPem = ca })
        {
            Namespace = File.Exists(ns) ? File.ReadAllText(ns).Trim() : null,
            Source = source,
        };
    }

    private static string Read(string source, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"{source}: {Path.GetFileName(file)}: {e.Message}", e);
        }
    }
}
