using System.Text;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// Writes an admin kubeconfig like kcp's .kcp/admin.kubeconfig: contexts "root" (/clusters/root, current) and
/// "base" (the bare URL) as kcp-admin, and "shard-base" (the bare URL) as shard-admin (system:masters), with CA data.
/// kcp's "system:admin" context is left out: LocalKcp keeps the bootstrap policy in memory, not in a system:admin cluster.
/// </summary>
public static class KubeconfigWriter
{
    public static string Render(string baseUrl, string caPem, string kcpAdminToken, string shardAdminToken)
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var server = baseUrl.TrimEnd('/');
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: root
              cluster:
                server: {server}/clusters/root
                certificate-authority-data: {ca}
            - name: base
              cluster:
                server: {server}
                certificate-authority-data: {ca}
            users:
            - name: kcp-admin
              user:
                token: {kcpAdminToken}
            - name: shard-admin
              user:
                token: {shardAdminToken}
            contexts:
            - name: root
              context:
                cluster: root
                user: kcp-admin
            - name: base
              context:
                cluster: base
                user: kcp-admin
            - name: shard-base
              context:
                cluster: base
                user: shard-admin
            current-context: root
            preferences: {"{}"}

            """;
    }

    public static async Task WriteAsync(string path, string baseUrl, string caPem, string kcpAdminToken, string shardAdminToken, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Render(baseUrl, caPem, kcpAdminToken, shardAdminToken), cancellationToken);
    }
}
