using System.Text;

namespace Broker.Testing.Kubeconfigs;

/// <summary>Writes a kubeconfig as a kcp user has one: context <c>kcp</c>, its cluster trusting <paramref name="caPem"/>, and
/// user <c>oidc</c> whose entry is <paramref name="user"/> (a YAML flow mapping's content, e.g. <c>token: abc</c>).</summary>
public static class UserKubeconfig
{
    public static string Write(string path, string server, string caPem, string user)
    {
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            current-context: kcp
            clusters:
            - name: kcp
              cluster:
                server: {{server}}
                certificate-authority-data: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}}
            users:
            - name: oidc
              user: {{{user}}}
            contexts:
            - name: kcp
              context: {cluster: kcp, user: oidc}
            """);
        return path;
    }
}
