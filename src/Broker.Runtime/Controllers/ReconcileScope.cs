using System.Collections;

namespace Broker.Runtime.Controllers;

/// <summary>
/// The logging scope of one reconcile pass: Controller, Key and a ReconcileId that ties the pass's log lines together.
/// One small object per pass; the key is boxed and the id made only when a provider reads the scope (the broker's own
/// formatters do not), where a dictionary and a Guid were built for every pass.
/// </summary>
internal sealed class ReconcileScope<TKey>(string controller, TKey key) : IReadOnlyList<KeyValuePair<string, object?>>
    where TKey : notnull
{
    private object? _id; // a boxed Guid, set once

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Controller", controller),
        1 => new("Key", key),
        2 => new("ReconcileId", Id),
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "a reconcile scope has three values"),
    };

    // Made on first read; of two readers at once, the first to store its id wins and both see that one.
    private object Id => Volatile.Read(ref _id) ?? Interlocked.CompareExchange(ref _id, Guid.NewGuid(), null) ?? _id!;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Controller:{controller} Key:{key} ReconcileId:{Id}";
}
