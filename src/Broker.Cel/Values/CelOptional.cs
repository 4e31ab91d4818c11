namespace Broker.Cel.Values;

/// <summary>A CEL <c>optional</c>: either empty or holding one value.</summary>
public sealed class CelOptional : IEquatable<CelOptional>
{
    private CelOptional(bool hasValue, object? value)
    {
        HasValue = hasValue;
        Value = value;
    }

    public static CelOptional None { get; } = new(false, null);

    public bool HasValue { get; }

    public object? Value { get; }

    public static CelOptional Of(object? value) => new(true, value);

    public bool Equals(CelOptional? other) =>
        other is not null && HasValue == other.HasValue && (!HasValue || CelEquality.AreEqual(Value, other.Value) == true);

    public override bool Equals(object? obj) => Equals(obj as CelOptional);

    public override int GetHashCode() => HasValue ? CelEquality.HashOf(Value) : 0;

    public override string ToString() => HasValue ? $"optional({CelFormatter.Format(Value)})" : "optional.none()";
}
