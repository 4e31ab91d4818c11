using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Demo;

/// <summary>How the kcp-certs demo is set up and run; each property states its default.</summary>
public sealed record DemoOptions
{
    /// <summary>The folder with the APIResourceSchemas and APIExports (the repository's <c>contrib/kcp</c>).
    /// Default null: the copies built into this assembly, so a published binary needs no checkout.</summary>
    public string? ManifestDirectory { get; init; }

    /// <summary>The folder of the example (the repository's <c>examples/kcp-certs</c>), holding
    /// <c>&lt;provider&gt;/acceptapi.yaml</c>. Default null: the built-in copies.</summary>
    public string? ExampleDirectory { get; init; }

    /// <summary>Simulated provisioning time of the example issuers. Default 2 s.</summary>
    public TimeSpan IssueDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where each issuer keeps its CA (<c>&lt;dir&gt;/&lt;provider&gt;</c>), so certificates survive a
    /// restart of the demo. Default null: a new CA per run.</summary>
    public string? IssuerDataDirectory { get; init; }

    /// <summary>How long to wait for a workspace to become Ready or a binding Bound. Default 60 s.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;
}
