using System.Text;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// Writes an admin kubeconfig like kcp's .kcp/admin.kubeconfig: clusters and contexts "root"
/// (/clusters/root) and "base" (the bare URL), current context "root", CA data and the admin token.
/// </summary>
public static class KubeconfigWriter
{
    public static string Render(string baseUrl, string caPem, string token)
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
                token: {token}
            contexts:
            - name: root
              context:
                cluster: root
                user: kcp-admin
            - name: base
              context:
                cluster: base
                user: kcp-admin
            current-context: root
            preferences: {"{}"}

            """;
    }

    public static async Task WriteAsync(string path, string baseUrl, string caPem, string token, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, Render(baseUrl, caPem, token), cancellationToken);
    }
}
