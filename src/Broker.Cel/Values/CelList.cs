using System.Collections;

namespace Broker.Cel.Values;

/// <summary>A CEL list. Lists built by expressions hold an array; lists bound from JSON wrap the
/// <see cref="System.Text.Json.Nodes.JsonArray"/> and convert elements on access, never copying it.</summary>
public abstract class CelList : IReadOnlyList<object?>
{
    public abstract int Count { get; }

    public abstract object? this[int index] { get; }

    public IEnumerator<object?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(object? obj) => obj is CelList other && CelEquality.AreEqual(this, other);

    public override int GetHashCode() => CelEquality.HashOf(this);

    public override string ToString() => CelFormatter.Format(this);
}
