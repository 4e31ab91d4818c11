using System.Reactive.Subjects;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Http;

/// <summary>
/// Whether the kubeconfig's credential still works, as the latest request found it: a rotated token file, an exec plugin
/// or a certificate can start failing long after start-up. <see cref="Problem"/> is one line naming the kubeconfig, the
/// context and the cause (an exec plugin that fails, a token file that cannot be read, a 401) until a request is
/// answered with anything but 401; <see cref="Changes"/> tells each change, not each request.
/// </summary>
public sealed class CredentialHealth
{
    private readonly Subject<string?> _changes = new();
    private readonly Subject<string> _notices = new();
    private string? _problem;

    /// <summary>The new problem on each change, or null when the credential works again.</summary>
    public IObservable<string?> Changes => _changes;

    /// <summary>Things about the credential worth a warning that do not stop it working, one line each: renewed OIDC tokens
    /// that could not be written back into the kubeconfig.</summary>
    public IObservable<string> Notices => _notices;

    /// <summary>Null while the credential works (or no request was made yet).</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>The one line for a server's 401: the credential was sent and refused.</summary>
    public static string Rejected(KcpConnection connection) =>
        $"{connection.Source}: {connection.Server} rejected the credentials (401 Unauthorized: expired or unknown token or certificate)";

    internal void Failed(string problem)
    {
        if (!string.Equals(Interlocked.Exchange(ref _problem, problem), problem, StringComparison.Ordinal))
        {
            _changes.OnNext(problem);
        }
    }

    internal void Notice(string notice) => _notices.OnNext(notice);

    internal void Succeeded()
    {
        if (Volatile.Read(ref _problem) is not null && Interlocked.Exchange(ref _problem, null) is not null)
        {
            _changes.OnNext(null);
        }
    }
}
