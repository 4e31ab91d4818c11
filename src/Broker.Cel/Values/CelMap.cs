using System.Collections;

namespace Broker.Cel.Values;

/// <summary>A CEL map. Keys are <c>int</c>, <c>uint</c>, <c>bool</c> or <c>string</c>; numeric
/// keys are found by value across the three numeric types, as the specification requires.</summary>
public abstract class CelMap : IEnumerable<KeyValuePair<object, object?>>
{
    public abstract int Count { get; }

    public abstract IEnumerable<object> Keys { get; }

    public abstract bool TryGetValue(object key, out object? value);

    public virtual bool ContainsKey(object key) => TryGetValue(key, out _);

    public IEnumerator<KeyValuePair<object, object?>> GetEnumerator()
    {
        foreach (var key in Keys)
        {
            TryGetValue(key, out var value);
            yield return new KeyValuePair<object, object?>(key, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(object? obj) => obj is CelMap other && CelEquality.AreEqual(this, other);

    public override int GetHashCode() => CelEquality.HashOf(this);

    public override string ToString() => CelFormatter.Format(this);
}
