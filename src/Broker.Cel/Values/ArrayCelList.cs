namespace Broker.Cel.Values;

/// <summary>A list produced by an expression (literal, concatenation, macro result).</summary>
internal sealed class ArrayCelList(object?[] items) : CelList
{
    public static ArrayCelList Empty { get; } = new([]);

    public override int Count => items.Length;

    public override object? this[int index] => items[index];

    internal ReadOnlySpan<object?> AsSpan() => items;
}
