namespace Broker.Cel.Values;

/// <summary>A CEL <c>bytes</c> value: an immutable byte sequence compared by content.</summary>
public sealed class CelBytes : IEquatable<CelBytes>
{
    private readonly byte[] _bytes;

    public CelBytes(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private CelBytes(byte[] owned) => _bytes = owned;

    public static CelBytes Empty { get; } = new([]);

    public ReadOnlySpan<byte> Span => _bytes;

    public int Length => _bytes.Length;

    internal static CelBytes Own(byte[] bytes) => new(bytes);

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public bool Equals(CelBytes? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as CelBytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    internal int CompareWith(CelBytes? other) => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    public override string ToString() => Convert.ToBase64String(_bytes);
}
