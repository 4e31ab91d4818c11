using System.ComponentModel;
using System.Text.Json;
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
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _running = new(1, 1);
    private (ExecCredential Credential, DateTimeOffset? Expires)? _current;

    /// <summary>How many times the plugin ran (for tests and diagnostics).</summary>
    public int Runs { get; private set; }

    /// <summary>The certificate of the credential last handed out, for TLS handshakes (which cannot wait for a plugin):
    /// the handler asks for the credential before each request, so a new connection finds it here.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate => _current?.Credential.Certificate;

    /// <summary>The cached credential while it is valid, else a fresh one. <paramref name="rejected"/> is the credential the
    /// server just refused: it is not handed out again.</summary>
    public async Task<ExecCredential> GetAsync(ExecCredential? rejected, CancellationToken cancellationToken)
    {
        if (Usable(rejected) is { } credential)
        {
            return credential;
        }

        await _running.WaitAsync(cancellationToken);
        try
        {
            if (Usable(rejected) is { } fresh)
            {
                return fresh; // another caller ran the plugin meanwhile
            }

            var status = (await RunAsync(cancellationToken)).Status;
            var certificate = ReadCertificate(status?.ClientCertificateData, status?.ClientKeyData);
            if (string.IsNullOrEmpty(status?.Token) && certificate is null)
            {
                throw Failure("printed neither status.token nor status.clientCertificateData with clientKeyData");
            }

            var issued = new ExecCredential(string.IsNullOrEmpty(status!.Token) ? null : status.Token, certificate);
            _current = (issued, status.ExpirationTimestamp is { } expires ? new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) : null);
            return issued;
        }
        finally
        {
            _running.Release();
        }
    }

    private ExecCredential? Usable(ExecCredential? rejected) =>
        _current is var (credential, expires) && !ReferenceEquals(credential, rejected) && (expires is null || time.GetUtcNow() < expires.Value - Skew) ? credential : null;

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
            var said = OneLine(stderr);
            throw Failure($"exited with code {process.ExitCode}{(said.Length > 0 ? ": " + said : "")}");
        }

        try
        {
            return KubernetesJson.Deserialize<ExecCredentialResponse>(stdout);
        }
        catch (JsonException e)
        {
            throw Failure($"printed no ExecCredential JSON ({OneLine(e.Message.Split(". ")[0])})");
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private KubeconfigException Failure(string cause) => new($"{plugin.Where}: exec plugin '{plugin.Execution.Command}': {cause}");
}
