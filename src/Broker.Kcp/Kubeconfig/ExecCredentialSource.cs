using System.ComponentModel;
using System.Text.Json;
using Broker.Core.Api.Meta;
using k8s;
using k8s.KubeConfigModels;

namespace Broker.Kcp.Kubeconfig;

/// <summary>
/// The credential of an exec credential plugin (the client.authentication.k8s.io ExecCredential protocol, with KubernetesClient's
/// process setup and models): a token, a client certificate (<c>status.clientCertificateData</c> and
/// <c>clientKeyData</c>), or both. It is kept until its <c>expirationTimestamp</c> (a minute early, as client-go refreshes),
/// or until the server rejects it, and the plugin run once for all callers waiting meanwhile. A plugin that is missing,
/// fails or prints no valid credential is a <see cref="KubeconfigException"/> naming the user entry, the command and the cause.
/// </summary>
public sealed class ExecCredentialSource(ExecPlugin plugin, TimeProvider time)
{
    private readonly CredentialCache<ExecCredential> _credential = new(time, skew: TimeSpan.FromMinutes(1));

    /// <summary>How many times the plugin ran (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    /// <summary>The certificate of the credential last handed out, for TLS handshakes (which cannot wait for a plugin):
    /// the handler asks for the credential before each request, so a new connection finds it here.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate => _credential.Current?.Certificate;

    /// <summary>The cached credential while it is valid, else a fresh one. <paramref name="rejected"/> is the credential the
    /// server just refused: it is not handed out again.</summary>
    public Task<ExecCredential> GetAsync(ExecCredential? rejected, CancellationToken cancellationToken) =>
        _credential.GetAsync(rejected, IssueAsync, cancellationToken);

    private async Task<ExecCredential> IssueAsync(CancellationToken cancellationToken)
    {
        var status = (await RunAsync(cancellationToken)).Status;
        var certificate = ReadCertificate(status?.ClientCertificateData, status?.ClientKeyData);
        if (string.IsNullOrEmpty(status?.Token) && certificate is null)
        {
            throw Failure("printed neither status.token nor status.clientCertificateData with clientKeyData");
        }

        return new ExecCredential(
            string.IsNullOrEmpty(status!.Token) ? null : status.Token, certificate,
            MetaTime.ToOffset(status.ExpirationTimestamp));
    }

    // Both or neither, as client-go's exec authenticator demands; PEM as the kubeconfig's client-certificate-data would be.
    private System.Security.Cryptography.X509Certificates.X509Certificate2? ReadCertificate(string? certificatePem, string? keyPem)
    {
        if (string.IsNullOrEmpty(certificatePem) != string.IsNullOrEmpty(keyPem))
        {
            throw Failure("printed clientCertificateData without clientKeyData, or the other way round");
        }

        try
        {
            return string.IsNullOrEmpty(certificatePem) ? null : ClientCertificates.FromPem(certificatePem, keyPem!);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Failure($"printed an unreadable client certificate or key: {e.Message}");
        }
    }

    // KubernetesClient prepares the process (arguments, env, KUBERNETES_EXEC_INFO); running it here keeps it async and lets
    // the error say what went wrong: not found, its exit code and stderr, or the output that is no ExecCredential.
    private async Task<ExecCredentialResponse> RunAsync(CancellationToken cancellationToken)
    {
        Runs++;
        using var process = KubernetesClientConfiguration.CreateRunnableExternalProcess(plugin.Execution, static (_, _) => { });
        process.StartInfo.RedirectStandardError = true; // read here, for the message when it fails
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw Failure($"cannot be started: {e.Message}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(KubernetesClientConfiguration.ExecTimeout);
        string stdout;
        string stderr;
        try
        {
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            stderr = await error;
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw Failure($"did not finish within {KubernetesClientConfiguration.ExecTimeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0)
        {
            var said = OneLine.Of(stderr);
            throw Failure($"exited with code {process.ExitCode}{(said.Length > 0 ? ": " + said : "")}");
        }

        try
        {
            return KubernetesJson.Deserialize<ExecCredentialResponse>(stdout);
        }
        catch (JsonException e)
        {
            throw Failure($"printed no ExecCredential JSON ({OneLine.Of(e.Message.Split(". ")[0])})");
        }
    }


    private KubeconfigException Failure(string cause) => new($"{plugin.Where}: exec plugin '{plugin.Execution.Command}': {cause}");
}
