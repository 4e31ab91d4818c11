namespace Broker.Demo;

/// <summary>What <c>broker local --demo</c> prints once everything runs: the next commands to type (the same
/// walkthrough as examples/kcp-certs/README.md).</summary>
public static class DemoInstructions
{
    public static string Render(string kubeconfigPath) => $"""
        The kcp-certs demo is running. In another terminal:

          export KUBECONFIG={Path.GetFullPath(kubeconfigPath)}
          kubectl --context internal-ca get acceptapis
          kubectl --context consumer apply -f examples/kcp-certs/certificate.yaml
          kubectl --context consumer get certificate app -w
          kubectl --context consumer get secret app -o jsonpath='{"{"}.data.tls\.crt{"}"}' | base64 -d | openssl x509 -noout -subject -issuer
          kubectl --context consumer patch certificate app --type merge -p '{"{"}"spec":{"{"}"fqdn":"app.corp.com"{"}"}{"}"}'
          kubectl --context consumer delete certificate app
          kubectl --context consumer apply -f examples/kcp-certs/certificate-vendor.yaml

        Contexts: platform (root:platform), internal-ca, external-ca, vendor-ca (root:providers:*), consumer (root:consumer).
        Walkthrough: examples/kcp-certs/README.md. Stop with Ctrl-C.
        """;
}
