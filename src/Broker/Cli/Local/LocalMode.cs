namespace Broker.Cli.Local;

/// <summary>What <c>broker local</c> runs next to LocalKcp.</summary>
internal enum LocalMode
{
    /// <summary>LocalKcp and the broker, with the platform workspace bootstrapped.</summary>
    Broker,

    /// <summary>Also the kcp-certs example: two providers with issuers and a consumer.</summary>
    Demo,

    /// <summary>LocalKcp alone.</summary>
    ControlPlaneOnly,
}
