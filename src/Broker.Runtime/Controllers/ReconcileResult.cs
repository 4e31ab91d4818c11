namespace Broker.Runtime.Controllers;

/// <summary>The outcome of a successful pass. A failure is an exception; there is no third state.</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Nothing more to do until the key is added again.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Look again after <paramref name="delay"/>, e.g. to poll something that sends no events.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
